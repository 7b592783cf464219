import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { paymentsApi } from '../../__testUtils__/paymentsApi';
import { renderWithConfigApis } from '../../__testUtils__/renderWithConfigApis';
import { HistoryCard } from './HistoryCard';

jest.setTimeout(30_000);

async function withTwoVersions() {
  const api = paymentsApi();
  await api.setValues('payments-api', {
    version: 1,
    message: 'Staging pooler',
    changes: [{ environment: 'staging', key: '/database/port', value: 7000 }],
  });
  return api;
}

async function choose(label: RegExp, option: string) {
  fireEvent.mouseDown(screen.getByRole('button', { name: label }));
  fireEvent.click(await screen.findByRole('option', { name: option }));
}

describe('HistoryCard', () => {
  it('lists change sets newest first with version, author and message', async () => {
    await renderWithConfigApis(
      <HistoryCard
        application="payments-api"
        currentVersion={2}
        reloadKey={0}
        canWrite
        onChanged={jest.fn()}
      />,
      { api: await withTwoVersions() },
    );
    const rows = await screen.findAllByRole('row');
    const versionRows = rows.filter(row =>
      /Staging pooler|Imported/.test(row.textContent ?? ''),
    );
    expect(versionRows[0]).toHaveTextContent('Staging pooler');
    expect(versionRows[0]).toHaveTextContent('user:default/alice');
    expect(versionRows[0]).toHaveTextContent(
      '/environments/staging/database/port',
    );
    expect(versionRows[1]).toHaveTextContent('Imported');
  });

  it('shows the diff between two chosen versions', async () => {
    const api = await withTwoVersions();
    await renderWithConfigApis(
      <HistoryCard
        application="payments-api"
        currentVersion={2}
        reloadKey={0}
        canWrite
        onChanged={jest.fn()}
      />,
      { api },
    );
    await screen.findByText('Staging pooler');
    await choose(/From version/, '0 (empty)');
    await choose(/From version/, '1');
    await choose(/To version/, '2');
    fireEvent.click(screen.getByRole('button', { name: 'Show diff' }));
    expect(
      await screen.findByText(
        '1 changed path: /environments/staging/database/port (added)',
      ),
    ).toBeInTheDocument();
    const diff = screen.getByRole('table', {
      name: 'Changes from Version 1 to Version 2',
    });
    expect(within(diff).getByText(/"port": 7000/)).toBeInTheDocument();
  });

  it('rolls back to an earlier version after confirmation, sending the current version', async () => {
    const api = await withTwoVersions();
    const onChanged = jest.fn();
    await renderWithConfigApis(
      <HistoryCard
        application="payments-api"
        currentVersion={2}
        reloadKey={0}
        canWrite
        onChanged={onChanged}
      />,
      { api },
    );
    expect(
      screen.queryByRole('button', { name: 'Roll back to version 2' }),
    ).not.toBeInTheDocument();
    fireEvent.click(
      await screen.findByRole('button', { name: 'Roll back to version 1' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Roll back to version 1?');
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Message' }), {
      target: { value: 'Pooler misbehaves' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));
    await waitFor(() =>
      expect(onChanged).toHaveBeenCalledWith(
        expect.objectContaining({
          status: 'applied',
          changeSet: expect.objectContaining({ version: 3, kind: 'rollback' }),
        }),
      ),
    );
    expect(api.rollbackRequests).toEqual([
      { version: 2, toVersion: 1, message: 'Pooler misbehaves' },
    ]);
  });

  it('hides rollback without the write permission', async () => {
    await renderWithConfigApis(
      <HistoryCard
        application="payments-api"
        currentVersion={2}
        reloadKey={0}
        canWrite={false}
        onChanged={jest.fn()}
      />,
      { api: await withTwoVersions() },
    );
    await screen.findByText('Staging pooler');
    expect(
      screen.queryByRole('button', { name: /Roll back/ }),
    ).not.toBeInTheDocument();
  });
});
