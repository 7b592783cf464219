import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import {
  TestSignalApi,
  backendErrorResponse,
} from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { PLUGIN_MANAGER_OPERATION_SIGNAL_CHANNEL } from '@idp-platform/backstage-plugin-idp-common';
import { pluginCatalog } from '../../__testUtils__/pluginCatalog';
import { InMemoryPluginManagerApi } from '../../__testUtils__/InMemoryPluginManagerApi';
import { renderWithPluginManagerApis } from '../../__testUtils__/renderWithPluginManagerApis';
import { InstallDialog } from './InstallDialog';

jest.setTimeout(30_000);

const TECH_RADAR = '@backstage-community/plugin-tech-radar';
const CONFIG_YAML = 'techRadar:\n  url: https://example.com/radar.json\n';

function render(
  api: InMemoryPluginManagerApi,
  options: {
    version?: string;
    installedVersion?: string;
    signals?: TestSignalApi;
    onDone?: jest.Mock;
  } = {},
) {
  return renderWithPluginManagerApis(
    <InstallDialog
      packageName={TECH_RADAR}
      version={options.version ?? '1.2.0'}
      installedVersion={options.installedVersion}
      onClose={jest.fn()}
      onDone={options.onDone ?? jest.fn()}
    />,
    { api, signals: options.signals },
  );
}

const configField = () =>
  screen.getByRole('textbox', { name: 'Configuration to add (YAML)' });

describe('InstallDialog', () => {
  it('shows the dry-run plan before installing, then installs with the revision the plan saw', async () => {
    const api = pluginCatalog();
    const onDone = jest.fn();
    await render(api, { onDone });
    const install = screen.getByRole('button', { name: 'Install 1.2.0' });
    expect(install).toBeDisabled();

    fireEvent.change(configField(), { target: { value: CONFIG_YAML } });
    fireEvent.click(screen.getByRole('button', { name: 'Check the plan' }));
    const plan = await screen.findByRole('region', { name: 'Dry-run plan' });
    expect(plan).toHaveTextContent(`Installs ${TECH_RADAR} 1.2.0`);
    const checks = within(plan).getByRole('table', { name: 'Plan checks' });
    expect(within(checks).getAllByRole('row')[1]).toHaveTextContent(
      'Compatibility',
    );
    expect(within(checks).getAllByRole('row')[1]).toHaveTextContent('pass');
    expect(api.planRequests).toEqual([
      {
        package: TECH_RADAR,
        version: '1.2.0',
        pluginConfigYaml: CONFIG_YAML,
      },
    ]);
    expect(api.changes).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Install 1.2.0' }));
    expect(
      await screen.findByText(`Installed ${TECH_RADAR} 1.2.0: revision 1`),
    ).toBeInTheDocument();
    expect(api.changes).toEqual([
      {
        action: 'install',
        request: {
          package: TECH_RADAR,
          version: '1.2.0',
          pluginConfigYaml: CONFIG_YAML,
          expectedRevision: 0,
        },
      },
    ]);
    expect((await api.listInstalled()).items[0]).toMatchObject({
      package: TECH_RADAR,
      version: '1.2.0',
    });
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onDone).toHaveBeenCalledWith(
      expect.objectContaining({ status: 'applied' }),
    );
  });

  it('asks for a new plan when the configuration changes after the plan', async () => {
    await render(pluginCatalog());
    fireEvent.click(screen.getByRole('button', { name: 'Check the plan' }));
    await screen.findByRole('region', { name: 'Dry-run plan' });
    expect(screen.getByRole('button', { name: 'Install 1.2.0' })).toBeEnabled();
    fireEvent.change(configField(), { target: { value: CONFIG_YAML } });
    expect(
      screen.getByText(
        'The configuration changed since the plan: check the plan again.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Install 1.2.0' }),
    ).toBeDisabled();
  });

  it('blocks an incompatible version: the plan shows the failed checks and Install stays disabled', async () => {
    const api = pluginCatalog();
    await render(api, { version: '1.0.0' });
    fireEvent.click(screen.getByRole('button', { name: 'Check the plan' }));
    const plan = await screen.findByRole('region', { name: 'Dry-run plan' });
    expect(within(plan).getByText('Incompatible')).toBeInTheDocument();
    expect(
      within(plan).getByText(
        'The plan is blocked: a check failed, so nothing can be written.',
      ),
    ).toBeInTheDocument();
    expect(
      within(plan).getByRole('table', { name: 'Dependency conflicts' }),
    ).toHaveTextContent('react');
    expect(
      screen.getByRole('button', { name: 'Install 1.0.0' }),
    ).toBeDisabled();
  });

  it('upgrades an installed plugin from its version', async () => {
    const api = pluginCatalog();
    api.preinstall(TECH_RADAR, '1.1.0');
    await render(api, { installedVersion: '1.1.0' });
    expect(
      screen.getByRole('dialog', {
        name: `Upgrade ${TECH_RADAR} from 1.1.0 to 1.2.0`,
      }),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Check the plan' }));
    expect(
      await screen.findByText(`Changes ${TECH_RADAR} from 1.1.0 to 1.2.0`, {
        exact: false,
      }),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Upgrade to 1.2.0' }));
    expect(
      await screen.findByText(`Upgraded ${TECH_RADAR} 1.2.0: revision 2`),
    ).toBeInTheDocument();
    expect((await api.listInstalled()).items[0]).toMatchObject({
      version: '1.2.0',
      previousVersions: ['1.1.0'],
    });
  });

  it('shows a refusal for lack of permission clearly, naming the permission', async () => {
    const api = pluginCatalog();
    api.nextFailure = await ResponseError.fromResponse(
      backendErrorResponse(403, 'NotAllowedError', 'Denied'),
    );
    await render(api);
    fireEvent.click(screen.getByRole('button', { name: 'Check the plan' }));
    await screen.findByRole('region', { name: 'Dry-run plan' });
    fireEvent.click(screen.getByRole('button', { name: 'Install 1.2.0' }));
    expect(await screen.findByText('Not allowed')).toBeInTheDocument();
    expect(
      screen.getByText(
        'You are not allowed to do this: the permission idp.plugin-manager.install is required.',
      ),
    ).toBeInTheDocument();
    expect((await api.listInstalled()).items).toEqual([]);
  });

  it('tells that another change landed since the plan (409)', async () => {
    const api = pluginCatalog();
    await render(api);
    fireEvent.click(screen.getByRole('button', { name: 'Check the plan' }));
    await screen.findByRole('region', { name: 'Dry-run plan' });
    api.preinstall('@backstage-community/plugin-todo-backend', '0.9.0');
    fireEvent.click(screen.getByRole('button', { name: 'Install 1.2.0' }));
    expect(await screen.findByText('Refused')).toBeInTheDocument();
    expect(
      screen.getByText(
        'The installed plugins are at revision 1, not 0; reload and try again',
      ),
    ).toBeInTheDocument();
  });

  it('says the install waits for approval in a protected environment', async () => {
    const api = pluginCatalog();
    api.requiresApproval = true;
    await render(api);
    fireEvent.click(screen.getByRole('button', { name: 'Check the plan' }));
    expect(
      await screen.findByText(
        'This Backstage runs in a protected environment: the change waits for approval before it is written.',
      ),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Install 1.2.0' }));
    expect(await screen.findByText('Waiting for approval')).toBeInTheDocument();
  });

  it('shows the step the backend reports while the install runs', async () => {
    const api = pluginCatalog();
    const signals = new TestSignalApi();
    let finish: () => void = () => {};
    const install = api.install.bind(api);
    api.install = request =>
      new Promise(resolve => {
        finish = () => resolve(install(request));
      });
    await render(api, { signals });
    fireEvent.click(screen.getByRole('button', { name: 'Check the plan' }));
    await screen.findByRole('region', { name: 'Dry-run plan' });
    fireEvent.click(screen.getByRole('button', { name: 'Install 1.2.0' }));
    expect(await screen.findByText('Starting…')).toBeInTheDocument();
    signals.publish(PLUGIN_MANAGER_OPERATION_SIGNAL_CHANNEL, {
      operationId: 'op-1',
      action: 'install',
      package: TECH_RADAR,
      version: '1.2.0',
      step: 'verify',
      status: 'running',
      message: 'sha512 matches',
      at: '2026-11-24T10:00:00.000Z',
    });
    expect(
      screen.getByText('Step verify: running (sha512 matches)'),
    ).toBeInTheDocument();
    finish();
    await waitFor(() =>
      expect(
        screen.getByText(`Installed ${TECH_RADAR} 1.2.0: revision 1`),
      ).toBeInTheDocument(),
    );
  });

  it("shows the backend's 400 naming the YAML field and no plan", async () => {
    const api = pluginCatalog();
    api.rejectConfigYaml = yaml =>
      yaml.trim().startsWith('-')
        ? 'Invalid request: pluginConfigYaml: must be a YAML mapping such as "catalog: {...}"'
        : undefined;
    await render(api);
    fireEvent.change(configField(), {
      target: { value: '- just\n- a list\n' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Check the plan' }));
    expect(
      await screen.findByText(
        'Invalid request: pluginConfigYaml: must be a YAML mapping such as "catalog: {...}"',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'Dry-run plan' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Install 1.2.0' }),
    ).toBeDisabled();
  });
});
