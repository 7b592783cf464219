import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { PluginManagerClient, pluginManagerApiRef } from './api';
import { rootRouteRef } from './routes';

/** The plugin manager for the legacy frontend system. @public */
export const pluginManagerPlugin = createPlugin({
  id: 'plugin-manager',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: pluginManagerApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PluginManagerClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** The Plugins page: the Discover and Installed tabs. @public */
export const PluginManagerPage = pluginManagerPlugin.provide(
  createRoutableExtension({
    name: 'PluginManagerPage',
    component: () =>
      import('./components/PluginManagerPage').then(
        m => m.LegacyPluginManagerPage,
      ),
    mountPoint: rootRouteRef,
  }),
);
