import { Entity } from '@backstage/catalog-model';
import {
  Environment,
  IDP_ANNOTATIONS,
} from '@idp-platform/backstage-plugin-idp-common';

/** The Deployment a component runs as in one environment. */
export interface DeploymentTarget {
  cluster: string;
  namespace: string;
  /** Deployment name: the `idp-platform/service-id` annotation, else the entity name. */
  name: string;
  /** The `idp-platform/health-check` URL, with `{environment}` and `{namespace}` filled in. */
  healthCheckUrl?: string;
}

/** Where a component runs in an environment. */
export function deploymentTargetOf(
  entity: Entity,
  environment: Environment,
): DeploymentTarget {
  const annotations = entity.metadata.annotations ?? {};
  const healthCheck = annotations[IDP_ANNOTATIONS.healthCheck];
  return {
    cluster: environment.cluster,
    namespace: environment.namespace,
    name: annotations[IDP_ANNOTATIONS.serviceId] ?? entity.metadata.name,
    healthCheckUrl: healthCheck
      ?.replaceAll('{environment}', environment.name)
      .replaceAll('{namespace}', environment.namespace),
  };
}
