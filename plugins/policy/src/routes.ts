import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the Policies page. */
export const rootRouteRef = createRouteRef({ id: 'policy' });

/** Route of an entity's Policy tab. */
export const entityContentRouteRef = createRouteRef({
  id: 'policy:entity-content',
});
