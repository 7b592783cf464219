import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import TrendingUpIcon from '@material-ui/icons/TrendingUp';
import { PromotionClient, promotionApiRef } from './api';
import { isPromotionAvailable } from './isPromotionAvailable';
import { rootRouteRef } from './routes';

const promotionApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: promotionApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PromotionClient({ discoveryApi, fetchApi }),
    }),
});

const promotionsPage = PageBlueprint.make({
  params: {
    path: '/promotion',
    routeRef: rootRouteRef,
    title: 'Promotions',
    icon: <TrendingUpIcon />,
    loader: () =>
      import('./components/PromotionsPage').then(m => <m.PromotionsContent />),
  },
});

const entityPromotionContent = EntityContentBlueprint.make({
  params: {
    path: 'promotion',
    title: 'Promotion',
    filter: isPromotionAvailable,
    loader: () =>
      import('./components/EntityPromotionContent').then(m => (
        <m.EntityPromotionContent />
      )),
  },
});

/**
 * Promotion for the new frontend system: page `page:promotion` at /promotion
 * ("Promotions"), the entity tab `entity-content:promotion` ("Promotion", on
 * components with a promotion pipeline or image repository annotation) and
 * the API client `api:promotion`.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'promotion',
  title: 'Promotions',
  icon: <TrendingUpIcon />,
  routes: { root: rootRouteRef },
  extensions: [promotionApi, promotionsPage, entityPromotionContent],
});
