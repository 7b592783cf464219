import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the Promotions page. */
export const rootRouteRef = createRouteRef({ id: 'promotion' });

/** Route of the Promotion tab of an entity (legacy app). */
export const entityContentRouteRef = createRouteRef({
  id: 'promotion:entity-content',
});
