export { McpRegistryContent } from './McpRegistryPage';
export { LegacyMcpRegistryPage } from './LegacyMcpRegistryPage';
