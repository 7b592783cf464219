import { DEFAULT_ENVIRONMENTS } from '@idp-platform/backstage-plugin-idp-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderWithPolicyApis } from '../../__testUtils__/renderWithPolicyApis';
import { shopPolicyApi } from '../../__testUtils__/shopPolicies';
import { VersionHistory } from './VersionHistory';

jest.setTimeout(30_000);

async function withTwoVersionsApplied() {
  const api = shopPolicyApi();
  const v1 = await api.getPolicy('orders');
  await api.updatePolicy('orders', {
    version: 1,
    yaml: v1.yaml.replace('port: 5432', 'port: 6432'),
    message: 'Database moved to 6432',
  });
  await api.apply('orders', { environment: 'staging', version: 2 });
  return api;
}

describe('VersionHistory', () => {
  it('lists versions and applies, shows what a version changed, and rolls back', async () => {
    const api = await withTwoVersionsApplied();
    const rolledBack: number[] = [];
    await renderWithPolicyApis(
      <VersionHistory
        policy={await api.getPolicy('orders')}
        environments={DEFAULT_ENVIRONMENTS}
        canApply
        reloadKey={0}
        onRolledBack={() => rolledBack.push(1)}
      />,
      { api },
    );

    const versions = await screen.findByRole('table', { name: 'Versions' });
    const rows = within(versions).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(
      '2user:default/aliceDatabase moved to 6432',
    );
    expect(rows[2]).toHaveTextContent('1user:default/aliceImported');
    expect(screen.getByRole('table', { name: 'Applies' })).toHaveTextContent(
      'staging2applyapplied',
    );

    fireEvent.click(
      screen.getByRole('button', { name: 'Changes in version 2' }),
    );
    expect(await screen.findByText('Version 1')).toBeInTheDocument();
    expect(screen.getAllByText(/port: 6432/).length).toBeGreaterThan(0);

    fireEvent.click(
      screen.getByRole('button', { name: 'Roll back to version 1' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Version 2 is applied in staging now.');
    fireEvent.change(within(dialog).getByLabelText('Reason'), {
      target: { value: 'Database not moved yet' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Roll back' }));

    expect(
      await within(dialog).findByText(
        /Rolled back orders version 1 to staging/,
      ),
    ).toBeInTheDocument();
    expect(api.rollbackRequests).toEqual([
      {
        environment: 'staging',
        toVersion: 1,
        message: 'Database not moved yet',
      },
    ]);
    expect(rolledBack).toEqual([1]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(
        within(screen.getByRole('table', { name: 'Applies' })).getAllByRole(
          'row',
        )[1],
      ).toHaveTextContent('staging1rollbackapplied'),
    );
  });

  it('shows the state of the change requests of applies to protected environments', async () => {
    const api = await withTwoVersionsApplied();
    await api.apply('orders', { environment: 'production', version: 2 });
    await api.apply('orders', { environment: 'uat', version: 1 });
    await api.decideChangeRequest('cr-2', 'reject');
    await renderWithPolicyApis(
      <VersionHistory
        policy={await api.getPolicy('orders')}
        environments={DEFAULT_ENVIRONMENTS}
        canApply
        reloadKey={0}
        onRolledBack={() => {}}
      />,
      { api },
    );
    const rows = within(
      await screen.findByRole('table', { name: 'Change requests' }),
    ).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(
      'Apply policy orders version 2 to productionproductionpending0 of 2user:default/alice',
    );
    expect(rows[2]).toHaveTextContent('uatrejected0 of 1');
  });

  it('says a policy was never applied', async () => {
    const api = shopPolicyApi();
    await renderWithPolicyApis(
      <VersionHistory
        policy={await api.getPolicy('payments')}
        environments={DEFAULT_ENVIRONMENTS}
        canApply={false}
        reloadKey={0}
        onRolledBack={() => {}}
      />,
      { api },
    );
    expect(await screen.findByText('Never applied')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Roll back to version 1' }),
    ).toBeDisabled();
  });
});
