import { Config } from '@backstage/config';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The validated `idp.policy` configuration. */
export interface PolicyConfig {
  /** Folder of policy YAML files created at startup when missing. */
  demoData?: string;
  monitoringNamespaces: string[];
  loggingNamespaces: string[];
  opaProvider: string;
  dnsNamespace: string;
  /** Per environment: whether it is strict; unset environments are strict when protected. */
  strictEnvironments: Record<string, boolean>;
}

function namespaces(
  config: Config | undefined,
  key: string,
  fallback: string[],
) {
  const values = config?.getOptionalStringArray(key) ?? fallback;
  for (const value of values) {
    if (!DNS_LABEL.test(value)) {
      throw new Error(`idp.policy.${key}: ${value} is not a namespace name`);
    }
  }
  return values;
}

function dnsNamespace(config: Config | undefined): string {
  const value = config?.getOptionalString('dnsNamespace') ?? 'kube-system';
  if (!DNS_LABEL.test(value)) {
    throw new Error(
      `idp.policy.dnsNamespace: ${value} is not a namespace name`,
    );
  }
  return value;
}

/** Reads and validates `idp.policy`. */
export function readPolicyConfig(root: Config): PolicyConfig {
  const config = root.getOptionalConfig('idp.policy');
  const environments = config?.getOptionalConfig('environments');
  return {
    demoData: config?.getOptionalString('demoData'),
    monitoringNamespaces: namespaces(config, 'monitoringNamespaces', [
      'monitoring',
    ]),
    loggingNamespaces: namespaces(config, 'loggingNamespaces', ['logging']),
    opaProvider: config?.getOptionalString('opaProvider') ?? 'opa-ext-authz',
    dnsNamespace: dnsNamespace(config),
    strictEnvironments: Object.fromEntries(
      (environments?.keys() ?? []).flatMap(name => {
        const strict = environments!.getOptionalBoolean(`${name}.strict`);
        return strict === undefined ? [] : [[name, strict]];
      }),
    ),
  };
}
