import { renderExternalSecrets } from '../secrets/renderExternalSecrets';
import { kustomizeConfigMapHash } from './kustomizeConfigMapHash';
import { renderConfigMap } from './renderConfigMap';

const values = {
  database: {
    host: 'db',
    port: 5432,
    password: {
      secretRef: {
        store: 'vault-backend',
        key: 'payments/db',
        property: 'password',
        version: '3',
      },
    },
  },
  stripe: { apiKey: { secretRef: { store: 'aws', key: 'stripe' } } },
};

describe('renderConfigMap', () => {
  it('names the ConfigMap after a hash of its content and leaves secret references out', () => {
    const configMap = renderConfigMap({
      application: 'payments-api',
      namespace: 'production',
      values,
      labels: { 'app.kubernetes.io/managed-by': 'idp-platform' },
    });
    expect(configMap.metadata.name).toMatch(
      /^payments-api-config-[a-z0-9]{10}$/,
    );
    expect(configMap.immutable).toBe(true);
    expect(JSON.parse((configMap.data as any)['config.json'])).toEqual({
      database: { host: 'db', port: 5432 },
    });
    const reordered = renderConfigMap({
      application: 'payments-api',
      namespace: 'production',
      values: { stripe: values.stripe, database: { port: 5432, host: 'db' } },
      labels: {},
    });
    expect(reordered.metadata.name).toBe(configMap.metadata.name);
    const changed = renderConfigMap({
      application: 'payments-api',
      namespace: 'production',
      values: { database: { host: 'db', port: 5433 } },
      labels: {},
    });
    expect(changed.metadata.name).not.toBe(configMap.metadata.name);
  });

  it('hashes like Kustomize: ten characters without the digits 0, 1, 3 or the vowels a, e', () => {
    const hash = kustomizeConfigMapHash('app-config', { 'config.json': '{}' });
    expect(hash).toMatch(/^[2456789bcdfghkmt]{10}$/);
    expect(kustomizeConfigMapHash('app-config', { 'config.json': '{}' })).toBe(
      hash,
    );
  });
});

describe('renderExternalSecrets', () => {
  it('renders one ExternalSecret per store with remoteRef key, property and version', () => {
    const secrets = renderExternalSecrets(
      'payments-api',
      'production',
      values,
      {
        storeKind: 'ClusterSecretStore',
        refreshInterval: '1h',
        labels: { 'app.kubernetes.io/managed-by': 'idp-platform' },
      },
    );
    expect(secrets).toEqual([
      {
        apiVersion: 'external-secrets.io/v1beta1',
        kind: 'ExternalSecret',
        metadata: {
          name: 'payments-api-aws',
          namespace: 'production',
          labels: { 'app.kubernetes.io/managed-by': 'idp-platform' },
        },
        spec: {
          secretStoreRef: { name: 'aws', kind: 'ClusterSecretStore' },
          refreshInterval: '1h',
          target: { name: 'payments-api-aws', creationPolicy: 'Owner' },
          data: [{ secretKey: 'stripe.apiKey', remoteRef: { key: 'stripe' } }],
        },
      },
      {
        apiVersion: 'external-secrets.io/v1beta1',
        kind: 'ExternalSecret',
        metadata: {
          name: 'payments-api-vault-backend',
          namespace: 'production',
          labels: { 'app.kubernetes.io/managed-by': 'idp-platform' },
        },
        spec: {
          secretStoreRef: { name: 'vault-backend', kind: 'ClusterSecretStore' },
          refreshInterval: '1h',
          target: {
            name: 'payments-api-vault-backend',
            creationPolicy: 'Owner',
          },
          data: [
            {
              secretKey: 'database.password',
              remoteRef: {
                key: 'payments/db',
                property: 'password',
                version: '3',
              },
            },
          ],
        },
      },
    ]);
  });
});
