import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { pluginCatalog } from '../../__testUtils__/pluginCatalog';
import { InMemoryPluginManagerApi } from '../../__testUtils__/InMemoryPluginManagerApi';
import { renderWithPluginManagerApis } from '../../__testUtils__/renderWithPluginManagerApis';
import { PluginDetailsDrawer } from './PluginDetailsDrawer';

jest.setTimeout(30_000);

const TECH_RADAR = '@backstage-community/plugin-tech-radar';

const render = (
  api: InMemoryPluginManagerApi,
  options: { canInstall?: boolean; name?: string } = {},
) =>
  renderWithPluginManagerApis(
    <PluginDetailsDrawer
      name={options.name ?? TECH_RADAR}
      canInstall={options.canInstall ?? true}
      reloadKey={0}
      onClose={jest.fn()}
      onChanged={jest.fn()}
    />,
    { api, allowed: options.canInstall ?? true },
  );

async function chooseVersion(version: RegExp) {
  fireEvent.mouseDown(screen.getByRole('button', { name: /Version/ }));
  fireEvent.click(await screen.findByRole('option', { name: version }));
}

describe('PluginDetailsDrawer', () => {
  it('shows the description, the README as markdown and the verdict of the latest version', async () => {
    await render(pluginCatalog());
    const drawer = await screen.findByRole('dialog', { name: TECH_RADAR });
    expect(
      await within(drawer).findByText(
        'A Backstage plugin that lets you display a Tech Radar',
      ),
    ).toBeInTheDocument();
    expect(
      within(drawer).getByRole('heading', { name: 'Tech Radar' }),
    ).toBeInTheDocument();
    expect(within(drawer).getByText('technology radar').tagName).toBe('STRONG');
    expect(await within(drawer).findByText('Compatible')).toBeInTheDocument();
    expect(
      within(drawer).getByText(
        'No dependency conflicts with what is installed.',
      ),
    ).toBeInTheDocument();
    expect(
      within(drawer).getByRole('button', { name: 'Install 1.2.0' }),
    ).toBeEnabled();
  });

  it('explains why an older version is incompatible and proposes the version that resolves its conflicts', async () => {
    await render(pluginCatalog());
    await screen.findByText('Compatible');
    await chooseVersion(/^1\.0\.0$/);
    expect(await screen.findByText('Incompatible')).toBeInTheDocument();
    expect(
      screen.getByText(
        '@backstage/core-plugin-api ^0.8.0 does not accept the installed 1.12.10',
      ),
    ).toBeInTheDocument();
    const conflicts = screen.getByRole('table', {
      name: 'Dependency conflicts',
    });
    const row = within(conflicts).getAllByRole('row')[1];
    expect(row).toHaveTextContent('react (one copy per app)');
    expect(row).toHaveTextContent('^17.0.0');
    expect(row).toHaveTextContent('18.3.1');
    expect(row).toHaveTextContent('1.2.0 (wants ^17.0.0 || ^18.0.0)');

    fireEvent.click(within(row).getByRole('button', { name: 'Use 1.2.0' }));
    expect(await screen.findByText('Compatible')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Install 1.2.0' }),
    ).toBeInTheDocument();
  });

  it('shows warnings of a version that is compatible with warnings', async () => {
    await render(pluginCatalog());
    await screen.findByText('Compatible');
    await chooseVersion(/^1\.1\.0$/);
    expect(
      await screen.findByText('Compatible with warnings'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'backstage.supported-versions 1.40.0 - 1.50.0 does not include 1.55.0',
      ),
    ).toBeInTheDocument();
  });

  it('offers a change of version when the plugin is installed', async () => {
    const api = pluginCatalog();
    api.preinstall(TECH_RADAR, '1.1.0');
    await render(api);
    expect(
      await screen.findByRole('button', { name: 'Change 1.1.0 to 1.2.0' }),
    ).toBeEnabled();
    expect(screen.getByText('Installed 1.1.0')).toBeInTheDocument();
    await chooseVersion(/^1\.1\.0$/);
    expect(
      await screen.findByRole('button', { name: '1.1.0 is installed' }),
    ).toBeDisabled();
  });

  it('disables Install without the install permission and says which one is needed', async () => {
    await render(pluginCatalog(), { canInstall: false });
    expect(
      await screen.findByRole('button', { name: 'Install 1.2.0' }),
    ).toBeDisabled();
    expect(
      screen.getByText(
        'Installing needs the permission idp.plugin-manager.install.',
      ),
    ).toBeInTheDocument();
  });

  it('says when a package has no README', async () => {
    await render(pluginCatalog(), {
      name: '@roadiehq/backstage-plugin-github-insights',
    });
    expect(await screen.findByText('No README published.')).toBeInTheDocument();
  });

  it('opens the install dialog for the chosen version', async () => {
    await render(pluginCatalog());
    await screen.findByText('Compatible');
    await chooseVersion(/^1\.1\.0$/);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Install 1.1.0' }),
    );
    await waitFor(() =>
      expect(
        screen.getByRole('dialog', {
          name: `Install ${TECH_RADAR} 1.1.0`,
        }),
      ).toBeInTheDocument(),
    );
  });
});
