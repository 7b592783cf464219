import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { Duration } from 'luxon';

/** The validated `idp.mcpRegistry` configuration. */
export interface McpRegistryConfig {
  probeTimeoutMs: number;
  probeFrequency: HumanDuration;
  allowPackageDownload: boolean;
  historyLimit: number;
  importSources: { url: string; owner: string }[];
  hosting: {
    gatewayImage: string;
    rolloutTimeout: HumanDuration;
  };
  /** Folder of demo server.json files registered at startup. */
  demoData?: string;
}

function readDuration(
  config: Config | undefined,
  key: string,
  fallback: string,
  prefix = 'idp.mcpRegistry.probe',
) {
  if (!config?.has(key)) return Duration.fromISO(fallback);
  const value = config.getOptional(key);
  if (typeof value === 'string') {
    const duration = Duration.fromISO(value);
    if (!duration.isValid) {
      throw new Error(`${prefix}.${key}: ${value} is not an ISO 8601 duration`);
    }
    return duration;
  }
  return Duration.fromObject(readDurationFromConfig(config, { key }));
}

/** Reads and validates `idp.mcpRegistry`. */
export function readMcpRegistryConfig(root: Config): McpRegistryConfig {
  const config = root.getOptionalConfig('idp.mcpRegistry');
  const probe = config?.getOptionalConfig('probe');
  const timeout = readDuration(probe, 'timeout', 'PT10S');
  const frequency = readDuration(probe, 'frequency', 'PT5M');
  const hosting = config?.getOptionalConfig('hosting');
  const rolloutTimeout = readDuration(
    hosting,
    'rolloutTimeout',
    'PT5M',
    'idp.mcpRegistry.hosting',
  );
  return {
    probeTimeoutMs: timeout.toMillis(),
    probeFrequency: { milliseconds: frequency.toMillis() },
    allowPackageDownload:
      probe?.getOptionalBoolean('allowPackageDownload') ?? false,
    historyLimit: probe?.getOptionalNumber('historyLimit') ?? 50,
    importSources: (config?.getOptionalConfigArray('importSources') ?? []).map(
      source => ({
        url: source.getString('url'),
        owner: source.getString('owner'),
      }),
    ),
    hosting: {
      gatewayImage:
        hosting?.getOptionalString('gatewayImage') ?? 'node:22-alpine',
      rolloutTimeout: { milliseconds: rolloutTimeout.toMillis() },
    },
    demoData: config?.getOptionalString('demoData'),
  };
}
