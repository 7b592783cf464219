import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import HubIcon from '@material-ui/icons/DeviceHub';
import { McpRegistryClient, mcpRegistryApiRef } from './api';
import { rootRouteRef } from './routes';

const mcpRegistryApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: mcpRegistryApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new McpRegistryClient({ discoveryApi, fetchApi }),
    }),
});

const mcpRegistryPage = PageBlueprint.make({
  params: {
    path: '/mcp-registry',
    routeRef: rootRouteRef,
    title: 'MCP Registry',
    icon: <HubIcon />,
    loader: () =>
      import('./components/McpRegistryPage').then(m => (
        <m.McpRegistryContent />
      )),
  },
});

/**
 * The MCP registry for the new frontend system: page `page:mcp-registry` at
 * /mcp-registry and the API client.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'mcp-registry',
  title: 'MCP Registry',
  icon: <HubIcon />,
  routes: { root: rootRouteRef },
  extensions: [mcpRegistryApi, mcpRegistryPage],
});
