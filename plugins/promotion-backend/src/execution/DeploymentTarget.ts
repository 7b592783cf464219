import { Entity } from '@backstage/catalog-model';
import {
  Environment,
  IDP_ANNOTATIONS,
} from '@idp-platform/backstage-plugin-idp-common';

/** The annotation of the Backstage Argo CD plugin that names a component's Application. */
export const ARGOCD_APP_NAME_ANNOTATION = 'argocd/app-name';

/** Where promotion finds Argo CD Applications, from `idp.promotion.argocd`. */
export interface ArgoCdSettings {
  /** Cluster that runs Argo CD; the environment's cluster when absent. */
  cluster?: string;
  /** Namespace of the Application objects. */
  namespace: string;
}

/** An Argo CD Application that deploys a component in one environment. */
export interface ArgoCdApplicationRef {
  cluster: string;
  namespace: string;
  name: string;
}

/** The Deployment a component runs as in one environment. */
export interface DeploymentTarget {
  cluster: string;
  namespace: string;
  /** Deployment name: the `idp-platform/service-id` annotation, else the entity name. */
  name: string;
  /** The `idp-platform/health-check` URL, with `{environment}` and `{namespace}` filled in. */
  healthCheckUrl?: string;
  /** When set, the image is changed through this Application instead of on the Deployment. */
  argoCdApplication?: ArgoCdApplicationRef;
}

function fillIn(template: string, environment: Environment): string {
  return template
    .replaceAll('{environment}', environment.name)
    .replaceAll('{namespace}', environment.namespace);
}

/**
 * Where a component runs in an environment. With `argoCd` (Argo CD enabled)
 * and an `argocd/app-name` annotation, the target names that Application.
 */
export function deploymentTargetOf(
  entity: Entity,
  environment: Environment,
  argoCd?: ArgoCdSettings,
): DeploymentTarget {
  const annotations = entity.metadata.annotations ?? {};
  const healthCheck = annotations[IDP_ANNOTATIONS.healthCheck];
  const applicationName = annotations[ARGOCD_APP_NAME_ANNOTATION];
  return {
    cluster: environment.cluster,
    namespace: environment.namespace,
    name: annotations[IDP_ANNOTATIONS.serviceId] ?? entity.metadata.name,
    healthCheckUrl: healthCheck && fillIn(healthCheck, environment),
    ...(argoCd &&
      applicationName && {
        argoCdApplication: {
          cluster: argoCd.cluster ?? environment.cluster,
          namespace: argoCd.namespace,
          name: fillIn(applicationName, environment),
        },
      }),
  };
}
