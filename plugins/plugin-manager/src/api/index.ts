export { pluginManagerApiRef } from './PluginManagerApi';
export type { PluginManagerApi } from './PluginManagerApi';
export { PluginManagerClient } from './PluginManagerClient';
