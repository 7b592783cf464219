import { Config, readDurationFromConfig } from '@backstage/config';
import { ConfigTree } from '@idp-platform/backstage-plugin-idp-common';
import { HumanDuration } from '@backstage/types';
import { Duration } from 'luxon';

/** The validated `idp.config` configuration. */
export interface ConfigManagerConfig {
  globalDefaults: ConfigTree;
  environmentDefaults: Record<string, ConfigTree>;
  externalSecrets: { storeKind: string; refreshInterval: string };
  driftFrequency: HumanDuration;
  /** Folder of demo ApplicationConfiguration files loaded at startup. */
  demoData?: string;
}

function readFrequency(config: Config | undefined): HumanDuration {
  if (!config?.has('frequency')) return { minutes: 10 };
  const value = config.getOptional('frequency');
  if (typeof value === 'string') {
    const duration = Duration.fromISO(value);
    if (!duration.isValid || duration.toMillis() <= 0) {
      throw new Error(
        `idp.config.drift.frequency: ${value} is not a positive ISO 8601 duration`,
      );
    }
    return { milliseconds: duration.toMillis() };
  }
  return readDurationFromConfig(config, { key: 'frequency' });
}

/** Reads and validates `idp.config`. */
export function readConfigManagerConfig(root: Config): ConfigManagerConfig {
  const config = root.getOptionalConfig('idp.config');
  const storeKind =
    config?.getOptionalString('externalSecrets.storeKind') ??
    'ClusterSecretStore';
  if (!['SecretStore', 'ClusterSecretStore'].includes(storeKind)) {
    throw new Error(
      `idp.config.externalSecrets.storeKind must be SecretStore or ClusterSecretStore, not ${storeKind}`,
    );
  }
  const environments = config?.getOptionalConfig('defaults.environments');
  return {
    globalDefaults: (config?.getOptional('defaults.global') ??
      {}) as ConfigTree,
    environmentDefaults: Object.fromEntries(
      (environments?.keys() ?? []).map(name => [
        name,
        environments!.get(name) as ConfigTree,
      ]),
    ),
    externalSecrets: {
      storeKind,
      refreshInterval:
        config?.getOptionalString('externalSecrets.refreshInterval') ?? '1h',
    },
    driftFrequency: readFrequency(config?.getOptionalConfig('drift')),
    demoData: config?.getOptionalString('demoData'),
  };
}
