/**
 * Plugin manager frontend: the Plugins page, where an admin searches npm
 * registries for Backstage plugins, checks their compatibility and
 * conflicts, installs them as dynamic plugins after a dry-run plan, and
 * watches, upgrades, disables and rolls back what is installed.
 *
 * @packageDocumentation
 */
export { pluginManagerPlugin, PluginManagerPage } from './plugin';
export * from './api';
