import { HumanDuration } from '@backstage/types';
import { KubernetesService } from '@idp-platform/backstage-plugin-idp-node';

/** The restart annotation `kubectl rollout restart` sets. */
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** Where the Backstage Deployment runs. */
export interface DeploymentTarget {
  cluster: string;
  namespace: string;
  name: string;
  readinessTimeout: HumanDuration;
  /** How often readiness is looked at; the Kubernetes service's default when absent. */
  pollInterval?: HumanDuration;
}

/**
 * Restarts the Backstage Deployment the way `kubectl rollout restart` does
 * (a new restartedAt annotation on the pod template, server-side applied)
 * and waits until the new pods are ready.
 */
export class BackstageDeploymentRestarter {
  constructor(
    private readonly kubernetes: KubernetesService,
    readonly target: DeploymentTarget,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Resolves when the restarted Deployment is ready; rejects with the rollout's failure. */
  async restart(): Promise<void> {
    const { cluster, namespace, name, readinessTimeout, pollInterval } =
      this.target;
    await this.kubernetes.apply(cluster, [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name, namespace },
        spec: {
          template: {
            metadata: {
              annotations: {
                [RESTARTED_AT_ANNOTATION]: this.now().toISOString(),
              },
            },
          },
        },
      },
    ]);
    await this.kubernetes.waitForRollout(cluster, namespace, name, {
      timeout: readinessTimeout,
      ...(pollInterval ? { pollInterval } : {}),
    });
  }
}
