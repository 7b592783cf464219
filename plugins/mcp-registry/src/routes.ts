import { createRouteRef } from '@backstage/core-plugin-api';

/** Route of the MCP registry page. */
export const rootRouteRef = createRouteRef({ id: 'mcp-registry' });
