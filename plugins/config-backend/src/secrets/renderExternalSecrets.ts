import {
  ConfigTree,
  isSecretRefValue,
  SecretRefValue,
} from '@idp-platform/backstage-plugin-idp-common';
import { KubernetesObject } from '@idp-platform/backstage-plugin-idp-node';
import { parseConfigPointer } from '../model/configPointer';
import { flattenConfigTree } from '../model/flattenConfigTree';

/** How ExternalSecrets are rendered. */
export interface ExternalSecretOptions {
  /** `SecretStore` or `ClusterSecretStore`. */
  storeKind: string;
  /** How often the operator re-reads the store, e.g. `1h`. */
  refreshInterval: string;
  labels: Record<string, string>;
}

/** The Secret key a configuration key is delivered under: `database.password`. */
export function secretKeyOf(pointer: string): string {
  return parseConfigPointer(pointer)
    .map(segment => segment.replace(/[^-._a-zA-Z0-9]/g, '_'))
    .join('.');
}

/** Name of the ExternalSecret (and of the Secret it creates) for one store. */
export function externalSecretName(application: string, store: string): string {
  return `${application}-${store}`.slice(0, 253).replace(/[-.]+$/, '');
}

/**
 * One External Secrets Operator `ExternalSecret` per secret store, listing
 * every secret reference of the effective configuration. Only references
 * are rendered: the values stay in the store.
 */
export function renderExternalSecrets(
  application: string,
  namespace: string,
  values: ConfigTree,
  options: ExternalSecretOptions,
): KubernetesObject[] {
  const byStore = new Map<string, { pointer: string; ref: SecretRefValue }[]>();
  for (const [pointer, value] of flattenConfigTree(values)) {
    if (!isSecretRefValue(value)) continue;
    const ref = value as SecretRefValue;
    const entries = byStore.get(ref.secretRef.store) ?? [];
    entries.push({ pointer, ref });
    byStore.set(ref.secretRef.store, entries);
  }
  return [...byStore.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([store, entries]) => {
      const name = externalSecretName(application, store);
      return {
        apiVersion: 'external-secrets.io/v1beta1',
        kind: 'ExternalSecret',
        metadata: { name, namespace, labels: options.labels },
        spec: {
          secretStoreRef: { name: store, kind: options.storeKind },
          refreshInterval: options.refreshInterval,
          target: { name, creationPolicy: 'Owner' },
          data: entries.map(({ pointer, ref }) => ({
            secretKey: secretKeyOf(pointer),
            remoteRef: {
              key: ref.secretRef.key,
              ...(ref.secretRef.property && {
                property: ref.secretRef.property,
              }),
              ...(ref.secretRef.version && {
                version: ref.secretRef.version,
              }),
            },
          })),
        },
      };
    });
}
