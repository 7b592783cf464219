import { Content } from '@backstage/core-components';
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import SecurityIcon from '@material-ui/icons/Security';
import { SecurityClient, securityApiRef } from './api';
import { rootRouteRef } from './routes';

const securityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: securityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityClient({ discoveryApi, fetchApi }),
    }),
});

const securityPage = PageBlueprint.make({
  params: {
    path: '/security',
    routeRef: rootRouteRef,
    title: 'Security',
    icon: <SecurityIcon />,
    loader: () =>
      import('./components/SecurityPage').then(m => (
        <Content>
          <m.SecurityDashboard />
        </Content>
      )),
  },
});

const entitySecurityContent = EntityContentBlueprint.make({
  params: {
    path: 'security',
    title: 'Security',
    group: 'development',
    icon: <SecurityIcon />,
    filter: { kind: 'component' },
    loader: () =>
      import('./components/EntitySecurityContent').then(m => (
        <m.EntitySecurityContent />
      )),
  },
});

/**
 * The security plugin for the new frontend system: the organisation dashboard
 * `page:security` at /security, the Components' tab
 * `entity-content:security` at `security`, and the API client
 * `api:security`.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'security',
  title: 'Security',
  icon: <SecurityIcon />,
  routes: { root: rootRouteRef },
  extensions: [securityApi, securityPage, entitySecurityContent],
});
