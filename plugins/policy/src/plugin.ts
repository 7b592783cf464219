import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { PolicyClient, policyApiRef } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

/** The policy builder plugin for the legacy frontend system. @public */
export const policyPlugin = createPlugin({
  id: 'policy',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: policyApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PolicyClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** The Policies page: service map, editor, sandbox, apply and history. @public */
export const PolicyPage = policyPlugin.provide(
  createRoutableExtension({
    name: 'PolicyPage',
    component: () =>
      import('./components/PolicyPage').then(m => m.LegacyPolicyPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The Policy tab of a Component with the `idp-platform/policy-tier`
 * annotation or a policy; show it with `isPolicyAvailable`. @public
 */
export const EntityPolicyContent = policyPlugin.provide(
  createRoutableExtension({
    name: 'EntityPolicyContent',
    component: () =>
      import('./components/EntityPolicyContent').then(
        m => m.EntityPolicyContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);
