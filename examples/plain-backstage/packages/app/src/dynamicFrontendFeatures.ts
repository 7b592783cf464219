import {
  createFrontendFeatureLoader,
  FrontendFeature,
} from '@backstage/frontend-plugin-api';
import { loadModuleFederationHostShared } from '@backstage/module-federation-common';
import { createInstance } from '@module-federation/runtime';

/** One entry of the backend dynamic feature service's `GET /remotes`. */
type FrontendRemote = {
  packageName: string;
  remoteInfo: { name: string; entry: string };
  exposedModules: string[];
};

function isFrontendFeature(value: unknown): value is FrontendFeature {
  const type = (value as { $$type?: unknown } | null)?.$$type;
  return (
    type === '@backstage/FrontendPlugin' || type === '@backstage/FrontendModule'
  );
}

/**
 * Loads the frontend plugins found in the backend's dynamic plugins root: asks the
 * dynamic feature service for the module federation remotes, shares the app's
 * singletons (React, MUI, the Backstage APIs) with them, and returns every exposed
 * module whose default export is a new-frontend-system plugin or module.
 * `@backstage/frontend-dynamic-feature-loader` does this upstream; it is not on the
 * npm registry this repository installs from, so the example carries this equivalent.
 */
export const dynamicFrontendFeatures = createFrontendFeatureLoader({
  async loader({ config }) {
    const baseUrl = config.getString('backend.baseUrl');
    const response = await fetch(
      `${baseUrl}/.backstage/dynamic-features/remotes`,
    );
    if (!response.ok) {
      // A backend without the dynamic feature service: the app runs without dynamic plugins.
      // eslint-disable-next-line no-console
      console.error(
        `Dynamic frontend plugins unavailable: ${response.status} ${response.statusText}`,
      );
      return [];
    }
    const remotes: FrontendRemote[] = await response.json();
    const federation = createInstance({
      name: 'plain_backstage_app',
      shared: await loadModuleFederationHostShared(),
      remotes: remotes.map(remote => ({
        alias: remote.packageName,
        name: remote.remoteInfo.name,
        entry: remote.remoteInfo.entry,
      })),
    });
    const modules = await Promise.all(
      remotes.flatMap(remote =>
        remote.exposedModules.map(exposed =>
          federation.loadRemote<{ default?: unknown }>(
            exposed === '.'
              ? remote.remoteInfo.name
              : `${remote.remoteInfo.name}/${exposed}`,
          ),
        ),
      ),
    );
    return modules.map(module => module?.default).filter(isFrontendFeature);
  },
});
