export { PluginManagerContent } from './PluginManagerContent';
export { LegacyPluginManagerPage } from './LegacyPluginManagerPage';
