/**
 * MCP registry frontend: search servers by text, tool, health or owner;
 * server detail with versions, tools, health history and hosting (deploy,
 * scale, undeploy, approvals), updated live through signals; register form.
 *
 * @packageDocumentation
 */
export { mcpRegistryPlugin, McpRegistryPage } from './plugin';
export * from './api';
