import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import ExtensionIcon from '@material-ui/icons/Extension';
import { PluginManagerClient, pluginManagerApiRef } from './api';
import { rootRouteRef } from './routes';

const pluginManagerApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: pluginManagerApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PluginManagerClient({ discoveryApi, fetchApi }),
    }),
});

const pluginManagerPage = PageBlueprint.make({
  params: {
    path: '/plugin-manager',
    routeRef: rootRouteRef,
    title: 'Plugins',
    icon: <ExtensionIcon />,
    loader: () =>
      import('./components/PluginManagerPage').then(m => (
        <m.PluginManagerContent />
      )),
  },
});

/**
 * The plugin manager for the new frontend system: page `page:plugin-manager`
 * at /plugin-manager ("Plugins", with the Discover and Installed tabs) and
 * the API `api:plugin-manager`.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'plugin-manager',
  title: 'Plugins',
  icon: <ExtensionIcon />,
  routes: { root: rootRouteRef },
  extensions: [pluginManagerApi, pluginManagerPage],
});
