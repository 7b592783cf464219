import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { SecurityClient, securityApiRef } from './api';
import { rootRouteRef } from './routes';

/** The security plugin for the legacy frontend system. @public */
export const securityPlugin = createPlugin({
  id: 'security',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: securityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** The organisation security dashboard page. @public */
export const SecurityPage = securityPlugin.provide(
  createRoutableExtension({
    name: 'SecurityPage',
    component: () =>
      import('./components/SecurityPage').then(m => m.LegacySecurityPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The "Security" tab of a Component: findings, trend, supply chain, waivers
 * and export. Mount it in the entity page under an `EntityLayout.Route`.
 *
 * @public
 */
export const EntitySecurityContent = securityPlugin.provide(
  createComponentExtension({
    name: 'EntitySecurityContent',
    component: {
      lazy: () =>
        import('./components/EntitySecurityContent').then(
          m => m.EntitySecurityContent,
        ),
    },
  }),
);
