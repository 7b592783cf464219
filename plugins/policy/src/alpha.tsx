import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import PolicyIcon from '@material-ui/icons/Security';
import { PolicyClient, policyApiRef } from './api';
import { isPolicyAvailable } from './isPolicyAvailable';
import { rootRouteRef } from './routes';

const policyApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: policyApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PolicyClient({ discoveryApi, fetchApi }),
    }),
});

const policyPage = PageBlueprint.make({
  params: {
    path: '/policy',
    routeRef: rootRouteRef,
    title: 'Policies',
    icon: <PolicyIcon />,
    loader: () =>
      import('./components/PolicyPage').then(m => <m.PolicyContent />),
  },
});

const policyEntityContent = EntityContentBlueprint.make({
  name: 'policy',
  params: {
    path: 'policy',
    title: 'Policy',
    filter: isPolicyAvailable,
    loader: () =>
      import('./components/EntityPolicyContent').then(m => (
        <m.EntityPolicyContent />
      )),
  },
});

/**
 * The policy builder for the new frontend system: page `page:policy` at
 * /policy, entity tab `entity-content:policy/policy` on Components with the
 * `idp-platform/policy-tier` annotation, and the API `api:policy`.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'policy',
  title: 'Policies',
  icon: <PolicyIcon />,
  routes: { root: rootRouteRef },
  extensions: [policyApi, policyPage, policyEntityContent],
});
