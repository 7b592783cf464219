import { z } from 'zod';

/**
 * Phases of a hosted MCP server, as ToolHive's MCPServer reports them:
 * `Pending` while the rollout runs, `Ready` when every replica serves,
 * `Failed` when the rollout failed, `Stopped` at zero replicas.
 *
 * @public
 */
export const mcpDeploymentPhases = [
  'Pending',
  'Ready',
  'Failed',
  'Stopped',
] as const;

/** @public */
export type McpDeploymentPhase = (typeof mcpDeploymentPhases)[number];

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const K8S_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * An environment variable filled from a Kubernetes Secret: the value is
 * never sent to or stored by the registry.
 *
 * @public
 */
export const mcpSecretEnvSchema = z.object({
  name: z.string().regex(ENV_NAME, 'must be an environment variable name'),
  secretRef: z.object({
    name: z.string().max(253).regex(K8S_NAME, 'must be a Secret name'),
    key: z.string().min(1).max(253),
  }),
});

/** @public */
export type McpSecretEnv = z.infer<typeof mcpSecretEnvSchema>;

const QUANTITY = /^\d+(\.\d+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;
const quantitySchema = z
  .string()
  .regex(QUANTITY, 'must be a Kubernetes quantity such as 250m or 256Mi');
const resourceListSchema = z.object({
  cpu: quantitySchema.optional(),
  memory: quantitySchema.optional(),
});

/** CPU and memory of the server's container, as Kubernetes takes them. @public */
export const mcpResourcesSchema = z.object({
  requests: resourceListSchema.optional(),
  limits: resourceListSchema.optional(),
});

/**
 * Autoscaling on CPU with a HorizontalPodAutoscaler (autoscaling/v2); needs
 * a CPU request.
 *
 * @public
 */
export const mcpAutoscalingSchema = z
  .object({
    minReplicas: z.number().int().min(1).max(20),
    maxReplicas: z.number().int().min(1).max(50),
    targetCPUUtilizationPercentage: z
      .number()
      .int()
      .min(10)
      .max(100)
      .default(80),
  })
  .refine(value => value.maxReplicas >= value.minReplicas, {
    message: 'maxReplicas must be at least minReplicas',
    path: ['maxReplicas'],
  });

/**
 * Body of `POST /servers/{name}/deployments`: host a version of a registered
 * server in an environment's cluster.
 *
 * @public
 */
export const mcpDeployRequestSchema = z.object({
  environment: z.string().min(1),
  /** Exact version, or `latest` (the default). */
  version: z.string().min(1).default('latest'),
  replicas: z.number().int().min(0).max(20).default(1),
  /** Container image; required for stdio packages that are not on npm. */
  image: z.string().min(1).optional(),
  /** Port the server (or its stdio gateway) listens on in the pod. */
  port: z.number().int().min(1024).max(65535).default(8080),
  /** Extra arguments passed to the server. */
  args: z.array(z.string()).default([]),
  /** Plain, non-secret environment variables. */
  env: z.record(z.string().regex(ENV_NAME), z.string().max(4096)).default({}),
  /** Secret environment variables, by reference only. */
  secretEnv: z.array(mcpSecretEnvSchema).default([]),
  /** Keep a client on one replica (MCP sessions are stateful). */
  sessionAffinity: z.boolean().default(true),
  resources: mcpResourcesSchema.optional(),
  /** When set, a HorizontalPodAutoscaler owns the replica count. */
  autoscaling: mcpAutoscalingSchema.optional(),
});

/** @public */
export type McpDeployRequest = z.infer<typeof mcpDeployRequestSchema>;

/** Body of `PUT /servers/{name}/deployments/{environment}/replicas`. @public */
export const mcpScaleRequestSchema = z.object({
  replicas: z.number().int().min(0).max(20),
});

/**
 * A hosted MCP server in one environment, as the registry last saw it in
 * the cluster.
 *
 * @public
 */
export interface McpDeployment {
  serverName: string;
  version: string;
  environment: string;
  cluster: string;
  namespace: string;
  /** Name of the Deployment and Service. */
  workloadName: string;
  replicas: number;
  readyReplicas: number;
  phase: McpDeploymentPhase;
  /** Why the phase is Failed, or what the rollout waits for. */
  reason?: string;
  /** In-cluster URL of the MCP endpoint. */
  url: string;
  transport: 'streamable-http' | 'sse';
  deployedBy?: string;
  updatedAt: string;
}

/**
 * Answer of a deploy, scale or undeploy: done, or waiting for approval in a
 * protected environment.
 *
 * @public
 */
export type McpHostingOutcome =
  | { status: 'applied'; deployment?: McpDeployment }
  | { status: 'pending-approval'; changeRequestId: string };
