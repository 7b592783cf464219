/**
 * MCP registry backend: server.json registry with the official /v0.1 API,
 * health probes over MCP, import from other registries.
 *
 * @packageDocumentation
 */
export { mcpRegistryPlugin as default } from './plugin';
