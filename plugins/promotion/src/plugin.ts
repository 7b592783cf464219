import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { PromotionClient, promotionApiRef } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

/** The promotion plugin for the legacy frontend system. @public */
export const promotionPlugin = createPlugin({
  id: 'promotion',
  routes: { root: rootRouteRef, entityContent: entityContentRouteRef },
  apis: [
    createApiFactory({
      api: promotionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PromotionClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** The Promotions page: approvals waiting across the organisation and recent promotions. @public */
export const PromotionsPage = promotionPlugin.provide(
  createRoutableExtension({
    name: 'PromotionsPage',
    component: () =>
      import('./components/PromotionsPage').then(m => m.LegacyPromotionsPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The Promotion tab of a component: pipeline, promote, approve, retry,
 * artifacts and history. Show it where {@link isPromotionAvailable} holds.
 *
 * @public
 */
export const EntityPromotionContent = promotionPlugin.provide(
  createRoutableExtension({
    name: 'EntityPromotionContent',
    component: () =>
      import('./components/EntityPromotionContent').then(
        m => m.EntityPromotionContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);
