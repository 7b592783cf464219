import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { IdpAnnotationProcessor } from './processors/IdpAnnotationProcessor';

/**
 * Adds the IDP Platform's annotation processor to the catalog.
 *
 * @public
 */
export const catalogModuleIdp = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'idp',
  register(env) {
    env.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new IdpAnnotationProcessor());
      },
    });
  },
});
