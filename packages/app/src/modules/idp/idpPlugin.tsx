import {
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import AppsIcon from '@material-ui/icons/Apps';

/** The IDP Platform landing page, at /idp, first item of the sidebar group. */
const idpOverviewPage = PageBlueprint.make({
  params: {
    path: '/idp',
    title: 'IDP Platform',
    icon: <AppsIcon />,
    loader: () =>
      import('./IdpOverviewPage').then(m => <m.IdpOverviewPage />),
  },
});

export const idpPlugin = createFrontendPlugin({
  pluginId: 'idp',
  extensions: [idpOverviewPage],
});
