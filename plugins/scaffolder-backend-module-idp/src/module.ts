import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createConfigCreateAction } from './actions/createConfigCreateAction';
import { createMcpRegisterAction } from './actions/createMcpRegisterAction';
import { createPromotionRegisterAction } from './actions/createPromotionRegisterAction';

/**
 * Scaffolder actions `idp:*` that wire a new service into the IDP Platform:
 * `idp:mcp:register`, `idp:promotion:register`, `idp:config:create`.
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
      },
      async init({ scaffolder, discovery, auth }) {
        scaffolder.addActions(
          createMcpRegisterAction({ discovery, auth }),
          createPromotionRegisterAction({ discovery, auth }),
          createConfigCreateAction({ discovery, auth }),
        );
      },
    });
  },
});
