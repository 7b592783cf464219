import { InMemoryPluginManagerApi } from './InMemoryPluginManagerApi';

const links = (name: string) => ({
  npm: `https://www.npmjs.com/package/${name}`,
});

/**
 * A registry with four published Backstage plugins, their metadata as npm
 * serves it: two frontend plugins, a backend plugin and a library. The
 * tech-radar 1.0.0 expects React 17 and an old core-plugin-api, so it is
 * incompatible, with 1.2.0 proposed.
 */
export function pluginCatalog(): InMemoryPluginManagerApi {
  return new InMemoryPluginManagerApi([
    {
      summary: {
        name: '@backstage-community/plugin-tech-radar',
        version: '1.2.0',
        description: 'A Backstage plugin that lets you display a Tech Radar',
        registry: 'npmjs',
        role: 'frontend-plugin',
        kind: 'frontend',
        pluginId: 'tech-radar',
        author: 'Backstage Community',
        keywords: ['backstage', 'radar'],
        links: links('@backstage-community/plugin-tech-radar'),
      },
      versions: ['1.2.0', '1.1.0', '1.0.0'],
      readme:
        '# Tech Radar\n\nShows the **technology radar** of your organisation.\n\n## Setup\n\nAdd `techRadar.url` to app-config.',
      compatibility: {
        '1.0.0': {
          verdict: 'incompatible',
          reasons: [
            {
              severity: 'error',
              code: 'backstage-peer-range',
              dependency: '@backstage/core-plugin-api',
              range: '^0.8.0',
              installed: '1.12.10',
              message:
                '@backstage/core-plugin-api ^0.8.0 does not accept the installed 1.12.10',
            },
          ],
          conflicts: [
            {
              dependency: 'react',
              type: 'peer',
              range: '^17.0.0',
              installed: '18.3.1',
              singleton: true,
              resolution: { version: '1.2.0', range: '^17.0.0 || ^18.0.0' },
              message: 'react ^17.0.0 does not accept the installed 18.3.1',
            },
          ],
        },
        '1.1.0': {
          verdict: 'compatible-with-warnings',
          reasons: [
            {
              severity: 'warning',
              code: 'supported-versions',
              range: '1.40.0 - 1.50.0',
              installed: '1.55.0',
              message:
                'backstage.supported-versions 1.40.0 - 1.50.0 does not include 1.55.0',
            },
          ],
          conflicts: [],
        },
      },
    },
    {
      summary: {
        name: '@backstage-community/plugin-todo-backend',
        version: '0.9.0',
        description: 'A Backstage backend plugin that lists TODO comments',
        registry: 'npmjs',
        role: 'backend-plugin',
        kind: 'backend',
        pluginId: 'todo',
        author: 'Backstage Community',
        keywords: ['backstage', 'todo'],
        links: links('@backstage-community/plugin-todo-backend'),
      },
      versions: ['0.9.0', '0.8.0'],
      readme: '# TODO backend\n\nScans source code for TODO comments.',
    },
    {
      summary: {
        name: '@roadiehq/backstage-plugin-github-insights',
        version: '3.1.0',
        description: 'GitHub insights cards for entity pages',
        registry: 'npmjs',
        role: 'frontend-plugin',
        kind: 'frontend',
        pluginId: 'github-insights',
        author: 'Roadie',
        keywords: ['backstage', 'github'],
        links: links('@roadiehq/backstage-plugin-github-insights'),
      },
      versions: ['3.1.0'],
    },
    {
      summary: {
        name: '@roadiehq/backstage-plugin-argo-cd-common',
        version: '2.0.0',
        description: 'Shared types of the Argo CD plugins',
        registry: 'npmjs',
        role: 'common-library',
        kind: 'library',
        author: 'Roadie',
        keywords: ['backstage', 'argo'],
        links: links('@roadiehq/backstage-plugin-argo-cd-common'),
      },
      versions: ['2.0.0'],
    },
  ]);
}
