export { mcpRegistryApiRef } from './McpRegistryApi';
export type {
  McpRegistryApi,
  McpServerFilter,
  McpToolInvocationResult,
} from './McpRegistryApi';
export { McpRegistryClient } from './McpRegistryClient';
