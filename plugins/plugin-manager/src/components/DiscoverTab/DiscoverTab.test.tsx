import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { backendErrorResponse } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { pluginCatalog } from '../../__testUtils__/pluginCatalog';
import { InMemoryPluginManagerApi } from '../../__testUtils__/InMemoryPluginManagerApi';
import { renderWithPluginManagerApis } from '../../__testUtils__/renderWithPluginManagerApis';
import { DiscoverTab } from './DiscoverTab';

jest.setTimeout(30_000);

const render = (api: InMemoryPluginManagerApi, allowed = true) =>
  renderWithPluginManagerApis(
    <DiscoverTab canInstall={allowed} reloadKey={0} onChanged={jest.fn()} />,
    { api, allowed },
  );

const resultNames = () =>
  within(screen.getByRole('table', { name: 'Plugins found' }))
    .getAllByRole('row')
    .slice(1)
    .map(row => within(row).getAllByRole('cell')[0].textContent);

async function choose(label: string, option: RegExp) {
  fireEvent.mouseDown(screen.getByRole('button', { name: new RegExp(label) }));
  fireEvent.click(
    within(await screen.findByRole('listbox')).getByRole('option', {
      name: option,
    }),
  );
}

describe('DiscoverTab', () => {
  it('lists the plugins of the registries with role, author and latest version', async () => {
    await render(pluginCatalog());
    expect(
      await screen.findByText('4 plugins found', { exact: false }),
    ).toBeInTheDocument();
    const row = screen
      .getAllByRole('row')
      .find(r => r.textContent?.includes('plugin-todo-backend'))!;
    expect(row).toHaveTextContent('backend-plugin');
    expect(row).toHaveTextContent('Backstage Community');
    expect(row).toHaveTextContent('0.9.0');
  });

  it('narrows the search by text and by facets, with the counts of every match', async () => {
    const api = pluginCatalog();
    await render(api);
    await screen.findByText('4 plugins found', { exact: false });

    await choose('Author', /^Roadie \(2\)$/);
    await waitFor(() =>
      expect(resultNames()).toEqual([
        '@roadiehq/backstage-plugin-argo-cd-common',
        '@roadiehq/backstage-plugin-github-insights',
      ]),
    );

    await choose('Backend or frontend', /^frontend \(1\)$/);
    await waitFor(() =>
      expect(resultNames()).toEqual([
        '@roadiehq/backstage-plugin-github-insights',
      ]),
    );
    expect(api.searches[api.searches.length - 1]).toMatchObject({
      author: 'Roadie',
      kind: 'frontend',
      page: 1,
    });

    await choose('Author', /^Any$/);
    await choose('Backend or frontend', /^Any$/);
    fireEvent.change(screen.getByRole('textbox', { name: 'Search plugins' }), {
      target: { value: 'radar' },
    });
    await waitFor(() =>
      expect(resultNames()).toEqual(['@backstage-community/plugin-tech-radar']),
    );
    expect(api.searches[api.searches.length - 1]).toMatchObject({
      q: 'radar',
    });
  });

  it('pages on the server', async () => {
    const api = new InMemoryPluginManagerApi(
      Array.from({ length: 25 }, (_, i) => ({
        summary: {
          name: `@acme/plugin-${String(i).padStart(2, '0')}`,
          version: '1.0.0',
          registry: 'npmjs',
          kind: 'frontend' as const,
          keywords: [],
          links: {},
        },
        versions: ['1.0.0'],
      })),
    );
    await render(api);
    await screen.findByText('25 plugins found', { exact: false });
    expect(resultNames()).toHaveLength(20);
    expect(screen.getByText('1-20 of 25')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(resultNames()).toEqual([
        '@acme/plugin-20',
        '@acme/plugin-21',
        '@acme/plugin-22',
        '@acme/plugin-23',
        '@acme/plugin-24',
      ]),
    );
    expect(api.searches[api.searches.length - 1]).toMatchObject({
      page: 2,
      pageSize: 20,
    });
  });

  it('says so when nothing matches', async () => {
    await render(new InMemoryPluginManagerApi([]));
    expect(await screen.findByText('No plugins match')).toBeInTheDocument();
  });

  it('shows the error when the registry metadata cannot be read', async () => {
    const api = pluginCatalog();
    api.readFailure = new Error('plugin-manager backend unavailable');
    await render(api);
    expect(
      (await screen.findAllByText(/plugin-manager backend unavailable/)).length,
    ).toBeGreaterThan(0);
  });

  it('names the read permission when the backend refuses the search', async () => {
    const api = pluginCatalog();
    api.readFailure = await ResponseError.fromResponse(
      backendErrorResponse(403, 'NotAllowedError', 'Denied'),
    );
    await render(api, false);
    expect(
      await screen.findByText(
        'You are not allowed to do this: the permission idp.plugin-manager.read is required.',
      ),
    ).toBeInTheDocument();
  });

  it('searches one registry when several are configured', async () => {
    const summary = (name: string, registry: string) => ({
      summary: {
        name,
        version: '0.3.0',
        registry,
        kind: 'frontend' as const,
        keywords: [],
        links: {},
      },
      versions: ['0.3.0'],
    });
    const api = new InMemoryPluginManagerApi(
      [
        summary('@acme/plugin-cost-insights', 'acme'),
        summary('@backstage-community/plugin-tech-radar', 'npmjs'),
      ],
      [
        {
          name: 'npmjs',
          url: 'https://registry.npmjs.org',
          scopes: [],
          default: true,
        },
        {
          name: 'acme',
          url: 'https://npm.acme.example',
          scopes: ['@acme'],
          default: false,
        },
      ],
    );
    await render(api);
    await screen.findByText('2 plugins found', { exact: false });
    await choose('Registry', /^acme$/);
    await waitFor(() =>
      expect(resultNames()).toEqual(['@acme/plugin-cost-insights']),
    );
    expect(api.searches[api.searches.length - 1]).toMatchObject({
      registry: 'acme',
    });
  });

  it('refreshes the registry metadata on demand and searches again', async () => {
    const api = pluginCatalog();
    await render(api);
    await screen.findByText('4 plugins found', { exact: false });
    const searches = api.searches.length;
    fireEvent.click(screen.getByRole('button', { name: 'Refresh metadata' }));
    await waitFor(() => expect(api.searches.length).toBe(searches + 1));
    expect(api.refreshes).toBe(1);
    expect(
      await screen.findByText(
        new RegExp(
          `metadata refreshed ${new Date(
            '2026-11-24T11:00:00.000Z',
          ).toLocaleString()}`,
        ),
      ),
    ).toBeInTheDocument();
  });

  it('offers no refresh without the install permission', async () => {
    await render(pluginCatalog(), false);
    await screen.findByText('4 plugins found', { exact: false });
    expect(
      screen.queryByRole('button', { name: 'Refresh metadata' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Registry/ }),
    ).not.toBeInTheDocument();
  });
});
