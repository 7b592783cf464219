export type {
  KubernetesListOptions,
  KubernetesManagedFieldsEntry,
  KubernetesObject,
  KubernetesObjectMetadata,
  KubernetesObjectReference,
  KubernetesRolloutOptions,
  KubernetesRolloutStatus,
  KubernetesService,
  KubernetesWriteOptions,
} from './KubernetesService';
export { KubernetesRolloutError } from './KubernetesRolloutError';
export { DefaultKubernetesService } from './DefaultKubernetesService';
export type { DefaultKubernetesServiceOptions } from './DefaultKubernetesService';
export { kubernetesServiceRef } from './kubernetesServiceRef';
export { readClusterConfigs } from './readClusterConfigs';
export type { ClusterConfig } from './readClusterConfigs';
export { createKubeConfig } from './createKubeConfig';
