import { NotFoundError } from '@backstage/errors';
import {
  KubernetesObject,
  KubernetesService,
} from '@idp-platform/backstage-plugin-idp-node';
import { Duration } from 'luxon';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeploymentTarget } from './DeploymentTarget';

/** The annotation that records which artifact a Deployment runs. */
export const ARTIFACT_ANNOTATION = 'idp-platform/artifact-id';

interface Container {
  name: string;
  image?: string;
}

/** The repository part of an image reference (without tag or digest). */
function repositoryOf(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSlash = withoutDigest.lastIndexOf('/');
  const lastColon = withoutDigest.lastIndexOf(':');
  return lastColon > lastSlash
    ? withoutDigest.slice(0, lastColon)
    : withoutDigest;
}

/**
 * Changes the image of a component's Deployment with server-side apply,
 * waits for the rollout, and verifies the result: the rollout is complete
 * and the health-check URL answers 2xx. Throws when any of that fails.
 */
export class DeploymentExecutor {
  constructor(
    private readonly kubernetes: KubernetesService,
    private readonly options: {
      pollInterval: Duration;
      verificationTimeout: Duration;
      rolloutTimeout?: Duration;
    },
  ) {}

  /** Applies the image to the container that runs the artifact's repository. */
  async apply(
    target: DeploymentTarget,
    artifact: { id: string; imageRepository: string; imageReference: string },
  ): Promise<void> {
    const where = `Deployment ${target.namespace}/${target.name} on cluster ${target.cluster}`;
    let deployment: KubernetesObject;
    try {
      deployment = await this.kubernetes.get(target.cluster, {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        namespace: target.namespace,
        name: target.name,
      });
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new Error(
          `${where} does not exist; promotion changes the image of an existing workload`,
        );
      }
      throw error;
    }
    const containers: Container[] =
      (deployment as any).spec?.template?.spec?.containers ?? [];
    const matching = containers.filter(
      c => c.image && repositoryOf(c.image) === artifact.imageRepository,
    );
    const container =
      matching[0] ?? (containers.length === 1 ? containers[0] : undefined);
    if (!container) {
      throw new Error(
        `${where} has no container running ${
          artifact.imageRepository
        } (containers: ${containers.map(c => c.name).join(', ') || 'none'})`,
      );
    }
    await this.kubernetes.apply(target.cluster, [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: target.name,
          namespace: target.namespace,
          annotations: { [ARTIFACT_ANNOTATION]: artifact.id },
        },
        spec: {
          template: {
            metadata: { annotations: { [ARTIFACT_ANNOTATION]: artifact.id } },
            spec: {
              containers: [
                { name: container.name, image: artifact.imageReference },
              ],
            },
          },
        },
      },
    ]);
  }

  /**
   * Resolves once the cluster reports the rollout complete, as `kubectl
   * rollout status` judges it; rejects with its failure reason.
   */
  async waitForRollout(target: DeploymentTarget): Promise<void> {
    await this.kubernetes.waitForRollout(
      target.cluster,
      target.namespace,
      target.name,
      {
        pollInterval: { milliseconds: this.options.pollInterval.toMillis() },
        ...(this.options.rolloutTimeout && {
          timeout: { milliseconds: this.options.rolloutTimeout.toMillis() },
        }),
      },
    );
  }

  /**
   * Verifies a rolled-out Deployment: the rollout is still complete and the
   * health check answers 2xx before the verification timeout.
   */
  async verify(target: DeploymentTarget): Promise<string> {
    await this.waitForRollout(target);
    if (!target.healthCheckUrl) {
      return 'rollout complete; the component has no idp-platform/health-check annotation';
    }
    const deadline = Date.now() + this.options.verificationTimeout.toMillis();
    let last = '';
    for (;;) {
      const remaining = deadline - Date.now();
      try {
        const response = await fetch(target.healthCheckUrl, {
          signal: AbortSignal.timeout(Math.max(remaining, 1)),
        });
        await response.body?.cancel();
        if (response.ok) {
          return `rollout complete; ${target.healthCheckUrl} answered ${response.status}`;
        }
        last = `answered ${response.status}`;
      } catch (error) {
        // A request cut off by the deadline says less than the answer before it.
        const timedOut = (error as Error).name === 'TimeoutError';
        last = timedOut && last ? last : (error as Error).message;
      }
      if (Date.now() + this.options.pollInterval.toMillis() > deadline) {
        throw new Error(
          `${
            target.healthCheckUrl
          } was not healthy within ${this.options.verificationTimeout.toISO()}: ${last}`,
        );
      }
      await sleep(this.options.pollInterval.toMillis());
    }
  }
}
