import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the Plugins page. */
export const rootRouteRef = createRouteRef({ id: 'plugin-manager' });
