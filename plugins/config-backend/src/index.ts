/**
 * Configuration manager backend: layered per-environment configuration,
 * JSON Schema validation, secret references, change sets, delivery as
 * ConfigMaps and ExternalSecrets, drift detection and flagd feature flags.
 *
 * @packageDocumentation
 */
export { configPlugin as default } from './plugin';
