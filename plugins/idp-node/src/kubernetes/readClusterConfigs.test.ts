import { ConfigReader } from '@backstage/config';
import { readClusterConfigs } from './readClusterConfigs';

function read(clusters: unknown[]) {
  return readClusterConfigs(new ConfigReader({ idp: { clusters } } as any));
}

describe('readClusterConfigs', () => {
  it('reads no clusters when idp.clusters is absent', () => {
    expect(readClusterConfigs(new ConfigReader({}))).toEqual([]);
  });

  it('reads clusters reached by url, kubeconfig context or in-cluster', () => {
    const clusters = read([
      {
        name: 'prod',
        url: 'https://k8s.example.com',
        token: 't',
        caData: 'Y2E=',
      },
      { name: 'local', url: 'http://127.0.0.1:6443', skipTLSVerify: true },
      {
        name: 'kind',
        kubeconfigContext: 'kind-kind',
        kubeconfigPath: '/tmp/kubeconfig',
      },
      { name: 'self', inCluster: true },
    ]);
    expect(clusters.map(c => c.name)).toEqual([
      'prod',
      'local',
      'kind',
      'self',
    ]);
    expect(clusters[0]).toMatchObject({
      url: 'https://k8s.example.com',
      token: 't',
      caData: 'Y2E=',
    });
    expect(clusters[2]).toMatchObject({
      kubeconfigContext: 'kind-kind',
      kubeconfigPath: '/tmp/kubeconfig',
    });
  });

  it('names the key of an invalid cluster', () => {
    expect(() => read([{ name: 'a' }])).toThrow(
      'Invalid idp.clusters[0]: set exactly one of url (with token), kubeconfigContext or inCluster; found none',
    );
    expect(() =>
      read([
        { name: 'a', inCluster: true },
        { name: 'b', url: 'https://x', inCluster: true },
      ]),
    ).toThrow(
      'Invalid idp.clusters[1]: set exactly one of url (with token), kubeconfigContext or inCluster; found url, inCluster',
    );
    expect(() => read([{ name: 'a', inCluster: true, token: 't' }])).toThrow(
      'Invalid idp.clusters[0].token: is only used with url',
    );
    expect(() =>
      read([{ name: 'a', inCluster: true, kubeconfigPath: '/k' }]),
    ).toThrow(
      'Invalid idp.clusters[0].kubeconfigPath: is only used with kubeconfigContext',
    );
    expect(() => read([{ name: 'a', url: 'not a url', token: 't' }])).toThrow(
      'Invalid idp.clusters[0].url: "not a url" is not a URL',
    );
    expect(() =>
      read([{ name: 'a', url: 'http://127.0.0.1:6443', token: 't' }]),
    ).toThrow(
      'Invalid idp.clusters[0].skipTLSVerify: must be true for a plain http url',
    );
    expect(() =>
      read([
        { name: 'a', inCluster: true },
        { name: 'a', inCluster: true },
      ]),
    ).toThrow('Invalid idp.clusters[1].name: cluster "a" is defined twice');
    expect(() => read([{ name: 'Prod_1', inCluster: true }])).toThrow(
      'Invalid idp.clusters[0].name: "Prod_1" must be a DNS label',
    );
    expect(() => read([{ name: 'a', url: 42 }])).toThrow(
      /idp\.clusters\[0\]\.url/,
    );
    expect(() => read([{ url: 'https://x' }])).toThrow(
      /idp\.clusters\[0\]\.name/,
    );
  });
});
