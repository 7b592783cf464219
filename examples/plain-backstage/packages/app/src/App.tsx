/*
 * A plain Backstage 1.55 frontend (new frontend system) with none of the IDP
 * Platform compiled in: the IDP frontend plugins arrive at runtime as module
 * federation remotes served by the backend's dynamic feature service.
 */
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { dynamicFrontendFeatures } from './dynamicFrontendFeatures';

export default createApp({
  features: [catalogPlugin, dynamicFrontendFeatures],
});
