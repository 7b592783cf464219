/*
 * The backend of bench/plugin-manager: the stock create-app backend with its
 * allow-all permission policy plus the plugin manager, until the plugin is
 * wired into packages/backend.
 */
import { createBackend } from '@backstage/backend-defaults';
import { stockFeatures } from '../../packages/backend/src/stockFeatures';

const backend = createBackend();
for (const feature of stockFeatures) backend.add(feature);
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);
backend.add(import('@idp-platform/backstage-plugin-plugin-manager-backend'));
backend.start();
