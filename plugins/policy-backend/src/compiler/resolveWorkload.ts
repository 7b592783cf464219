import { PolicyWorkload } from '@idp-platform/backstage-plugin-idp-common';

/** A workload with every default filled in for one environment. */
export interface ResolvedWorkload {
  service: string;
  namespace: string;
  serviceAccount: string;
  mesh: boolean;
}

/** Fills in the environment's namespace, the service account and mesh membership. */
export function resolveWorkload(
  workload: PolicyWorkload,
  namespace: string,
): ResolvedWorkload {
  return {
    service: workload.service,
    namespace: workload.namespace ?? namespace,
    serviceAccount: workload.serviceAccount ?? workload.service,
    mesh: workload.mesh ?? true,
  };
}

/** The SPIFFE identity Istio gives the workload's pods. */
export function principalOf(workload: ResolvedWorkload): string {
  return `cluster.local/ns/${workload.namespace}/sa/${workload.serviceAccount}`;
}
