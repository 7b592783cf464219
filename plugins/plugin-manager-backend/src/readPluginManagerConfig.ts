import fs from 'node:fs';
import path from 'node:path';
import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { Duration } from 'luxon';

/** One npm registry the manager reads. */
export interface RegistryConfig {
  name: string;
  url: string;
  scopes: string[];
  token?: string;
  default: boolean;
}

/** Where and how to restart the Backstage Deployment after a change. */
export interface DeploymentConfig {
  cluster?: string;
  environment?: string;
  namespace?: string;
  name: string;
  readinessTimeout: HumanDuration;
  pollInterval?: HumanDuration;
}

/** The validated `idp.pluginManager` configuration. */
export interface PluginManagerConfig {
  registries: RegistryConfig[];
  queries: string[];
  /** Packages read by name besides the search hits. */
  packages: string[];
  maxPackages: number;
  cacheTtl: HumanDuration;
  refreshFrequency: HumanDuration;
  environment?: string;
  appRoot: string;
  releaseManifest: string;
  rootDirectory?: string;
  storageDirectory?: string;
  deployment?: DeploymentConfig;
  healthFrequency: HumanDuration;
  healthRoutePath: string;
}

function readDuration(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  if (!config?.has(key)) return fallback;
  const value = config.getOptional(key);
  if (typeof value === 'string') {
    const duration = Duration.fromISO(value);
    if (!duration.isValid || duration.toMillis() <= 0) {
      throw new Error(
        `idp.pluginManager.${key}: ${value} is not a positive ISO 8601 duration`,
      );
    }
    return { milliseconds: duration.toMillis() };
  }
  return readDurationFromConfig(config, { key });
}

function findAppRoot(start: string): string {
  let current = path.resolve(start);
  for (;;) {
    if (fs.existsSync(path.join(current, 'backstage.json'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return path.resolve(start);
    current = parent;
  }
}

/** Reads and validates `idp.pluginManager` and `dynamicPlugins.rootDirectory`. */
export function readPluginManagerConfig(root: Config): PluginManagerConfig {
  const config = root.getOptionalConfig('idp.pluginManager');
  const registries: RegistryConfig[] = [
    {
      name: 'default',
      url: (
        config?.getOptionalString('defaultRegistry.url') ??
        'https://registry.npmjs.org'
      ).replace(/\/+$/, ''),
      scopes: [],
      token: config?.getOptionalString('defaultRegistry.token'),
      default: true,
    },
  ];
  for (const registry of config?.getOptionalConfigArray('registries') ?? []) {
    const name = registry.getString('name');
    if (registries.some(r => r.name === name)) {
      throw new Error(`idp.pluginManager.registries: duplicate name ${name}`);
    }
    registries.push({
      name,
      url: registry.getString('url').replace(/\/+$/, ''),
      scopes: (registry.getOptionalStringArray('scopes') ?? []).map(scope =>
        scope.startsWith('@') ? scope : `@${scope}`,
      ),
      token: registry.getOptionalString('token'),
      default: false,
    });
  }
  const appRoot = path.resolve(
    config?.getOptionalString('appRoot') ?? findAppRoot(process.cwd()),
  );
  const deployment = config?.getOptionalConfig('deployment');
  const rootDirectory = root.getOptionalString('dynamicPlugins.rootDirectory');
  const discovery = config?.getOptionalConfig('discovery');
  const maxPackages = discovery?.getOptionalNumber('maxPackages') ?? 2000;
  if (!Number.isInteger(maxPackages) || maxPackages < 1) {
    throw new Error(
      'idp.pluginManager.discovery.maxPackages must be a positive whole number',
    );
  }
  return {
    registries,
    queries: discovery?.getOptionalStringArray('queries') ?? [
      'keywords:backstage',
    ],
    packages: discovery?.getOptionalStringArray('packages') ?? [],
    maxPackages,
    cacheTtl: readDuration(discovery, 'cacheTtl', { hours: 6 }),
    refreshFrequency: readDuration(discovery, 'refreshFrequency', {
      hours: 1,
    }),
    environment: config?.getOptionalString('environment'),
    appRoot,
    releaseManifest: path.resolve(
      appRoot,
      config?.getOptionalString('releaseManifest') ??
        'scripts/backstage-release-manifest.json',
    ),
    rootDirectory: rootDirectory
      ? path.resolve(appRoot, rootDirectory)
      : undefined,
    storageDirectory: config?.getOptionalString('storageDirectory')
      ? path.resolve(appRoot, config.getString('storageDirectory'))
      : undefined,
    deployment: deployment
      ? {
          cluster: deployment.getOptionalString('cluster'),
          environment: deployment.getOptionalString('environment'),
          namespace: deployment.getOptionalString('namespace'),
          name: deployment.getString('name'),
          readinessTimeout: readDuration(deployment, 'readinessTimeout', {
            minutes: 5,
          }),
          pollInterval: deployment.has('pollInterval')
            ? readDuration(deployment, 'pollInterval', { seconds: 2 })
            : undefined,
        }
      : undefined,
    healthFrequency: readDuration(
      config?.getOptionalConfig('health'),
      'frequency',
      { minutes: 5 },
    ),
    healthRoutePath: config?.getOptionalString('health.routePath') ?? '/health',
  };
}
