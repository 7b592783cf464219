import { NotFoundError } from '@backstage/errors';
import {
  KubernetesObject,
  KubernetesService,
} from '@idp-platform/backstage-plugin-idp-node';
import { Duration } from 'luxon';
import { setTimeout as sleep } from 'node:timers/promises';
import { ArgoCdApplicationUpdater } from './ArgoCdApplicationUpdater';
import {
  ArgoCdSettings,
  DeploymentTarget,
  deploymentTargetOf,
} from './DeploymentTarget';
import { imageRepositoryOf } from './imageRepositoryOf';

/** The annotation that records which artifact a Deployment runs. */
export const ARTIFACT_ANNOTATION = 'idp-platform/artifact-id';

interface Container {
  name: string;
  image?: string;
}

/** What is deployed. */
export interface DeployableArtifact {
  id: string;
  imageRepository: string;
  imageReference: string;
  digest: string;
}

/**
 * Changes the image of a component's Deployment with server-side apply (or
 * its Argo CD Application's image override, which Argo CD then syncs), waits
 * for the rollout, and verifies the result: the rollout is complete and the
 * health-check URL answers 2xx. Throws when any of that fails.
 */
export class DeploymentExecutor {
  private readonly argoCd: ArgoCdApplicationUpdater;

  constructor(
    private readonly kubernetes: KubernetesService,
    private readonly options: {
      pollInterval: Duration;
      verificationTimeout: Duration;
      rolloutTimeout?: Duration;
      /** Argo CD settings when `idp.promotion.argocd.enabled`. */
      argoCd?: ArgoCdSettings & { syncTimeout: Duration };
    },
  ) {
    this.argoCd = new ArgoCdApplicationUpdater(kubernetes);
  }

  /** Where a component runs in an environment, through Argo CD when enabled and annotated. */
  targetOf(...[entity, environment]: Parameters<typeof deploymentTargetOf>) {
    return deploymentTargetOf(entity, environment, this.options.argoCd);
  }

  /**
   * Applies the image to the container that runs the artifact's repository,
   * or to the target's Argo CD Application.
   */
  async apply(
    target: DeploymentTarget,
    artifact: DeployableArtifact,
  ): Promise<void> {
    if (target.argoCdApplication) {
      await this.argoCd.setImage(
        target.argoCdApplication,
        artifact,
        ARTIFACT_ANNOTATION,
      );
      return;
    }
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
      c => c.image && imageRepositoryOf(c.image) === artifact.imageRepository,
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
  async waitForRollout(
    target: DeploymentTarget,
    artifact: DeployableArtifact,
  ): Promise<void> {
    if (target.argoCdApplication) {
      await this.waitForSync(target, target.argoCdApplication, artifact);
    }
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
   * Resolves once Argo CD has synced the override to the Deployment: a
   * container of the artifact's repository runs the artifact's digest.
   */
  private async waitForSync(
    target: DeploymentTarget,
    application: NonNullable<DeploymentTarget['argoCdApplication']>,
    artifact: DeployableArtifact,
  ): Promise<void> {
    const timeout = this.options.argoCd!.syncTimeout;
    const deadline = Date.now() + timeout.toMillis();
    for (;;) {
      let images: string[] = [];
      try {
        const deployment = await this.kubernetes.get(target.cluster, {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: target.namespace,
          name: target.name,
        });
        const containers: Container[] =
          (deployment as any).spec?.template?.spec?.containers ?? [];
        images = containers.flatMap(c => (c.image ? [c.image] : []));
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
      const synced = images.some(
        image =>
          imageRepositoryOf(image) === artifact.imageRepository &&
          image.endsWith(`@${artifact.digest}`),
      );
      if (synced) return;
      if (Date.now() + this.options.pollInterval.toMillis() > deadline) {
        const status = await this.argoCd.statusOf(application);
        throw new Error(
          `Argo CD did not sync ${artifact.digest} to Deployment ${
            target.namespace
          }/${target.name} within ${timeout.toISO()} (Application ${
            application.namespace
          }/${application.name}${status ? `: ${status}` : ''}; running ${
            images.join(', ') || 'nothing'
          })`,
        );
      }
      await sleep(this.options.pollInterval.toMillis());
    }
  }

  /**
   * Verifies a rolled-out Deployment: the rollout is still complete and the
   * health check answers 2xx before the verification timeout.
   */
  async verify(
    target: DeploymentTarget,
    artifact: DeployableArtifact,
  ): Promise<string> {
    await this.waitForRollout(target, artifact);
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
