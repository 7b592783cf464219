import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the organisation security dashboard. */
export const rootRouteRef = createRouteRef({ id: 'security' });
