import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { McpRegistryClient, mcpRegistryApiRef } from './api';
import { rootRouteRef } from './routes';

/** The MCP registry plugin for the legacy frontend system. @public */
export const mcpRegistryPlugin = createPlugin({
  id: 'mcp-registry',
  routes: { root: rootRouteRef },
  apis: [
    createApiFactory({
      api: mcpRegistryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new McpRegistryClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/** The MCP registry page. @public */
export const McpRegistryPage = mcpRegistryPlugin.provide(
  createRoutableExtension({
    name: 'McpRegistryPage',
    component: () =>
      import('./components/McpRegistryPage').then(m => m.LegacyMcpRegistryPage),
    mountPoint: rootRouteRef,
  }),
);
