/**
 * A kind the Kubernetes test server serves.
 *
 * @public
 */
export interface KubernetesTestResource {
  /** API group; empty for the core group. */
  group: string;
  version: string;
  kind: string;
  /** Resource name in URLs, such as `deployments`. */
  plural: string;
  namespaced: boolean;
}

/** The built-in kinds and the custom resources the IDP Platform uses. */
export const DEFAULT_TEST_RESOURCES: KubernetesTestResource[] = [
  {
    group: '',
    version: 'v1',
    kind: 'Namespace',
    plural: 'namespaces',
    namespaced: false,
  },
  {
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    namespaced: true,
  },
  {
    group: '',
    version: 'v1',
    kind: 'Secret',
    plural: 'secrets',
    namespaced: true,
  },
  {
    group: '',
    version: 'v1',
    kind: 'Service',
    plural: 'services',
    namespaced: true,
  },
  {
    group: '',
    version: 'v1',
    kind: 'ServiceAccount',
    plural: 'serviceaccounts',
    namespaced: true,
  },
  { group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
  {
    group: 'apps',
    version: 'v1',
    kind: 'Deployment',
    plural: 'deployments',
    namespaced: true,
  },
  {
    group: 'apps',
    version: 'v1',
    kind: 'StatefulSet',
    plural: 'statefulsets',
    namespaced: true,
  },
  {
    group: 'autoscaling',
    version: 'v2',
    kind: 'HorizontalPodAutoscaler',
    plural: 'horizontalpodautoscalers',
    namespaced: true,
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    kind: 'NetworkPolicy',
    plural: 'networkpolicies',
    namespaced: true,
  },
  {
    group: 'security.istio.io',
    version: 'v1',
    kind: 'AuthorizationPolicy',
    plural: 'authorizationpolicies',
    namespaced: true,
  },
  {
    group: 'security.istio.io',
    version: 'v1',
    kind: 'PeerAuthentication',
    plural: 'peerauthentications',
    namespaced: true,
  },
  {
    group: 'security.istio.io',
    version: 'v1',
    kind: 'RequestAuthentication',
    plural: 'requestauthentications',
    namespaced: true,
  },
  {
    group: 'external-secrets.io',
    version: 'v1beta1',
    kind: 'ExternalSecret',
    plural: 'externalsecrets',
    namespaced: true,
  },
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    kind: 'Application',
    plural: 'applications',
    namespaced: true,
  },
];

/** `apiVersion` of a resource's objects, such as `apps/v1` or `v1`. */
export function apiVersionOf(resource: KubernetesTestResource): string {
  return resource.group
    ? `${resource.group}/${resource.version}`
    : resource.version;
}

/** Whether a kind is built into Kubernetes rather than a custom resource. */
export function isBuiltIn(resource: KubernetesTestResource): boolean {
  return (
    resource.group === '' ||
    resource.group === 'apps' ||
    resource.group === 'autoscaling' ||
    resource.group === 'networking.k8s.io'
  );
}
