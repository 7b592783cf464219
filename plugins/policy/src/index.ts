/**
 * Policy builder frontend: a service map of the catalog's calls coloured by
 * the policies, an editor with form and YAML views, the sandbox, impact and
 * dry run before apply, environment comparison, version history with roll
 * back, and an entity Policy tab with a service's inbound and outbound rules.
 *
 * @packageDocumentation
 */
export { policyPlugin, PolicyPage, EntityPolicyContent } from './plugin';
export { hasServicePolicy, isPolicyAvailable } from './isPolicyAvailable';
export * from './api';
