import { ResponseError } from '@backstage/errors';
import {
  TestSignalApi,
  backendErrorResponse,
} from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { screen, waitFor, within, fireEvent } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { paymentsApi } from '../../__testUtils__/paymentsApi';
import { renderWithConfigApis } from '../../__testUtils__/renderWithConfigApis';
import { InMemoryConfigManagerApi } from '../../__testUtils__/InMemoryConfigManagerApi';
import { ConfigurationView } from './ConfigurationView';

// The shared CI machine is slow; the tab renders several cards and dialogs.
jest.setTimeout(30_000);

function render(
  api: InMemoryConfigManagerApi,
  options: { canWrite?: boolean; signals?: TestSignalApi } = {},
) {
  return renderWithConfigApis(
    <ConfigurationView
      name="payments-api"
      canWrite={options.canWrite ?? true}
      canApply
    />,
    { api, signals: options.signals },
  );
}

const grid = () =>
  screen.findByRole('table', { name: 'Configuration by environment' });

function rowOf(table: HTMLElement, key: string) {
  return within(table)
    .getAllByRole('row')
    .find(row => within(row).queryByText(key, { selector: 'span' }))!;
}

async function openEditor(key: string, environment: string) {
  fireEvent.click(
    await screen.findByRole('button', {
      name: `Edit ${key} in ${environment}`,
    }),
  );
  return screen.findByRole('dialog');
}

function typeValue(dialog: HTMLElement, value: string) {
  fireEvent.change(within(dialog).getByRole('textbox', { name: 'Value' }), {
    target: { value },
  });
}

describe('ConfigurationView grid', () => {
  it('highlights the keys that differ between environments and names the source layer of a value on hover', async () => {
    await render(paymentsApi());
    const table = await grid();
    const port = rowOf(table, '/database/port');
    expect(port).toHaveTextContent('differs');
    expect(port.querySelectorAll('td[data-differs]')).toHaveLength(4);
    const name = rowOf(table, '/database/name');
    expect(name).not.toHaveTextContent('differs');
    expect(name.querySelectorAll('td[data-differs]')).toHaveLength(0);

    await userEvent.hover(within(port).getByText('6432'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Source: application layer for production',
    );
    await userEvent.unhover(within(port).getByText('6432'));

    const format = rowOf(table, '/logging/format');
    await userEvent.hover(within(format).getAllByText('json')[0]);
    await waitFor(() =>
      expect(screen.getByRole('tooltip')).toHaveTextContent(
        'Source: global platform defaults',
      ),
    );
  });

  it('shows a secret reference as a lock chip with its store and key, never a value', async () => {
    await render(paymentsApi());
    const row = rowOf(await grid(), '/database/password/secretRef/store');
    expect(row).toBeUndefined();
    const password = rowOf(await grid(), '/database/password');
    expect(
      within(password).getAllByLabelText(
        'Secret reference vault-backend: payments/database#password',
      ),
    ).toHaveLength(4);
  });

  it('shows not set for a key an environment does not have', async () => {
    await render(paymentsApi());
    const host = rowOf(await grid(), '/database/host');
    expect(within(host).getAllByText('not set')).toHaveLength(2);
  });

  it('shows the error when the configuration cannot be read', async () => {
    const api = paymentsApi();
    api.readFailure = new Error('config backend unavailable');
    await render(api);
    expect(
      (await screen.findAllByText(/config backend unavailable/)).length,
    ).toBeGreaterThan(0);
  });

  it('says so when no configuration has that name', async () => {
    const api = paymentsApi();
    api.readFailure = await ResponseError.fromResponse(
      backendErrorResponse(
        404,
        'NotFoundError',
        'No configuration for application payments-api',
      ),
    );
    await render(api);
    expect(
      await screen.findByText('No configuration named payments-api yet'),
    ).toBeInTheDocument();
  });

  it('offers no editing without the write permission and says which permission is missing', async () => {
    await render(paymentsApi(), { canWrite: false });
    await grid();
    expect(
      screen.queryByRole('button', { name: /^Edit \/database\/port/ }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Add key' })).toBeDisabled();
    expect(
      screen.getByText(/needs the permission idp.config.write/),
    ).toBeInTheDocument();
  });

  it('exports the configuration as a YAML download', async () => {
    const createObjectURL = jest.fn(() => 'blob:payments-api');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    await render(paymentsApi());
    fireEvent.click(await screen.findByRole('button', { name: 'Export YAML' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    const link = click.mock.instances[0] as unknown as HTMLAnchorElement;
    expect(link.download).toBe('payments-api.yaml');
    expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
    expect(revokeObjectURL).toHaveBeenCalledWith('blob:payments-api');
    click.mockRestore();
  });

  it('reloads when the backend signals a change on the configuration channel', async () => {
    const signals = new TestSignalApi();
    const api = paymentsApi();
    await render(api, { signals });
    await grid();
    api.changeBySomeoneElse('payments-api', '/database/name', 'payments-v2');
    signals.publish('config:payments-api', {
      application: 'payments-api',
      event: 'changed',
      version: 2,
    });
    expect(await screen.findAllByText('payments-v2')).toHaveLength(4);
    expect(
      screen.getByText(/^Version 2, changed by user:default\/bob/),
    ).toBeInTheDocument();
  });
});

describe('ConfigurationView editor', () => {
  it('saves a value for one environment with the version it was opened with and the message', async () => {
    const api = paymentsApi();
    await render(api);
    const dialog = await openEditor('/database/port', 'staging');
    expect(within(dialog).getByRole('textbox', { name: 'Value' })).toHaveValue(
      '5432',
    );
    typeValue(dialog, '7000');
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Message' }), {
      target: { value: 'Staging pooler' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(
      await screen.findByText('Saved as version 2 (set-values)'),
    ).toBeInTheDocument();
    expect(api.setValuesRequests).toEqual([
      {
        version: 1,
        message: 'Staging pooler',
        changes: [
          { environment: 'staging', key: '/database/port', value: 7000 },
        ],
      },
    ]);
  });

  it('checks the value against the JSON Schema and the shared schemas as you type', async () => {
    await render(
      paymentsApi({
        type: 'object',
        properties: {
          database: {
            type: 'object',
            properties: { port: { type: 'integer', maximum: 65535 } },
          },
        },
      }),
    );
    const dialog = await openEditor('/database/port', 'staging');
    typeValue(dialog, '70000');
    expect(
      within(dialog).getByText('/database/port: must be <= 65535'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Save' })).toBeDisabled();
    typeValue(dialog, 'fast');
    expect(
      within(dialog).getByText('/database/port: must be integer'),
    ).toBeInTheDocument();
    typeValue(dialog, '6543');
    expect(within(dialog).queryByText(/must be/)).not.toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Save' })).toBeEnabled();
  });

  it('refuses a plain value for a key named like a secret and writes a secret reference instead', async () => {
    const api = paymentsApi();
    await render(api);
    fireEvent.click(await screen.findByRole('button', { name: 'Add key' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Key' }), {
      target: { value: '/cache/token' },
    });
    typeValue(dialog, 'hunter2');
    expect(
      within(dialog).getByText(
        '/cache/token: is named like a secret; give a secret reference, never the value',
      ),
    ).toBeInTheDocument();
    // The application layer reaches protected environments; staging does not.
    fireEvent.mouseDown(within(dialog).getByRole('button', { name: /Layer/ }));
    fireEvent.click(
      await screen.findByRole('option', { name: 'Staging only' }),
    );
    fireEvent.click(within(dialog).getByLabelText('Secret reference'));
    fireEvent.change(within(dialog).getByLabelText('Secret store'), {
      target: { value: 'vault-backend' },
    });
    fireEvent.change(within(dialog).getByLabelText('Secret key'), {
      target: { value: 'payments/cache' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved as version 2 (set-values)');
    expect(api.setValuesRequests[0].changes).toEqual([
      {
        environment: 'staging',
        key: '/cache/token',
        value: {
          secretRef: { store: 'vault-backend', key: 'payments/cache' },
        },
      },
    ]);
  });

  it("shows the backend's 400 naming the key and keeps the dialog open", async () => {
    const api = paymentsApi();
    api.validate = () =>
      '/database/host: must match format "hostname" (staging)';
    await render(api);
    const dialog = await openEditor('/database/host', 'staging');
    typeValue(dialog, 'db staging');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText(
        '/database/host: must match format "hostname" (staging)',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('says the configuration was changed by someone else on a 409, reloads, and saves with the new version', async () => {
    const api = paymentsApi();
    await render(api);
    const dialog = await openEditor('/database/port', 'staging');
    api.changeBySomeoneElse('payments-api', '/database/name', 'payments-v2');
    typeValue(dialog, '7000');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(
      await within(dialog).findByText('Changed by someone else'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/is at version 2, not 1/),
    ).toBeInTheDocument();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reload' }));
    expect(
      await within(dialog).findByText('Editing version 2'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'Value' })).toHaveValue(
      '7000',
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText('Saved as version 3 (set-values)'),
    ).toBeInTheDocument();
    expect(api.setValuesRequests.map(r => r.version)).toEqual([1, 2]);
  });

  it('shows the change request when a protected environment needs approval (202)', async () => {
    const api = paymentsApi();
    await render(api);
    const dialog = await openEditor('/database/port', 'production');
    expect(
      within(dialog).getByText(
        /production: Protected: changes need 2 approvals/,
      ),
    ).toBeInTheDocument();
    typeValue(dialog, '6433');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText('Waiting for approval: change request cr-1'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/protected environment production/),
    ).toBeInTheDocument();
    expect(api.changeRequests).toHaveLength(1);
  });

  it('names the missing permission when the backend refuses the change (403)', async () => {
    const api = paymentsApi();
    api.nextFailure = await ResponseError.fromResponse(
      backendErrorResponse(403, 'NotAllowedError', 'Unauthorized'),
    );
    await render(api);
    const dialog = await openEditor('/database/port', 'staging');
    typeValue(dialog, '7000');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText(
        'You are not allowed to do this: the permission idp.config.write is required.',
      ),
    ).toBeInTheDocument();
  });
});
