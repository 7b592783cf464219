import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createConfigCreateAction } from './actions/createConfigCreateAction';
import { createLocalPublishAction } from './actions/createLocalPublishAction';
import { createMcpRegisterAction } from './actions/createMcpRegisterAction';
import { createPolicyCreateAction } from './actions/createPolicyCreateAction';
import { createPromotionRegisterAction } from './actions/createPromotionRegisterAction';

/**
 * Scaffolder actions `idp:*` that wire a new service into the IDP Platform:
 * `idp:mcp:register`, `idp:promotion:register`, `idp:config:create`,
 * `idp:policy:create`, and `idp:publish:local` for trials without a Git host.
 *
 * @public
 */
export const scaffolderModuleIdp = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'idp',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
      },
      async init({ scaffolder, discovery, auth, config, catalog }) {
        scaffolder.addActions(
          createMcpRegisterAction({ discovery, auth }),
          createPromotionRegisterAction({ discovery, auth, config }),
          createConfigCreateAction({ discovery, auth }),
          createPolicyCreateAction({ discovery, auth }),
          createLocalPublishAction({ config, catalog }),
        );
      },
    });
  },
});
