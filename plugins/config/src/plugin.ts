import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ConfigManagerClient, configManagerApiRef } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

/** The configuration manager plugin for the legacy frontend system. @public */
export const configPlugin = createPlugin({
  id: 'config',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: configManagerApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ConfigManagerClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** The Configuration page: applications and pending change requests. @public */
export const ConfigPage = configPlugin.provide(
  createRoutableExtension({
    name: 'ConfigPage',
    component: () =>
      import('./components/ConfigPage').then(m => m.LegacyConfigPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The Configuration tab of an entity with the `idp-platform/config-name`
 * annotation; show it with `isConfigurationAvailable`. @public
 */
export const EntityConfigurationContent = configPlugin.provide(
  createRoutableExtension({
    name: 'EntityConfigurationContent',
    component: () =>
      import('./components/ConfigurationTab').then(
        m => m.EntityConfigurationContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);
