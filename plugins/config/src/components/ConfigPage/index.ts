export { ConfigContent } from './ConfigPage';
export { LegacyConfigPage } from './LegacyConfigPage';
