import { NotFoundError } from '@backstage/errors';
import {
  KubernetesObject,
  KubernetesService,
} from '@idp-platform/backstage-plugin-idp-node';
import { ArgoCdApplicationRef } from './DeploymentTarget';
import { imageRepositoryOf } from './imageRepositoryOf';

interface ApplicationSource {
  kustomize?: { images?: string[] };
  helm?: unknown;
}

interface Application extends KubernetesObject {
  spec?: { source?: ApplicationSource; sources?: ApplicationSource[] };
  status?: { sync?: { status?: string }; health?: { status?: string } };
}

/** The image a kustomize override (`name=newName:tag@digest`, `name:tag`, `name@digest`) replaces. */
function overriddenImageOf(override: string): string {
  const equals = override.indexOf('=');
  return equals >= 0 ? override.slice(0, equals) : imageRepositoryOf(override);
}

/**
 * Sets the image of a component in its Argo CD Application
 * (`spec.source.kustomize.images`) with server-side apply; Argo CD then syncs
 * the Deployment. Other image overrides of the Application are kept.
 */
export class ArgoCdApplicationUpdater {
  constructor(private readonly kubernetes: KubernetesService) {}

  private describe(application: ArgoCdApplicationRef): string {
    return `Argo CD Application ${application.namespace}/${application.name} on cluster ${application.cluster}`;
  }

  async read(application: ArgoCdApplicationRef): Promise<Application> {
    try {
      return await this.kubernetes.get<Application>(application.cluster, {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        namespace: application.namespace,
        name: application.name,
      });
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new Error(`${this.describe(application)} does not exist`);
      }
      throw error;
    }
  }

  /** Overrides the artifact's repository with `<repository>=<repository>@<digest>`. */
  async setImage(
    application: ArgoCdApplicationRef,
    artifact: { id: string; imageRepository: string; digest: string },
    annotation: string,
  ): Promise<void> {
    const current = await this.read(application);
    const where = this.describe(application);
    if (current.spec?.sources) {
      throw new Error(
        `${where} has several sources; promotion sets spec.source.kustomize.images of a single-source Application`,
      );
    }
    if (current.spec?.source?.helm) {
      throw new Error(
        `${where} renders a Helm chart; promotion sets spec.source.kustomize.images, so use a kustomize source`,
      );
    }
    const override = `${artifact.imageRepository}=${artifact.imageRepository}@${artifact.digest}`;
    const existing = current.spec?.source?.kustomize?.images ?? [];
    const index = existing.findIndex(
      image => overriddenImageOf(image) === artifact.imageRepository,
    );
    const images =
      index >= 0
        ? existing.map((image, i) => (i === index ? override : image))
        : [...existing, override];
    await this.kubernetes.apply(application.cluster, [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: {
          name: application.name,
          namespace: application.namespace,
          annotations: { [annotation]: artifact.id },
        },
        spec: { source: { kustomize: { images } } },
      },
    ]);
  }

  /** The Application's sync and health status, for error messages; empty when unknown. */
  async statusOf(application: ArgoCdApplicationRef): Promise<string> {
    try {
      const { status } = await this.read(application);
      return `sync ${status?.sync?.status ?? 'unknown'}, health ${
        status?.health?.status ?? 'unknown'
      }`;
    } catch {
      return '';
    }
  }
}
