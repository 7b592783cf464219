import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { pluginCatalog } from '../../__testUtils__/pluginCatalog';
import { renderWithPluginManagerApis } from '../../__testUtils__/renderWithPluginManagerApis';
import { PluginManagerContent } from './PluginManagerContent';

jest.setTimeout(30_000);

const TECH_RADAR = '@backstage-community/plugin-tech-radar';
const TODO = '@backstage-community/plugin-todo-backend';

// Its own file: usePermission caches answers per test file, so a denial
// must not follow renders where the permission was allowed.
describe('PluginManagerContent without the install permission', () => {
  it('lets a user without the install permission read but not change anything', async () => {
    const api = pluginCatalog();
    api.preinstall(TECH_RADAR, '1.2.0', ['1.1.0']);
    await renderWithPluginManagerApis(<PluginManagerContent />, {
      api,
      allowed: false,
    });
    fireEvent.click(await screen.findByRole('button', { name: TODO }));
    const drawer = await screen.findByRole('dialog', { name: TODO });
    await within(drawer).findByText('Compatible');
    expect(
      await within(drawer).findByRole('button', { name: 'Install 0.9.0' }),
    ).toBeDisabled();
    fireEvent.click(
      within(drawer).getByRole('button', { name: 'Close details' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    fireEvent.click(screen.getByRole('tab', { name: 'Installed' }));
    const installed = await screen.findByRole('table', {
      name: 'Installed plugins',
    });
    expect(installed).toHaveTextContent(TECH_RADAR);
    // Reading the history stays; every change is gone.
    expect(
      within(installed)
        .queryAllByRole('button')
        .map(button => button.getAttribute('aria-label')),
    ).toEqual([`History of ${TECH_RADAR}`]);
    expect(
      screen.queryByRole('button', { name: /Revert to revision/ }),
    ).not.toBeInTheDocument();
  });
});
