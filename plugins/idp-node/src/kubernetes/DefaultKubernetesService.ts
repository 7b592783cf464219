import { LoggerService } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import {
  AppsV1Api,
  KubernetesObject as ClientKubernetesObject,
  PatchStrategy,
  V1Deployment,
} from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKubeConfig } from './createKubeConfig';
import { JsonKubernetesObjectApi } from './JsonKubernetesObjectApi';
import { KubernetesRolloutError } from './KubernetesRolloutError';
import {
  KubernetesListOptions,
  KubernetesObject,
  KubernetesObjectReference,
  KubernetesRolloutOptions,
  KubernetesRolloutStatus,
  KubernetesService,
  KubernetesWriteOptions,
} from './KubernetesService';
import { ClusterConfig, readClusterConfigs } from './readClusterConfigs';
import { toBackstageError } from './toBackstageError';

const DEFAULT_FIELD_MANAGER = 'idp-platform';
const DEFAULT_ROLLOUT_TIMEOUT: HumanDuration = { minutes: 5 };
const DEFAULT_POLL_INTERVAL: HumanDuration = { seconds: 2 };

/**
 * Options of {@link DefaultKubernetesService.create}.
 *
 * @public
 */
export interface DefaultKubernetesServiceOptions {
  clusters: ClusterConfig[];
  logger: LoggerService;
  /** Field manager of every server-side apply. Default "idp-platform". */
  fieldManager?: string;
  /** Default timeout of waitForRollout. Default five minutes. */
  rolloutTimeout?: HumanDuration;
}

interface ClusterClients {
  objects: JsonKubernetesObjectApi;
  apps: AppsV1Api;
}

function describeObject(ref: {
  kind?: string;
  namespace?: string;
  name?: string;
}) {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

// The client fills defaults into what it is given, so it gets a copy.
function toClientObject(object: KubernetesObject): ClientKubernetesObject {
  return {
    ...object,
    metadata: { ...object.metadata },
  } as ClientKubernetesObject;
}

function toClientReference(ref: KubernetesObjectReference) {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    metadata: { name: ref.name, namespace: ref.namespace },
  };
}

function rolloutStatusOf(
  namespace: string,
  name: string,
  deployment: V1Deployment,
): KubernetesRolloutStatus {
  // The API server leaves out counts that are zero.
  return {
    namespace,
    name,
    generation: deployment.metadata?.generation ?? 0,
    observedGeneration: deployment.status?.observedGeneration ?? 0,
    replicas: deployment.spec?.replicas ?? 1,
    updatedReplicas: deployment.status?.updatedReplicas ?? 0,
    readyReplicas: deployment.status?.readyReplicas ?? 0,
    availableReplicas: deployment.status?.availableReplicas ?? 0,
  };
}

/**
 * As `kubectl rollout status` judges it: the current generation is observed,
 * every desired replica is updated, ready and available, and no replica of an
 * older ReplicaSet is left (`totalReplicas`, the status's own count).
 */
function isRolledOut(
  status: KubernetesRolloutStatus,
  totalReplicas: number,
): boolean {
  return (
    status.observedGeneration >= status.generation &&
    totalReplicas <= status.updatedReplicas &&
    status.updatedReplicas === status.replicas &&
    status.readyReplicas === status.replicas &&
    status.availableReplicas === status.replicas
  );
}

/**
 * KubernetesService over @kubernetes/client-node, with one client
 * configuration per configured cluster.
 *
 * @public
 */
export class DefaultKubernetesService implements KubernetesService {
  /** Reads `idp.clusters` and `idp.kubernetes`. */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService },
  ): DefaultKubernetesService {
    const timeoutKey = 'idp.kubernetes.rolloutTimeout';
    return DefaultKubernetesService.create({
      clusters: readClusterConfigs(config),
      logger: options.logger,
      fieldManager: config.getOptionalString('idp.kubernetes.fieldManager'),
      rolloutTimeout: config.has(timeoutKey)
        ? readDurationFromConfig(config, { key: timeoutKey })
        : undefined,
    });
  }

  static create(
    options: DefaultKubernetesServiceOptions,
  ): DefaultKubernetesService {
    const fieldManager = options.fieldManager ?? DEFAULT_FIELD_MANAGER;
    if (!fieldManager || fieldManager.length > 128) {
      throw new Error(
        'Invalid idp.kubernetes.fieldManager: must be 1 to 128 characters',
      );
    }
    const clients = new Map<string, ClusterClients>();
    for (const cluster of options.clusters) {
      const kubeConfig = createKubeConfig(cluster);
      clients.set(cluster.name, {
        objects: JsonKubernetesObjectApi.fromKubeConfig(kubeConfig),
        apps: kubeConfig.makeApiClient(AppsV1Api),
      });
    }
    return new DefaultKubernetesService(
      clients,
      options.logger,
      fieldManager,
      options.rolloutTimeout ?? DEFAULT_ROLLOUT_TIMEOUT,
    );
  }

  private constructor(
    private readonly clients: Map<string, ClusterClients>,
    private readonly logger: LoggerService,
    private readonly fieldManager: string,
    private readonly rolloutTimeout: HumanDuration,
  ) {}

  listClusters(): string[] {
    return [...this.clients.keys()];
  }

  async apply<T extends KubernetesObject = KubernetesObject>(
    cluster: string,
    objects: T[],
    options: KubernetesWriteOptions = {},
  ): Promise<T[]> {
    const { objects: api } = this.clientsOf(cluster);
    const applied: T[] = [];
    for (const object of objects) {
      const what = `${describeObject({
        ...object.metadata,
        kind: object.kind,
      })} on cluster ${cluster}`;
      try {
        const result = await api.patch(
          toClientObject(object),
          undefined,
          options.dryRun ? 'All' : undefined,
          this.fieldManager,
          true,
          PatchStrategy.ServerSideApply,
        );
        applied.push(result as unknown as T);
      } catch (error) {
        throw toBackstageError(error, `Applying ${what}`);
      }
      this.logger.debug(`Applied ${what}${options.dryRun ? ' (dry run)' : ''}`);
    }
    return applied;
  }

  async get<T extends KubernetesObject = KubernetesObject>(
    cluster: string,
    ref: KubernetesObjectReference,
  ): Promise<T> {
    const { objects: api } = this.clientsOf(cluster);
    try {
      const result = await api.read(toClientReference(ref));
      return result as unknown as T;
    } catch (error) {
      throw toBackstageError(
        error,
        `Reading ${describeObject(ref)} on cluster ${cluster}`,
      );
    }
  }

  async list<T extends KubernetesObject = KubernetesObject>(
    cluster: string,
    options: KubernetesListOptions,
  ): Promise<T[]> {
    const { objects: api } = this.clientsOf(cluster);
    const { apiVersion, kind, namespace, labelSelector } = options;
    try {
      const result = await api.list(
        apiVersion,
        kind,
        namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        labelSelector,
      );
      // Items of built-in kinds come without apiVersion and kind.
      return result.items.map(
        item => ({ apiVersion, kind, ...item } as unknown as T),
      );
    } catch (error) {
      throw toBackstageError(
        error,
        `Listing ${kind} ${
          namespace ? `in ${namespace} ` : ''
        }on cluster ${cluster}`,
      );
    }
  }

  async replace<T extends KubernetesObject = KubernetesObject>(
    cluster: string,
    object: T,
    options: KubernetesWriteOptions = {},
  ): Promise<T> {
    const { objects: api } = this.clientsOf(cluster);
    const what = `${describeObject({
      ...object.metadata,
      kind: object.kind,
    })} on cluster ${cluster}`;
    if (!object.metadata.resourceVersion) {
      throw new InputError(
        `Replacing ${what} needs metadata.resourceVersion, the version it was read at`,
      );
    }
    try {
      const result = await api.replace(
        toClientObject(object),
        undefined,
        options.dryRun ? 'All' : undefined,
        this.fieldManager,
      );
      this.logger.debug(
        `Replaced ${what}${options.dryRun ? ' (dry run)' : ''}`,
      );
      return result as unknown as T;
    } catch (error) {
      throw toBackstageError(error, `Replacing ${what}`);
    }
  }

  async delete(
    cluster: string,
    ref: KubernetesObjectReference,
    options: KubernetesWriteOptions = {},
  ): Promise<void> {
    const { objects: api } = this.clientsOf(cluster);
    const what = `${describeObject(ref)} on cluster ${cluster}`;
    try {
      await api.delete(
        toClientReference(ref),
        undefined,
        options.dryRun ? 'All' : undefined,
      );
    } catch (error) {
      throw toBackstageError(error, `Deleting ${what}`);
    }
    this.logger.debug(`Deleted ${what}${options.dryRun ? ' (dry run)' : ''}`);
  }

  async waitForRollout(
    cluster: string,
    namespace: string,
    deploymentName: string,
    options: KubernetesRolloutOptions = {},
  ): Promise<KubernetesRolloutStatus> {
    const { apps } = this.clientsOf(cluster);
    const what = `Rollout of Deployment ${namespace}/${deploymentName} on cluster ${cluster}`;
    const timeout = durationToMilliseconds(
      options.timeout ?? this.rolloutTimeout,
    );
    const pollInterval = durationToMilliseconds(
      options.pollInterval ?? DEFAULT_POLL_INTERVAL,
    );
    const deadline = Date.now() + timeout;

    for (;;) {
      let deployment: V1Deployment;
      try {
        deployment = await apps.readNamespacedDeployment({
          namespace,
          name: deploymentName,
        });
      } catch (error) {
        throw toBackstageError(
          error,
          `Reading Deployment ${namespace}/${deploymentName}`,
        );
      }
      const status = rolloutStatusOf(namespace, deploymentName, deployment);

      // Conditions describe the generation the controller observed, so an older
      // one's failure does not count; a failure is reported even while the old
      // replicas keep the counts looking complete.
      if (status.observedGeneration >= status.generation) {
        const progressing = deployment.status?.conditions?.find(
          c => c.type === 'Progressing',
        );
        if (progressing?.status === 'False') {
          const reason = progressing.reason ?? 'ProgressFailed';
          throw new KubernetesRolloutError(
            reason,
            status,
            `${what} failed: ${reason}${
              progressing.message ? `: ${progressing.message}` : ''
            }`,
          );
        }
      }
      if (isRolledOut(status, deployment.status?.replicas ?? 0)) {
        return status;
      }

      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new KubernetesRolloutError(
          'Timeout',
          status,
          `${what} did not finish within ${timeout} ms: ${status.updatedReplicas} updated, ${status.readyReplicas} ready, ${status.availableReplicas} available of ${status.replicas} replicas (generation ${status.observedGeneration} of ${status.generation} observed)`,
        );
      }
      await sleep(Math.min(pollInterval, remaining));
    }
  }

  private clientsOf(cluster: string): ClusterClients {
    const clients = this.clients.get(cluster);
    if (!clients) {
      const known = [...this.clients.keys()];
      throw new NotFoundError(
        `Unknown cluster "${cluster}"; known: ${
          known.length ? known.join(', ') : 'none (configure idp.clusters)'
        }`,
      );
    }
    return clients;
  }
}
