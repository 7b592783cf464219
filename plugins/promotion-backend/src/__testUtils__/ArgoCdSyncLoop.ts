import {
  DefaultKubernetesService,
  KubernetesService,
} from '@idp-platform/backstage-plugin-idp-node';
import { KubernetesTestServer } from '@idp-platform/backstage-plugin-idp-node/testUtils';
import { mockServices } from '@backstage/backend-test-utils';
import { imageRepositoryOf } from '../execution/imageRepositoryOf';

/** The field manager Argo CD's application controller applies with. */
export const ARGOCD_FIELD_MANAGER = 'argocd-controller';

/**
 * Plays Argo CD's automated sync against a KubernetesTestServer: every few
 * milliseconds, each Application's kustomize image overrides are applied to
 * the Deployment in its destination namespace, under Argo CD's field manager.
 */
export class ArgoCdSyncLoop {
  private readonly cluster: KubernetesService;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly server: KubernetesTestServer,
    private readonly deploymentName: string,
  ) {
    this.cluster = DefaultKubernetesService.create({
      clusters: [server.clusterConfig('local')],
      logger: mockServices.logger.mock(),
      fieldManager: ARGOCD_FIELD_MANAGER,
    });
  }

  start() {
    const tick = () => {
      this.running = this.syncAll().then(() => {
        if (!this.stopped) this.timer = setTimeout(tick, 10);
      });
    };
    this.timer = setTimeout(tick, 10);
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private async syncAll() {
    for (const application of this.server.objects({ kind: 'Application' })) {
      const namespace: string = application.spec.destination.namespace;
      const images: string[] = application.spec.source?.kustomize?.images ?? [];
      const [deployment] = this.server.objects({
        kind: 'Deployment',
        namespace,
        name: this.deploymentName,
      });
      const container = deployment?.spec.template.spec.containers[0];
      const override = images.find(
        image =>
          container &&
          image.split('=')[0] === imageRepositoryOf(container.image),
      );
      const wanted = override?.split('=')[1];
      if (!container || !wanted || container.image === wanted) continue;
      await this.cluster.apply('local', [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: this.deploymentName, namespace },
          spec: {
            template: {
              spec: { containers: [{ name: container.name, image: wanted }] },
            },
          },
        },
      ]);
    }
  }
}
