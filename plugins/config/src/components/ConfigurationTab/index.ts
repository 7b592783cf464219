export { EntityConfigurationContent } from './EntityConfigurationContent';
export { ConfigurationView } from './ConfigurationView';
