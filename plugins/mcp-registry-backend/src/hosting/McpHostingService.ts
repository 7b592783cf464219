import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError, isError } from '@backstage/errors';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  ChangeRequest,
  Environment,
  MCP_HOSTING_SIGNAL_CHANNEL,
  McpDeployRequest,
  McpDeployment,
  McpDeploymentPhase,
  McpHostingOutcome,
  mcpDeployRequestSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  ChangeRequestActor,
  ChangeRequestService,
  EnvironmentService,
  KubernetesObject,
  KubernetesRolloutError,
  KubernetesService,
} from '@idp-platform/backstage-plugin-idp-node';
import { HumanDuration } from '@backstage/types';
import { z } from 'zod';
import {
  McpDeploymentRecord,
  McpDeploymentStore,
} from '../database/McpDeploymentStore';
import { McpServerStore } from '../database/McpServerStore';
import { renderMcpWorkload } from './renderMcpWorkload';

/** Change-request kind of hosting changes in protected environments. */
export const MCP_HOSTING_CHANGE_KIND = 'mcp-hosting';

const hostingChangeSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('deploy'),
    serverName: z.string(),
    request: mcpDeployRequestSchema,
  }),
  z.object({
    action: z.literal('scale'),
    serverName: z.string(),
    environment: z.string(),
    replicas: z.number().int().min(0),
  }),
  z.object({
    action: z.literal('undeploy'),
    serverName: z.string(),
    environment: z.string(),
  }),
]);

type HostingChange = z.infer<typeof hostingChangeSchema>;

/** The objects a hosted server consists of, deleted on undeploy. */
const WORKLOAD_KINDS = [
  ['apps/v1', 'Deployment'],
  ['v1', 'Service'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
] as const;

interface DeploymentStatus {
  spec?: { replicas?: number };
  metadata: { generation?: number };
  status?: {
    observedGeneration?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    conditions?: Array<{ type: string; status: string; reason?: string }>;
  };
}

/** The phase of a hosted server, read from its Deployment's status. */
export function phaseOfDeployment(deployment: DeploymentStatus): {
  phase: McpDeploymentPhase;
  readyReplicas: number;
  reason?: string;
} {
  const desired = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const readyReplicas = status.readyReplicas ?? 0;
  if (desired === 0) return { phase: 'Stopped', readyReplicas };
  const failed = status.conditions?.find(
    condition =>
      condition.type === 'Progressing' && condition.status === 'False',
  );
  if (failed) {
    return { phase: 'Failed', readyReplicas, reason: failed.reason };
  }
  const current =
    (status.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 0);
  if (
    current &&
    readyReplicas >= desired &&
    (status.updatedReplicas ?? 0) >= desired
  ) {
    return { phase: 'Ready', readyReplicas };
  }
  return {
    phase: 'Pending',
    readyReplicas,
    reason: `${readyReplicas} of ${desired} replicas ready`,
  };
}

function toDeployment(record: McpDeploymentRecord): McpDeployment {
  const { request: _request, ...deployment } = record;
  return deployment;
}

/**
 * Hosts registered MCP servers in the environments' clusters: deploy, scale
 * and undeploy through idp-node's Kubernetes service, through a change
 * request where the environment is protected. Rollouts are watched in the
 * background and reported through signals; a deployment is Ready only when
 * the cluster says so.
 */
export class McpHostingService {
  private readonly rollouts = new Set<Promise<void>>();

  constructor(
    private readonly options: {
      servers: McpServerStore;
      deployments: McpDeploymentStore;
      kubernetes: KubernetesService;
      environments: EnvironmentService;
      changeRequests: ChangeRequestService;
      logger: LoggerService;
      signals?: SignalsService;
      gatewayImage: string;
      rolloutTimeout: HumanDuration;
      rolloutPollInterval?: HumanDuration;
      now?: () => Date;
    },
  ) {}

  private now(): string {
    return (this.options.now ? this.options.now() : new Date()).toISOString();
  }

  private environment(name: string): Environment {
    try {
      return this.options.environments.get(name);
    } catch (error) {
      if (isError(error) && error.name === 'NotFoundError') {
        throw new InputError(`environment: ${error.message}`);
      }
      throw error;
    }
  }

  /** Hosted servers, optionally of one server, with the status last seen. */
  async list(serverName?: string): Promise<McpDeployment[]> {
    return (await this.options.deployments.list(serverName)).map(toDeployment);
  }

  /**
   * Reads the live status of one deployment from its cluster and stores it.
   * A Deployment that disappeared from the cluster is reported Failed.
   */
  async refresh(
    serverName: string,
    environment: string,
  ): Promise<McpDeployment> {
    const record = await this.requireDeployment(serverName, environment);
    let status: ReturnType<typeof phaseOfDeployment>;
    try {
      const live = await this.options.kubernetes.get<
        KubernetesObject & DeploymentStatus
      >(record.cluster, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: record.namespace,
        name: record.workloadName,
      });
      status = phaseOfDeployment(live);
    } catch (error) {
      if (!(isError(error) && error.name === 'NotFoundError')) throw error;
      status = {
        phase: 'Failed',
        readyReplicas: 0,
        reason: `Deployment ${record.namespace}/${record.workloadName} is not in cluster ${record.cluster}`,
      };
    }
    await this.options.deployments.updateStatus(serverName, environment, {
      ...status,
      updatedAt: this.now(),
    });
    return toDeployment(
      (await this.requireDeployment(serverName, environment))!,
    );
  }

  /** Deploys a version, or opens a change request in a protected environment. */
  async deploy(
    serverName: string,
    input: McpDeployRequest,
    actor: ChangeRequestActor,
  ): Promise<McpHostingOutcome> {
    const environment = this.environment(input.environment);
    const server = await this.requireServer(serverName, input.version);
    // Pin the version, so an approval approves what was asked for.
    const request = { ...input, version: server.server.version };
    renderMcpWorkload(server.server, request, {
      namespace: environment.namespace,
      gatewayImage: this.options.gatewayImage,
    });
    return this.change(
      environment,
      { action: 'deploy', serverName, request },
      actor,
      `Deploy MCP server ${serverName} ${request.version} to ${environment.name}`,
    );
  }

  async scale(
    serverName: string,
    environmentName: string,
    replicas: number,
    actor: ChangeRequestActor,
  ): Promise<McpHostingOutcome> {
    const environment = this.environment(environmentName);
    await this.requireDeployment(serverName, environment.name);
    return this.change(
      environment,
      { action: 'scale', serverName, environment: environment.name, replicas },
      actor,
      `Scale MCP server ${serverName} in ${environment.name} to ${replicas}`,
    );
  }

  async undeploy(
    serverName: string,
    environmentName: string,
    actor: ChangeRequestActor,
  ): Promise<McpHostingOutcome> {
    const environment = this.environment(environmentName);
    await this.requireDeployment(serverName, environment.name);
    return this.change(
      environment,
      { action: 'undeploy', serverName, environment: environment.name },
      actor,
      `Remove MCP server ${serverName} from ${environment.name}`,
    );
  }

  /**
   * Applies an approved hosting change request and records its outcome on
   * the request. Requests of other kinds are left alone.
   */
  async applyApproved(request: ChangeRequest): Promise<void> {
    if (request.kind !== MCP_HOSTING_CHANGE_KIND) return;
    const change = hostingChangeSchema.parse(request.payload);
    try {
      await this.execute(change, request.requester);
      await this.options.changeRequests.recordOutcome(
        request.id,
        request.requester,
        { applied: true },
      );
    } catch (error) {
      await this.options.changeRequests.recordOutcome(
        request.id,
        request.requester,
        { applied: false, error: String(error) },
      );
      throw error;
    }
  }

  /** Resolves when every rollout watched so far has settled. */
  async settled(): Promise<void> {
    while (this.rollouts.size) {
      await Promise.all([...this.rollouts]);
    }
  }

  private async change(
    environment: Environment,
    change: HostingChange,
    actor: ChangeRequestActor,
    title: string,
  ): Promise<McpHostingOutcome> {
    if (!environment.protected) {
      return this.execute(change, actor.userEntityRef);
    }
    const request = await this.options.changeRequests.open({
      pluginId: 'mcp-registry',
      requester: actor,
      input: {
        kind: MCP_HOSTING_CHANGE_KIND,
        title,
        environment: environment.name,
        payload: change,
      },
      requiredApprovals: environment.requiredApprovals,
      approvers: environment.approvers,
    });
    if (request.state === 'approved') {
      await this.applyApproved(request);
      const deployment = await this.options.deployments.get(
        change.serverName,
        environment.name,
      );
      return {
        status: 'applied',
        deployment: deployment && toDeployment(deployment),
      };
    }
    return { status: 'pending-approval', changeRequestId: request.id };
  }

  private async execute(
    change: HostingChange,
    by: string,
  ): Promise<McpHostingOutcome> {
    if (change.action === 'deploy') {
      return {
        status: 'applied',
        deployment: await this.apply(change.serverName, change.request, by),
      };
    }
    const record = await this.requireDeployment(
      change.serverName,
      change.environment,
    );
    if (change.action === 'scale') {
      return {
        status: 'applied',
        deployment: await this.apply(
          change.serverName,
          // Scaling by hand turns autoscaling off.
          {
            ...record.request,
            replicas: change.replicas,
            autoscaling: undefined,
          },
          by,
        ),
      };
    }
    for (const [apiVersion, kind] of WORKLOAD_KINDS) {
      await this.deleteIfPresent(record.cluster, {
        apiVersion,
        kind,
        namespace: record.namespace,
        name: record.workloadName,
      });
    }
    await this.options.deployments.delete(
      change.serverName,
      change.environment,
    );
    await this.announce(change.serverName, change.environment, 'removed');
    return { status: 'applied' };
  }

  /** Server-side applies the workload (dry run first) and watches the rollout. */
  private async apply(
    serverName: string,
    request: McpDeployRequest,
    deployedBy: string,
  ): Promise<McpDeployment> {
    const environment = this.environment(request.environment);
    const server = await this.requireServer(serverName, request.version);
    const workload = renderMcpWorkload(server.server, request, {
      namespace: environment.namespace,
      gatewayImage: this.options.gatewayImage,
    });
    const objects = [
      workload.deployment,
      workload.service,
      ...(workload.autoscaler ? [workload.autoscaler] : []),
    ];
    const { kubernetes } = this.options;
    await kubernetes.apply(environment.cluster, objects, { dryRun: true });
    await kubernetes.apply(environment.cluster, objects);
    if (!workload.autoscaler) {
      await this.deleteIfPresent(environment.cluster, {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        namespace: environment.namespace,
        name: workload.workloadName,
      });
    }
    const record = await this.options.deployments.save({
      serverName,
      version: server.server.version,
      environment: environment.name,
      cluster: environment.cluster,
      namespace: environment.namespace,
      workloadName: workload.workloadName,
      replicas: request.autoscaling?.minReplicas ?? request.replicas,
      readyReplicas: 0,
      phase: request.replicas === 0 ? 'Stopped' : 'Pending',
      reason: request.replicas === 0 ? undefined : 'rollout started',
      url: workload.url,
      transport: workload.transport,
      request,
      deployedBy,
      updatedAt: this.now(),
    });
    if (request.replicas > 0) this.watch(record);
    await this.announce(serverName, environment.name, record.phase);
    return toDeployment(record);
  }

  private async deleteIfPresent(
    cluster: string,
    ref: { apiVersion: string; kind: string; namespace: string; name: string },
  ) {
    try {
      await this.options.kubernetes.delete(cluster, ref);
    } catch (error) {
      if (!(isError(error) && error.name === 'NotFoundError')) throw error;
    }
  }

  private watch(record: McpDeploymentRecord) {
    const { kubernetes, deployments, logger } = this.options;
    const rollout = (async () => {
      let phase: McpDeploymentPhase;
      let reason: string | undefined;
      let readyReplicas = 0;
      try {
        const status = await kubernetes.waitForRollout(
          record.cluster,
          record.namespace,
          record.workloadName,
          {
            timeout: this.options.rolloutTimeout,
            pollInterval: this.options.rolloutPollInterval,
          },
        );
        phase = 'Ready';
        readyReplicas = status.readyReplicas;
      } catch (error) {
        phase = 'Failed';
        reason =
          error instanceof KubernetesRolloutError
            ? `${error.reason}: ${error.message}`
            : String(error);
        readyReplicas =
          error instanceof KubernetesRolloutError
            ? error.status.readyReplicas
            : 0;
      }
      await deployments.updateStatus(record.serverName, record.environment, {
        phase,
        reason,
        readyReplicas,
        updatedAt: this.now(),
      });
      await this.announce(record.serverName, record.environment, phase);
    })().catch(error =>
      logger.warn(
        `Rollout of ${record.serverName} in ${record.environment} not recorded: ${error}`,
      ),
    );
    this.rollouts.add(rollout);
    rollout.finally(() => this.rollouts.delete(rollout));
  }

  private async announce(
    serverName: string,
    environment: string,
    phase: McpDeploymentPhase | 'removed',
  ) {
    try {
      await this.options.signals?.publish({
        recipients: { type: 'broadcast' },
        channel: MCP_HOSTING_SIGNAL_CHANNEL,
        message: { name: serverName, environment, phase },
      });
    } catch (error) {
      this.options.logger.warn(`Hosting signal not published: ${error}`);
    }
  }

  private async requireServer(name: string, version: string) {
    const record = await this.options.servers.getVersion(name, version);
    if (!record) {
      throw new NotFoundError(`No MCP server ${name} version ${version}`);
    }
    return record;
  }

  private async requireDeployment(
    serverName: string,
    environment: string,
  ): Promise<McpDeploymentRecord> {
    const record = await this.options.deployments.get(serverName, environment);
    if (!record) {
      throw new NotFoundError(
        `MCP server ${serverName} is not deployed in ${environment}`,
      );
    }
    return record;
  }
}
