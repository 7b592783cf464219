import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { IdpPermissionPolicy } from './IdpPermissionPolicy';

/** Installs IdpPermissionPolicy with the admin groups from `idp.admins`. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'idp-policy',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
        policy: policyExtensionPoint,
      },
      async init({ config, userInfo, policy }) {
        const admins = config.getOptionalStringArray('idp.admins') ?? [
          'group:default/platform-admins',
        ];
        policy.setPolicy(new IdpPermissionPolicy(admins, userInfo));
      },
    });
  },
});
