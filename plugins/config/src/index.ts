/**
 * Configuration manager frontend: the environment comparison grid with an
 * editor validated as you type, history with diff and rollback, apply with a
 * dry run, drift per environment and feature flags on an entity's
 * Configuration tab, and a page with the changes waiting for approval.
 *
 * @packageDocumentation
 */
export { configPlugin, ConfigPage, EntityConfigurationContent } from './plugin';
export { isConfigurationAvailable } from './isConfigurationAvailable';
export * from './api';
