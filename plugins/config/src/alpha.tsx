import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import SettingsIcon from '@material-ui/icons/SettingsApplications';
import { ConfigManagerClient, configManagerApiRef } from './api';
import { isConfigurationAvailable } from './isConfigurationAvailable';
import { rootRouteRef } from './routes';

const configManagerApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: configManagerApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ConfigManagerClient({ discoveryApi, fetchApi }),
    }),
});

const configPage = PageBlueprint.make({
  params: {
    path: '/config',
    routeRef: rootRouteRef,
    title: 'Configuration',
    icon: <SettingsIcon />,
    loader: () =>
      import('./components/ConfigPage').then(m => <m.ConfigContent />),
  },
});

const configurationEntityContent = EntityContentBlueprint.make({
  name: 'configuration',
  params: {
    path: 'configuration',
    title: 'Configuration',
    filter: isConfigurationAvailable,
    loader: () =>
      import('./components/ConfigurationTab').then(m => (
        <m.EntityConfigurationContent />
      )),
  },
});

/**
 * The configuration manager for the new frontend system: page `page:config`
 * at /config, entity tab `entity-content:config/configuration` on entities
 * with the `idp-platform/config-name` annotation, and the API `api:config`.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'config',
  title: 'Configuration',
  icon: <SettingsIcon />,
  routes: { root: rootRouteRef },
  extensions: [configManagerApi, configPage, configurationEntityContent],
});
