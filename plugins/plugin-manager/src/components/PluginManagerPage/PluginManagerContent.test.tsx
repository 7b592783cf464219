import { fireEvent, screen, within } from '@testing-library/react';
import { TestSignalApi } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { PLUGIN_MANAGER_OPERATION_SIGNAL_CHANNEL } from '@idp-platform/backstage-plugin-idp-common';
import { pluginCatalog } from '../../__testUtils__/pluginCatalog';
import { InMemoryPluginManagerApi } from '../../__testUtils__/InMemoryPluginManagerApi';
import { renderWithPluginManagerApis } from '../../__testUtils__/renderWithPluginManagerApis';
import { PluginManagerContent } from './PluginManagerContent';
import { LegacyPluginManagerPage } from './LegacyPluginManagerPage';

jest.setTimeout(30_000);

const TECH_RADAR = '@backstage-community/plugin-tech-radar';
const TODO = '@backstage-community/plugin-todo-backend';

const render = (
  api: InMemoryPluginManagerApi,
  options: {
    allowed?: boolean;
    signals?: TestSignalApi;
    routeEntries?: string[];
  } = {},
) => renderWithPluginManagerApis(<PluginManagerContent />, { api, ...options });

describe('PluginManagerContent', () => {
  it('opens on Discover and switches to Installed', async () => {
    const api = pluginCatalog();
    api.preinstall(TODO, '0.9.0');
    await render(api);
    expect(screen.getByRole('tab', { name: 'Discover' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(
      await screen.findByRole('table', { name: 'Plugins found' }),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Installed' }));
    expect(screen.getByRole('tab', { name: 'Installed' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const installed = await screen.findByRole('table', {
      name: 'Installed plugins',
    });
    expect(installed).toHaveTextContent(TODO);
  });

  it('opens the Installed tab from the address', async () => {
    await render(pluginCatalog(), { routeEntries: ['/?tab=installed'] });
    expect(screen.getByRole('tab', { name: 'Installed' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(await screen.findByText('No plugins installed')).toBeInTheDocument();
  });

  it('installs a plugin found by search and shows it on the Installed tab', async () => {
    const api = pluginCatalog();
    await render(api);
    fireEvent.change(screen.getByRole('textbox', { name: 'Search plugins' }), {
      target: { value: 'radar' },
    });
    fireEvent.click(await screen.findByRole('button', { name: TECH_RADAR }));
    const drawer = await screen.findByRole('dialog', { name: TECH_RADAR });
    await within(drawer).findByText('Compatible');
    fireEvent.click(
      within(drawer).getByRole('button', { name: 'Install 1.2.0' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: `Install ${TECH_RADAR} 1.2.0`,
    });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Check the plan' }),
    );
    await within(dialog).findByRole('region', { name: 'Dry-run plan' });
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Install 1.2.0' }),
    );
    await within(dialog).findByText(
      `Installed ${TECH_RADAR} 1.2.0: revision 1`,
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));

    // The drawer reloads: the package is now installed.
    expect(
      await within(drawer).findByRole('button', { name: '1.2.0 is installed' }),
    ).toBeDisabled();
    fireEvent.click(
      within(drawer).getByRole('button', { name: 'Close details' }),
    );
    fireEvent.click(screen.getByRole('tab', { name: 'Installed' }));
    const installed = await screen.findByRole('table', {
      name: 'Installed plugins',
    });
    expect(installed).toHaveTextContent(TECH_RADAR);
    expect(installed).toHaveTextContent('1.2.0');
  });

  it('shows the progress of an operation live and reloads when it finishes', async () => {
    const api = pluginCatalog();
    const signals = new TestSignalApi();
    await render(api, { signals, routeEntries: ['/?tab=installed'] });
    expect(await screen.findByText('No plugins installed')).toBeInTheDocument();

    const report = (step: string, status: string) =>
      signals.publish(PLUGIN_MANAGER_OPERATION_SIGNAL_CHANNEL, {
        operationId: 'op-7',
        action: 'install',
        package: TODO,
        version: '0.9.0',
        step,
        status,
        at: '2026-11-24T10:00:00.000Z',
      });
    report('download', 'running');
    const operations = screen.getByRole('status', { name: 'Operations' });
    expect(operations).toHaveTextContent(`Installing ${TODO} 0.9.0: download`);
    const bar = within(operations).getByRole('progressbar', {
      name: `${TODO} progress`,
    });
    const downloadProgress = Number(bar.getAttribute('aria-valuenow'));
    report('verify', 'running');
    expect(operations).toHaveTextContent(`Installing ${TODO} 0.9.0: verify`);
    expect(Number(bar.getAttribute('aria-valuenow'))).toBeGreaterThan(
      downloadProgress,
    );

    // Another admin's install lands in the backend; its last signal reloads the page.
    api.preinstall(TODO, '0.9.0');
    report('done', 'succeeded');
    expect(operations).toHaveTextContent(`Installed ${TODO} 0.9.0`);
    expect(
      within(operations).queryByRole('progressbar'),
    ).not.toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Installed plugins' }),
    ).toHaveTextContent(TODO);
  });

  it('reports a failed operation with the step it failed at', async () => {
    const signals = new TestSignalApi();
    await render(pluginCatalog(), { signals });
    signals.publish(PLUGIN_MANAGER_OPERATION_SIGNAL_CHANNEL, {
      operationId: 'op-8',
      action: 'upgrade',
      package: TECH_RADAR,
      version: '1.2.0',
      step: 'verify',
      status: 'failed',
      message: 'integrity sha512-abc does not match the tarball',
      at: '2026-11-24T10:00:00.000Z',
    });
    const operations = screen.getByRole('status', { name: 'Operations' });
    expect(operations).toHaveTextContent(
      `Upgrading ${TECH_RADAR} 1.2.0 failed at verify`,
    );
    expect(operations).toHaveTextContent(
      'integrity sha512-abc does not match the tarball',
    );
  });
});

describe('LegacyPluginManagerPage', () => {
  it('has the Plugins header above the tabs', async () => {
    await renderWithPluginManagerApis(<LegacyPluginManagerPage />, {
      api: pluginCatalog(),
    });
    expect(
      screen.getByRole('heading', { name: 'Plugins', level: 1 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Discover' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Installed' })).toBeInTheDocument();
  });
});
