export { McpServerEntityProvider } from './McpServerEntityProvider';
export { McpServerRelationProcessor } from './McpServerRelationProcessor';
export {
  MCP_SERVER_API_TYPE,
  mcpServerEntityName,
  mcpServerToEntity,
} from './mcpServerToEntity';
