import { HumanDuration } from '@backstage/types';

/**
 * One entry of `metadata.managedFields`: which manager owns which fields.
 *
 * @public
 */
export interface KubernetesManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

/**
 * `metadata` of a Kubernetes object, as JSON.
 *
 * @public
 */
export interface KubernetesObjectMetadata {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  finalizers?: string[];
  ownerReferences?: Array<Record<string, unknown>>;
  managedFields?: KubernetesManagedFieldsEntry[];
}

/**
 * A Kubernetes object as the JSON the API server reads and returns
 * (timestamps are strings, unknown fields are kept).
 *
 * @public
 */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: KubernetesObjectMetadata;
  [field: string]: unknown;
}

/**
 * Points at one Kubernetes object. `namespace` is left out for cluster-scoped kinds.
 *
 * @public
 */
export interface KubernetesObjectReference {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * Options of a change to a cluster.
 *
 * @public
 */
export interface KubernetesWriteOptions {
  /**
   * Validate with the API server (server-side dry run, `dryRun=All`) and
   * return what it would store, without storing anything.
   */
  dryRun?: boolean;
}

/**
 * Which objects `list` returns.
 *
 * @public
 */
export interface KubernetesListOptions {
  apiVersion: string;
  kind: string;
  /** Namespace to list in; all namespaces when absent. */
  namespace?: string;
  /** A Kubernetes label selector, such as `app=web,tier in (frontend,backend)`. */
  labelSelector?: string;
}

/**
 * How long `waitForRollout` waits, and how often it looks.
 *
 * @public
 */
export interface KubernetesRolloutOptions {
  /** Defaults to `idp.kubernetes.rolloutTimeout` (PT5M). */
  timeout?: HumanDuration;
  /** Defaults to two seconds. */
  pollInterval?: HumanDuration;
}

/**
 * Progress of a Deployment rollout, as its status last reported it.
 *
 * @public
 */
export interface KubernetesRolloutStatus {
  namespace: string;
  name: string;
  /** Generation of the Deployment's spec. */
  generation: number;
  /** Generation the Deployment controller has acted on. */
  observedGeneration: number;
  /** Desired replicas (`spec.replicas`). */
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
}

/**
 * All Kubernetes access of the IDP Platform. Objects are applied with
 * server-side apply under one field manager. API errors arrive as
 * NotFoundError (404), ConflictError (409) or InputError (400, 422, with the
 * API server's message); other errors as they are.
 *
 * @public
 */
export interface KubernetesService {
  /** Names of the configured clusters. */
  listClusters(): string[];

  /**
   * Server-side applies the objects in order (force-taking conflicting
   * fields) and returns them as stored, or as the server would store them
   * with `dryRun`. Stops at the first failure; objects before it stay applied.
   */
  apply<T extends KubernetesObject = KubernetesObject>(
    cluster: string,
    objects: T[],
    options?: KubernetesWriteOptions,
  ): Promise<T[]>;

  /** Reads one object; NotFoundError when it does not exist. */
  get<T extends KubernetesObject = KubernetesObject>(
    cluster: string,
    ref: KubernetesObjectReference,
  ): Promise<T>;

  /** Lists objects of one kind, with `apiVersion` and `kind` set on each. */
  list<T extends KubernetesObject = KubernetesObject>(
    cluster: string,
    options: KubernetesListOptions,
  ): Promise<T[]>;

  /**
   * Replaces an object. `metadata.resourceVersion` is required; when the
   * object changed since it was read, ConflictError.
   */
  replace<T extends KubernetesObject = KubernetesObject>(
    cluster: string,
    object: T,
    options?: KubernetesWriteOptions,
  ): Promise<T>;

  /** Deletes an object; NotFoundError when it does not exist. */
  delete(
    cluster: string,
    ref: KubernetesObjectReference,
    options?: KubernetesWriteOptions,
  ): Promise<void>;

  /**
   * Waits until the Deployment runs its current spec on all desired replicas.
   * Rejects with a KubernetesRolloutError whose reason is the Deployment's
   * (such as ProgressDeadlineExceeded) or `Timeout`.
   */
  waitForRollout(
    cluster: string,
    namespace: string,
    deploymentName: string,
    options?: KubernetesRolloutOptions,
  ): Promise<KubernetesRolloutStatus>;
}
