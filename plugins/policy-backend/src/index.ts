/**
 * Policy builder backend: service communication intents and JWT access rules
 * compiled to Istio AuthorizationPolicy, PeerAuthentication,
 * RequestAuthentication, Kubernetes NetworkPolicy and OPA Rego; sandbox,
 * validation, impact, versions, apply and rollback.
 *
 * @packageDocumentation
 */
export { policyPlugin as default } from './plugin';
