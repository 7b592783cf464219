/**
 * Plugin manager backend: npm registry discovery with facets, compatibility
 * and conflict checks, dynamic plugin install / upgrade / disable / rollback
 * in RHDH's formats, Deployment restarts with automatic rollback, health.
 *
 * @packageDocumentation
 */
export { pluginManagerPlugin as default } from './plugin';
