import { KubeConfig } from '@kubernetes/client-node';
import { ClusterConfig } from './readClusterConfigs';

/**
 * Builds the client configuration of one cluster: URL and token, a kubeconfig
 * context, or the pod's service account.
 *
 * @public
 */
export function createKubeConfig(cluster: ClusterConfig): KubeConfig {
  const kubeConfig = new KubeConfig();

  if (cluster.url !== undefined) {
    kubeConfig.loadFromOptions({
      clusters: [
        {
          name: cluster.name,
          server: cluster.url.replace(/\/+$/, ''),
          caData: cluster.caData,
          skipTLSVerify: cluster.skipTLSVerify ?? false,
        },
      ],
      users: [{ name: cluster.name, token: cluster.token }],
      contexts: [
        { name: cluster.name, cluster: cluster.name, user: cluster.name },
      ],
      currentContext: cluster.name,
    });
    return kubeConfig;
  }

  if (cluster.kubeconfigContext !== undefined) {
    if (cluster.kubeconfigPath) {
      kubeConfig.loadFromFile(cluster.kubeconfigPath);
    } else {
      kubeConfig.loadFromDefault();
    }
    if (!kubeConfig.getContextObject(cluster.kubeconfigContext)) {
      const source = cluster.kubeconfigPath ?? 'the default kubeconfig';
      throw new Error(
        `Cluster "${cluster.name}": context "${cluster.kubeconfigContext}" is not in ${source}`,
      );
    }
    kubeConfig.setCurrentContext(cluster.kubeconfigContext);
    return kubeConfig;
  }

  if (cluster.inCluster) {
    kubeConfig.loadFromCluster();
    return kubeConfig;
  }

  throw new Error(
    `Cluster "${cluster.name}" needs url, kubeconfigContext or inCluster`,
  );
}
