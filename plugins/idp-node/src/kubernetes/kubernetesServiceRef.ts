import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultKubernetesService } from './DefaultKubernetesService';
import { KubernetesService } from './KubernetesService';

/**
 * Access to the clusters of `idp.clusters`, shared by every IDP plugin.
 *
 * @public
 */
export const kubernetesServiceRef = createServiceRef<KubernetesService>({
  id: 'idp.kubernetes',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory: ({ config, logger }) =>
        DefaultKubernetesService.fromConfig(config, {
          logger: logger.child({ service: 'idp.kubernetes' }),
        }),
    }),
});
