import { createMockDirectory } from '@backstage/backend-test-utils';
import { createKubeConfig } from './createKubeConfig';

const KUBECONFIG = `
apiVersion: v1
kind: Config
current-context: first
clusters:
  - name: first
    cluster: { server: 'https://first.example.com' }
  - name: second
    cluster: { server: 'https://second.example.com' }
users:
  - name: someone
    user: { token: from-file }
contexts:
  - name: first
    context: { cluster: first, user: someone }
  - name: second
    context: { cluster: second, user: someone, namespace: team }
`;

describe('createKubeConfig', () => {
  const directory = createMockDirectory();

  it('connects to a url with a bearer token', () => {
    const kubeConfig = createKubeConfig({
      name: 'prod',
      url: 'https://k8s.example.com/',
      token: 'secret',
      caData: 'Y2E=',
    });
    expect(kubeConfig.getCurrentCluster()).toMatchObject({
      server: 'https://k8s.example.com',
      caData: 'Y2E=',
      skipTLSVerify: false,
    });
    expect(kubeConfig.getCurrentUser()?.token).toBe('secret');
  });

  it('uses the named context of a kubeconfig file', () => {
    directory.setContent({ kubeconfig: KUBECONFIG });
    const kubeConfig = createKubeConfig({
      name: 'kind',
      kubeconfigContext: 'second',
      kubeconfigPath: directory.resolve('kubeconfig'),
    });
    expect(kubeConfig.getCurrentCluster()?.server).toBe(
      'https://second.example.com',
    );
    expect(kubeConfig.getCurrentUser()?.token).toBe('from-file');
  });

  it('names a context the kubeconfig does not have', () => {
    directory.setContent({ kubeconfig: KUBECONFIG });
    const path = directory.resolve('kubeconfig');
    expect(() =>
      createKubeConfig({
        name: 'kind',
        kubeconfigContext: 'third',
        kubeconfigPath: path,
      }),
    ).toThrow(`Cluster "kind": context "third" is not in ${path}`);
  });
});
