import { McpHealthState } from './registryApi';
import { McpDeploymentPhase } from './hosting';

/** Channel on which the registry announces every recorded health check. @public */
export const MCP_HEALTH_SIGNAL_CHANNEL = 'mcp-registry:health';

/** Channel on which the registry announces every hosting change and rollout outcome. @public */
export const MCP_HOSTING_SIGNAL_CHANNEL = 'mcp-registry:hosting';

/** Message on {@link MCP_HEALTH_SIGNAL_CHANNEL}. @public */
export type McpHealthSignal = {
  name: string;
  version: string;
  state: McpHealthState;
  checkedAt: string;
};

/** Message on {@link MCP_HOSTING_SIGNAL_CHANNEL}; phase `removed` after an undeploy. @public */
export type McpHostingSignal = {
  name: string;
  environment: string;
  phase: McpDeploymentPhase | 'removed';
};
