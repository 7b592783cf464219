import { createApiRef } from '@backstage/core-plugin-api';
import {
  ChangeRequest,
  ChangeRequestDecision,
  McpDeployRequest,
  McpDeployment,
  McpHealthCheck,
  McpHealthState,
  McpHostingOutcome,
  McpRegisterRequest,
  McpServerListResponse,
  McpServerResponse,
} from '@idp-platform/backstage-plugin-idp-common';

/** Filters of the server list. @public */
export interface McpServerFilter {
  search?: string;
  tool?: string;
  status?: McpHealthState;
  owner?: string;
  cursor?: string;
  limit?: number;
}

/** Client of the mcp-registry backend. @public */
export interface McpRegistryApi {
  /** Latest version of each server, one page. */
  listServers(filter: McpServerFilter): Promise<McpServerListResponse>;
  listVersions(name: string): Promise<McpServerListResponse>;
  getHealthHistory(name: string): Promise<McpHealthCheck[]>;
  register(request: McpRegisterRequest): Promise<McpServerResponse>;
  checkNow(name: string, version: string): Promise<McpHealthCheck>;
  /** Calls a tool (try-it); the backend checks the arguments against its input schema. */
  invokeTool(
    name: string,
    version: string,
    tool: string,
    args: Record<string, unknown>,
  ): Promise<McpToolInvocationResult>;
  /** Hosted deployments of one server, or of every server without a name. */
  listDeployments(name?: string): Promise<McpDeployment[]>;
  /** Hosts a version in an environment; protected environments answer pending-approval. */
  deploy(name: string, request: McpDeployRequest): Promise<McpHostingOutcome>;
  scale(
    name: string,
    environment: string,
    replicas: number,
  ): Promise<McpHostingOutcome>;
  undeploy(name: string, environment: string): Promise<McpHostingOutcome>;
  /** Reads the live status of a deployment from its cluster. */
  refreshDeployment(name: string, environment: string): Promise<McpDeployment>;
  /** Pending change requests of hosting changes in protected environments. */
  listHostingChangeRequests(): Promise<ChangeRequest[]>;
  decideChangeRequest(
    id: string,
    decision: ChangeRequestDecision['decision'],
    comment?: string,
  ): Promise<ChangeRequest>;
}

/** Result of a tool call from the try-it panel. @public */
export interface McpToolInvocationResult {
  tool: string;
  isError: boolean;
  content: unknown[];
  structuredContent?: Record<string, unknown>;
  latencyMs: number;
}

/** @public */
export const mcpRegistryApiRef = createApiRef<McpRegistryApi>({
  id: 'plugin.mcp-registry.api',
});
