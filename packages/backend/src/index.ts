/*
 * The IDP Platform backend: the stock Backstage features plus the IDP modules.
 * Dynamic plugins load from dynamicPlugins.rootDirectory (see app-config.yaml).
 */
import { createBackend } from '@backstage/backend-defaults';
import { dynamicPluginsFeatureLoader } from '@backstage/backend-dynamic-feature-service';
import { stockFeatures } from './stockFeatures';

const backend = createBackend();

for (const feature of stockFeatures) backend.add(feature);

backend.add(dynamicPluginsFeatureLoader);
backend.add(import('./modules/permissionPolicyModule'));
backend.add(import('./modules/demoClusterPlugin'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-oidc-provider'));
backend.add(
  import('@idp-platform/backstage-plugin-catalog-backend-module-idp'),
);
backend.add(import('@idp-platform/backstage-plugin-mcp-registry-backend'));
backend.add(import('@idp-platform/backstage-plugin-security-backend'));
backend.add(import('@idp-platform/backstage-plugin-config-backend'));
backend.add(import('@idp-platform/backstage-plugin-promotion-backend'));
backend.add(import('@idp-platform/backstage-plugin-policy-backend'));
backend.add(import('@idp-platform/backstage-plugin-plugin-manager-backend'));
backend.add(
  import('@idp-platform/backstage-plugin-scaffolder-backend-module-idp'),
);

backend.start();
