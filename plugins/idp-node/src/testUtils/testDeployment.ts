import type { KubernetesObject } from '../kubernetes/KubernetesService';

/**
 * A minimal apps/v1 Deployment with two replicas of one container, for tests
 * that apply, patch or roll out workloads against KubernetesTestServer.
 *
 * @public
 */
export function testDeployment(
  namespace: string,
  name: string,
  image: string,
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image }] },
      },
    },
  };
}
