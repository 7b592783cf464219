import { DiscoveryService, LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  InstalledPlugin,
  PLUGIN_MANAGER_HEALTH_SIGNAL_CHANNEL,
  PluginHealth,
  PluginHealthResponse,
  PluginLoadState,
  PluginRouteProbe,
} from '@idp-platform/backstage-plugin-idp-common';
import { PluginManagerStore } from '../database/PluginManagerStore';
import { LoadedPluginsProvider } from './loadedPluginsServiceRef';

/** The health score formula, as the API documents it. */
export const HEALTH_SCORE_FORMULA =
  'score = round(60·L + 25·R + 15·E); L = 1 loaded, 0.5 unknown (no dynamic plugins service), 0 failed or not loaded; ' +
  'R = share of probed backend routes that answer (status < 500 and not 404), or L when there is no route to probe; ' +
  'E = max(0, 1 − errors in the last 24 hours / 3). A disabled plugin scores 0.';

const ERROR_WINDOW_MS = 24 * 60 * 60 * 1000;
const ERROR_RETENTION_MS = 7 * ERROR_WINDOW_MS;
const PROBE_TIMEOUT_MS = 5000;

/** Computes the documented score from its three inputs. */
export function healthScore(options: {
  disabled: boolean;
  load: PluginLoadState;
  routes: PluginRouteProbe[];
  recentErrorCount: number;
}): number {
  if (options.disabled) return 0;
  const loadWeights: Record<PluginLoadState, number> = {
    loaded: 1,
    unknown: 0.5,
    failed: 0,
    'not-loaded': 0,
  };
  const load = loadWeights[options.load];
  const routes = options.routes.length
    ? options.routes.filter(r => r.ok).length / options.routes.length
    : load;
  const errors = Math.max(0, 1 - options.recentErrorCount / 3);
  return Math.round(60 * load + 25 * routes + 15 * errors);
}

/**
 * Health of the installed plugins: whether each loaded (the dynamic plugins
 * service's list with failures), whether its backend routes answer, and the
 * errors seen recently.
 */
export class PluginHealthChecker {
  constructor(
    private readonly options: {
      store: PluginManagerStore;
      loadedPlugins: LoadedPluginsProvider;
      discovery: DiscoveryService;
      signals: SignalsService;
      logger: LoggerService;
      routePath: string;
      now?: () => Date;
    },
  ) {}

  /** Checks every installed plugin; `record` stores what failed as recent errors. */
  async check(record = false): Promise<PluginHealthResponse> {
    const { store } = this.options;
    const now = (this.options.now ?? (() => new Date()))();
    const installed = await store.listInstallations();
    const items: PluginHealth[] = [];
    for (const plugin of installed) {
      const health = await this.checkOne(plugin, now);
      if (record) {
        // A plugin waiting for the next start is not an error; a failed load is.
        const problems = [
          ...(health.load === 'failed' && health.failure
            ? [health.failure]
            : []),
          ...health.routes
            .filter(r => !r.ok)
            .map(r => `${r.path} answered ${r.status ?? 'nothing'}`),
        ];
        for (const problem of problems) {
          await store.recordError(plugin.package, problem, now);
        }
      }
      items.push(health);
    }
    const errors = await store.recentErrors(
      new Date(now.getTime() - ERROR_WINDOW_MS),
    );
    for (const item of items) {
      item.recentErrors = (errors.get(item.package) ?? []).slice(0, 10);
      item.score = healthScore({
        disabled: item.disabled,
        load: item.load,
        routes: item.routes,
        recentErrorCount: errors.get(item.package)?.length ?? 0,
      });
    }
    if (record) {
      await store.pruneErrors(new Date(now.getTime() - ERROR_RETENTION_MS));
      await this.options.signals
        .publish({
          recipients: { type: 'broadcast' },
          channel: PLUGIN_MANAGER_HEALTH_SIGNAL_CHANNEL,
          message: {
            checkedAt: now.toISOString(),
            plugins: items.map(i => ({ package: i.package, score: i.score })),
          },
        })
        .catch(error =>
          this.options.logger.warn(
            `Could not send the health signal: ${error}`,
          ),
        );
    }
    return { items, formula: HEALTH_SCORE_FORMULA };
  }

  private async checkOne(
    plugin: InstalledPlugin,
    now: Date,
  ): Promise<PluginHealth> {
    const { loadedPlugins } = this.options;
    let load: PluginLoadState = 'unknown';
    let failure: string | undefined;
    const loaded =
      loadedPlugins.available === false
        ? undefined
        : loadedPlugins
            .plugins({ includeFailed: true })
            .find(p => p.name === plugin.package);
    if (plugin.disabled) {
      load = 'not-loaded';
    } else if (loadedPlugins.available !== false) {
      if (!loaded) {
        load = 'not-loaded';
        failure = `${plugin.package} is not loaded; it loads on the backend's next start`;
      } else if (loaded.failure) {
        load = 'failed';
        failure = loaded.failure;
      } else if (loaded.version !== plugin.version) {
        load = 'not-loaded';
        failure = `${loaded.version} is running, ${plugin.version} loads on the backend's next start`;
      } else {
        load = 'loaded';
      }
    }
    const routes: PluginRouteProbe[] = [];
    if (
      !plugin.disabled &&
      load !== 'failed' &&
      load !== 'not-loaded' &&
      plugin.role === 'backend-plugin' &&
      plugin.pluginId
    ) {
      routes.push(await this.probe(plugin.pluginId));
    }
    return {
      package: plugin.package,
      version: plugin.version,
      disabled: plugin.disabled,
      load,
      ...(loaded
        ? {
            loaded: {
              name: loaded.name,
              version: loaded.version,
              role: loaded.role,
              platform: loaded.platform,
              ...(loaded.failure ? { failure: loaded.failure } : {}),
            },
          }
        : {}),
      ...(failure ? { failure } : {}),
      routes,
      recentErrors: [],
      score: 0,
      checkedAt: now.toISOString(),
    };
  }

  private async probe(pluginId: string): Promise<PluginRouteProbe> {
    const url = `${await this.options.discovery.getBaseUrl(pluginId)}${
      this.options.routePath
    }`;
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
      });
      // 401/403 still prove the plugin's router is mounted; 404 means nothing answers there.
      return {
        path: url,
        status: response.status,
        ok: response.status < 500 && response.status !== 404,
      };
    } catch {
      return { path: url, ok: false };
    }
  }
}
