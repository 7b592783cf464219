import { ChangeRequest } from '@idp-platform/backstage-plugin-idp-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { paymentsApi } from '../../__testUtils__/paymentsApi';
import { renderWithConfigApis } from '../../__testUtils__/renderWithConfigApis';
import { InMemoryConfigManagerApi } from '../../__testUtils__/InMemoryConfigManagerApi';
import { ConfigContent } from './ConfigPage';

jest.setTimeout(30_000);

async function withPendingChange(): Promise<InMemoryConfigManagerApi> {
  const api = paymentsApi();
  await api.setValues('payments-api', {
    version: 1,
    message: 'Bigger pool in production',
    changes: [
      { environment: 'production', key: '/database/port', value: 6433 },
    ],
  });
  return api;
}

describe('ConfigContent', () => {
  it('lists the configurations with their entity, version and last author', async () => {
    await renderWithConfigApis(<ConfigContent />, { api: paymentsApi() });
    const row = (await screen.findAllByRole('row')).find(r =>
      within(r).queryByText('payments-api', { selector: 'td' }),
    )!;
    expect(row).toHaveTextContent('user:default/alice');
    expect(within(row).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api',
    );
  });

  it('lists the pending configuration change requests and approving calls the decision route', async () => {
    const api = await withPendingChange();
    await renderWithConfigApis(<ConfigContent />, { api });
    expect(
      await screen.findByText(
        'Change configuration of payments-api in production',
        {},
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('0 of 2 approvals')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(api.decisions).toEqual([
        { id: 'cr-1', decision: 'approve', comment: undefined },
      ]),
    );
  });

  it('stores the change once the last approval is given', async () => {
    const api = await withPendingChange();
    const request = api.changeRequests[0] as ChangeRequest;
    request.approvals.push({
      approver: 'user:default/dave',
      decision: 'approve',
      decidedAt: '2026-11-24T10:00:00.000Z',
    });
    await renderWithConfigApis(<ConfigContent />, { api });
    fireEvent.click(await screen.findByRole('button', { name: 'Approve' }));
    expect(
      await screen.findByText('No configuration changes waiting for approval'),
    ).toBeInTheDocument();
    expect((await api.getApplication('payments-api')).version).toBe(2);
  });

  it('shows empty states when there is nothing to list', async () => {
    await renderWithConfigApis(<ConfigContent />, {
      api: new InMemoryConfigManagerApi([]),
    });
    expect(
      await screen.findByText('No configurations yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No configuration changes waiting for approval'),
    ).toBeInTheDocument();
  });

  it('shows the error when the backend cannot be read', async () => {
    const api = paymentsApi();
    api.readFailure = new Error('config backend unavailable');
    await renderWithConfigApis(<ConfigContent />, { api });
    expect(
      (await screen.findAllByText(/config backend unavailable/)).length,
    ).toBeGreaterThan(0);
  });
});
