/**
 * MCP registry frontend: search servers by text, tool, health or owner;
 * server detail with versions, tools and health history; register form.
 *
 * @packageDocumentation
 */
export { mcpRegistryPlugin, McpRegistryPage } from './plugin';
export * from './api';
