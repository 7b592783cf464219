import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import {
  TestSignalApi,
  backendErrorResponse,
} from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { PLUGIN_MANAGER_HEALTH_SIGNAL_CHANNEL } from '@idp-platform/backstage-plugin-idp-common';
import { pluginCatalog } from '../../__testUtils__/pluginCatalog';
import { InMemoryPluginManagerApi } from '../../__testUtils__/InMemoryPluginManagerApi';
import { renderWithPluginManagerApis } from '../../__testUtils__/renderWithPluginManagerApis';
import { InstalledTab } from './InstalledTab';

jest.setTimeout(30_000);

const TECH_RADAR = '@backstage-community/plugin-tech-radar';
const TODO = '@backstage-community/plugin-todo-backend';

/** Tech radar installed at 1.1.0 then upgraded to 1.2.0, and the TODO backend failing to load. */
async function withInstalledPlugins() {
  const api = pluginCatalog();
  api.preinstall(TODO, '0.9.0');
  await api.install({ package: TECH_RADAR, version: '1.1.0' });
  await api.upgrade({ package: TECH_RADAR, version: '1.2.0' });
  api.changes.length = 0;
  api.healthByPackage.set(TODO, {
    load: 'failed',
    failure: 'Cannot find module ./dist/index.cjs.js',
    score: 20,
    routes: [{ path: '/api/todo/v1/todos', ok: false, status: 404 }],
  });
  return api;
}

function render(
  api: InMemoryPluginManagerApi,
  options: {
    canInstall?: boolean;
    signals?: TestSignalApi;
    onChanged?: jest.Mock;
  } = {},
) {
  return renderWithPluginManagerApis(
    <InstalledTab
      canInstall={options.canInstall ?? true}
      reloadKey={0}
      onChanged={options.onChanged ?? jest.fn()}
    />,
    { api, allowed: options.canInstall ?? true, signals: options.signals },
  );
}

const pluginRow = (name: string) =>
  within(screen.getByRole('table', { name: 'Installed plugins' }))
    .getAllByRole('row')
    .find(row => row.textContent?.includes(name))!;

describe('InstalledTab', () => {
  it('lists installed plugins with version, kept versions, load state and health score', async () => {
    await render(await withInstalledPlugins());
    await screen.findByRole('table', { name: 'Installed plugins' });
    const radar = pluginRow(TECH_RADAR);
    expect(radar).toHaveTextContent('1.2.0');
    expect(radar).toHaveTextContent('kept: 1.1.0');
    expect(radar).toHaveTextContent('enabled');
    expect(await within(radar).findByText('loaded')).toBeInTheDocument();
    expect(within(radar).getByText('Health 100/100')).toBeInTheDocument();

    const todo = pluginRow(TODO);
    expect(within(todo).getByText('failed to load')).toBeInTheDocument();
    expect(within(todo).getByText('Health 20/100')).toBeInTheDocument();
    expect(todo).toHaveTextContent('Cannot find module ./dist/index.cjs.js');
    expect(todo).toHaveTextContent('/api/todo/v1/todos answered 404');
    expect(
      screen.getByText(/Health score: score = 50 if loaded/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Revision 3 of dynamic-plugins.yaml'),
    ).toBeInTheDocument();
  });

  it('rolls back to the previous version after confirmation, sending the current revision', async () => {
    const api = await withInstalledPlugins();
    const onChanged = jest.fn();
    await render(api, { onChanged });
    fireEvent.click(
      await screen.findByRole('button', {
        name: `Roll back ${TECH_RADAR} to 1.1.0`,
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: `Roll back ${TECH_RADAR} to 1.1.0?`,
    });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Message' }), {
      target: { value: 'Radar renders blank' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    expect(
      await within(dialog).findByText(
        `Rolled back ${TECH_RADAR} 1.1.0: revision 4`,
      ),
    ).toBeInTheDocument();
    expect(api.changes).toEqual([
      {
        action: 'rollback',
        request: {
          package: TECH_RADAR,
          expectedRevision: 3,
          message: 'Radar renders blank',
        },
      },
    ]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(onChanged).toHaveBeenCalled();
    expect((await api.listInstalled()).items).toContainEqual(
      expect.objectContaining({ package: TECH_RADAR, version: '1.1.0' }),
    );
  });

  it('disables a plugin after confirmation', async () => {
    const api = await withInstalledPlugins();
    await render(api);
    fireEvent.click(
      await screen.findByRole('button', { name: `Disable ${TODO}` }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: `Disable ${TODO}?`,
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disable' }));
    expect(
      await within(dialog).findByText(`Disabled ${TODO} 0.9.0: revision 4`),
    ).toBeInTheDocument();
    expect(api.changes[0]).toEqual({
      action: 'disable',
      request: { package: TODO, expectedRevision: 3 },
    });
  });

  it('shows the history of revisions with the diff of one', async () => {
    await render(await withInstalledPlugins());
    const history = await screen.findByRole('table', { name: 'Revisions' });
    const rows = within(history).getAllByRole('row').slice(1);
    expect(
      rows.map(r => within(r).getAllByRole('cell')[0].textContent),
    ).toEqual(['3', '2', '1']);
    expect(rows[0]).toHaveTextContent('upgrade');
    expect(rows[0]).toHaveTextContent('1.1.0 → 1.2.0');
    expect(rows[0]).toHaveTextContent('user:default/alice');

    fireEvent.click(
      within(rows[0]).getByRole('button', { name: 'Diff of revision 3' }),
    );
    expect(
      await screen.findByText(`1 changed package: ${TECH_RADAR} (version)`),
    ).toBeInTheDocument();
    const diff = screen.getByRole('table', {
      name: 'Changes from Revision 2 to Revision 3',
    });
    expect(
      within(diff).getAllByText(new RegExp(`${TECH_RADAR}@1.2.0`)).length,
    ).toBeGreaterThan(0);
  });

  it('reverts to an earlier revision', async () => {
    const api = await withInstalledPlugins();
    await render(api);
    fireEvent.click(
      await screen.findByRole('button', { name: 'Revert to revision 1' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Revert to revision 1?',
    });
    expect(dialog).toHaveTextContent(`${TODO}@0.9.0`);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revert' }));
    await within(dialog).findByText(/Reverted .*: revision 4/);
    expect(api.changes[0]).toEqual({
      action: 'revert',
      request: { expectedRevision: 3 },
    });
    expect((await api.listInstalled()).items.map(p => p.package)).toEqual([
      TODO,
    ]);
  });

  it('hides the changes without the install permission but still shows state and history', async () => {
    await render(await withInstalledPlugins(), { canInstall: false });
    await screen.findByRole('table', { name: 'Installed plugins' });
    await screen.findByRole('table', { name: 'Revisions' });
    expect(
      screen.getByRole('button', { name: `History of ${TECH_RADAR}` }),
    ).toBeInTheDocument();
    for (const name of [
      /^Disable/,
      /^Roll back/,
      /^Upgrade/,
      /^Uninstall/,
      /^Revert/,
    ]) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
  });

  it('shows a 403 from the backend clearly when a change is refused', async () => {
    const api = await withInstalledPlugins();
    api.nextFailure = await ResponseError.fromResponse(
      backendErrorResponse(403, 'NotAllowedError', 'Denied'),
    );
    await render(api);
    fireEvent.click(
      await screen.findByRole('button', { name: `Uninstall ${TODO}` }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: `Uninstall ${TODO}?`,
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Uninstall' }));
    expect(await within(dialog).findByText('Not allowed')).toBeInTheDocument();
    expect(dialog).toHaveTextContent(
      'You are not allowed to do this: the permission idp.plugin-manager.install is required.',
    );
    expect((await api.listInstalled()).items).toHaveLength(2);
  });

  it('reloads the health when the backend announces a health check', async () => {
    const api = await withInstalledPlugins();
    const signals = new TestSignalApi();
    await render(api, { signals });
    await screen.findByText('Health 20/100');
    api.healthByPackage.set(TODO, { load: 'loaded', score: 90 });
    signals.publish(PLUGIN_MANAGER_HEALTH_SIGNAL_CHANNEL, {
      checkedAt: '2026-11-24T11:00:00.000Z',
      plugins: [{ package: TODO, score: 90 }],
    });
    expect(await screen.findByText('Health 90/100')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.queryByText('failed to load')).not.toBeInTheDocument(),
    );
  });

  it('says when nothing is installed', async () => {
    await render(pluginCatalog());
    expect(await screen.findByText('No plugins installed')).toBeInTheDocument();
    expect(screen.getByText('No revisions yet')).toBeInTheDocument();
    expect(
      screen.getByText('No plugin changes waiting for approval'),
    ).toBeInTheDocument();
  });

  it('shows the error when the installed plugins cannot be read', async () => {
    const api = pluginCatalog();
    api.readFailure = new Error('plugin-manager backend unavailable');
    await render(api);
    expect(
      (await screen.findAllByText(/plugin-manager backend unavailable/)).length,
    ).toBeGreaterThan(0);
  });

  it('lists a change waiting for approval and makes it when approved', async () => {
    const api = await withInstalledPlugins();
    api.requiresApproval = true;
    const pending = await api.rollback({
      package: TECH_RADAR,
      expectedRevision: 3,
    });
    expect(pending.status).toBe('pending-approval');
    const onChanged = jest.fn();
    await render(api, { onChanged });
    expect(
      await screen.findByText(`Rolling back ${TECH_RADAR}`),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(api.decisions).toEqual([
      { id: 'cr-1', decision: 'approve', comment: undefined },
    ]);
    expect((await api.listInstalled()).items).toContainEqual(
      expect.objectContaining({ package: TECH_RADAR, version: '1.1.0' }),
    );
  });

  it("shows one plugin's history and back to every package", async () => {
    const api = await withInstalledPlugins();
    await render(api);
    fireEvent.click(
      await screen.findByRole('button', { name: `History of ${TODO}` }),
    );
    expect(await screen.findByText(`History of ${TODO}`)).toBeInTheDocument();
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Revisions' }))
          .getAllByRole('row')
          .slice(1)
          .map(r => within(r).getAllByRole('cell')[0].textContent),
      ).toEqual(['1']),
    );
    // Revision 1 is not the installed one, whatever the filter shows first.
    expect(
      screen.getByRole('button', { name: 'Revert to revision 1' }),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'All packages' }));
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Revisions' })).getAllByRole(
          'row',
        ),
      ).toHaveLength(4),
    );
  });
});
