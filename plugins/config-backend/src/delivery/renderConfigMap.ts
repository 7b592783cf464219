import {
  ConfigTree,
  FlagdConfiguration,
  isSecretRefValue,
} from '@idp-platform/backstage-plugin-idp-common';
import { KubernetesObject } from '@idp-platform/backstage-plugin-idp-node';
import { canonicalJson } from '../model/canonicalJson';
import { flattenConfigTree } from '../model/flattenConfigTree';
import { unflattenConfigTree } from '../model/unflattenConfigTree';
import { kustomizeConfigMapHash } from './kustomizeConfigMapHash';

/** The base name the content hash is appended to. */
export function configMapBaseName(application: string): string {
  return `${application}-config`;
}

/**
 * The effective configuration as an immutable ConfigMap named
 * `<application>-config-<hash>` (as Kustomize's configMapGenerator names
 * them): `config.json` holds every value but the secret references, which
 * are delivered as ExternalSecrets; `flags.json` the flagd flags.
 */
export function renderConfigMap(options: {
  application: string;
  namespace: string;
  values: ConfigTree;
  flags?: FlagdConfiguration;
  labels: Record<string, string>;
}): KubernetesObject {
  const plain = [...flattenConfigTree(options.values)].filter(
    ([, value]) => !isSecretRefValue(value),
  );
  const data: Record<string, string> = {
    'config.json': `${canonicalJson(unflattenConfigTree(plain), 2)}\n`,
  };
  if (options.flags && Object.keys(options.flags.flags).length > 0) {
    data['flags.json'] = `${canonicalJson(options.flags, 2)}\n`;
  }
  const base = configMapBaseName(options.application);
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `${base}-${kustomizeConfigMapHash(base, data)}`,
      namespace: options.namespace,
      labels: options.labels,
    },
    immutable: true,
    data,
  };
}
