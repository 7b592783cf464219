import {
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import AppsIcon from '@material-ui/icons/Apps';

/** Route of the IDP Platform overview; feature plugins can link to it. */
export const idpRootRouteRef = createRouteRef();

/** The IDP Platform landing page, at /idp, first item of the sidebar group. */
const idpOverviewPage = PageBlueprint.make({
  params: {
    path: '/idp',
    routeRef: idpRootRouteRef,
    title: 'IDP Platform',
    icon: <AppsIcon />,
    loader: () => import('./IdpOverviewPage').then(m => <m.IdpOverviewPage />),
  },
});

export const idpPlugin = createFrontendPlugin({
  pluginId: 'idp',
  title: 'IDP Platform',
  icon: <AppsIcon />,
  routes: { root: idpRootRouteRef },
  extensions: [idpOverviewPage],
});
