import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the Configuration page. */
export const rootRouteRef = createRouteRef({ id: 'config' });

/** Route of an entity's Configuration tab. */
export const entityContentRouteRef = createRouteRef({
  id: 'config:entity-content',
});
