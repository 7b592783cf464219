import { Config } from '@backstage/config';

/**
 * How to reach one Kubernetes cluster, as configured in `idp.clusters`.
 * Exactly one of `url`, `kubeconfigContext` or `inCluster` is set.
 *
 * @public
 */
export interface ClusterConfig {
  /** Name that `idp.environments[].cluster` refers to. */
  name: string;
  /** API server URL. */
  url?: string;
  /** Bearer token sent to `url`; absent for an unauthenticated API such as `kubectl proxy`. */
  token?: string;
  /** Base64-encoded PEM CA bundle of the API server at `url`. */
  caData?: string;
  /** Skip TLS verification of `url`; required by the client for plain http URLs. */
  skipTLSVerify?: boolean;
  /** Context of a kubeconfig file to use. */
  kubeconfigContext?: string;
  /** Kubeconfig file of `kubeconfigContext`; KUBECONFIG or ~/.kube/config when absent. */
  kubeconfigPath?: string;
  /** Use the service account of the pod Backstage runs in. */
  inCluster?: boolean;
}

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Reads and validates `idp.clusters`; an empty list when the key is absent.
 * Throws an error naming the bad key.
 *
 * @public
 */
export function readClusterConfigs(config: Config): ClusterConfig[] {
  const entries = config.getOptionalConfigArray('idp.clusters') ?? [];
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const key = `idp.clusters[${index}]`;
    const invalid = (field: string, message: string) =>
      new Error(`Invalid ${key}${field ? `.${field}` : ''}: ${message}`);

    const cluster: ClusterConfig = {
      name: entry.getString('name'),
      url: entry.getOptionalString('url'),
      token: entry.getOptionalString('token'),
      caData: entry.getOptionalString('caData'),
      skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify'),
      kubeconfigContext: entry.getOptionalString('kubeconfigContext'),
      kubeconfigPath: entry.getOptionalString('kubeconfigPath'),
      inCluster: entry.getOptionalBoolean('inCluster'),
    };

    if (!CLUSTER_NAME.test(cluster.name)) {
      throw invalid('name', `"${cluster.name}" must be a DNS label`);
    }
    if (seen.has(cluster.name)) {
      throw invalid('name', `cluster "${cluster.name}" is defined twice`);
    }
    seen.add(cluster.name);

    const ways = [
      cluster.url !== undefined && 'url',
      cluster.kubeconfigContext !== undefined && 'kubeconfigContext',
      cluster.inCluster === true && 'inCluster',
    ].filter(Boolean);
    if (ways.length !== 1) {
      throw invalid(
        '',
        `set exactly one of url (with token), kubeconfigContext or inCluster; found ${
          ways.length ? ways.join(', ') : 'none'
        }`,
      );
    }

    if (cluster.token !== undefined && cluster.url === undefined) {
      throw invalid('token', 'is only used with url');
    }
    for (const field of ['caData', 'skipTLSVerify'] as const) {
      if (cluster[field] !== undefined && cluster.url === undefined) {
        throw invalid(field, 'is only used with url');
      }
    }
    if (
      cluster.kubeconfigPath !== undefined &&
      cluster.kubeconfigContext === undefined
    ) {
      throw invalid('kubeconfigPath', 'is only used with kubeconfigContext');
    }

    if (cluster.url !== undefined) {
      let url: URL;
      try {
        url = new URL(cluster.url);
      } catch {
        throw invalid('url', `"${cluster.url}" is not a URL`);
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw invalid('url', 'must be an http or https URL');
      }
      // @kubernetes/client-node refuses plain http unless TLS verification is off.
      if (url.protocol === 'http:' && cluster.skipTLSVerify !== true) {
        throw invalid('skipTLSVerify', 'must be true for a plain http url');
      }
      if (cluster.token === '') {
        throw invalid('token', 'must not be empty');
      }
    }
    return cluster;
  });
}
