import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { LoadedDynamicPlugin } from '@idp-platform/backstage-plugin-idp-common';

/** The part of the dynamic plugins service the health check reads. */
export interface LoadedPluginsProvider {
  plugins(options?: { includeFailed?: boolean }): LoadedDynamicPlugin[];
  /** False when the backend does not run the dynamic plugins feature loader. */
  available?: boolean;
}

/**
 * The dynamic plugins service of @backstage/backend-dynamic-feature-service
 * (same id, `core.dynamicplugins`): the backend resolves services by id, so
 * when dynamicPluginsFeatureLoader is installed this is its plugin list, and
 * otherwise a stand-in that reports the list as unavailable.
 */
export const loadedPluginsServiceRef = createServiceRef<LoadedPluginsProvider>({
  id: 'core.dynamicplugins',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {},
      factory: () => ({ plugins: () => [], available: false }),
    }),
});
