import { ResponseError } from '@backstage/errors';
import { backendErrorResponse } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { DEFAULT_ENVIRONMENTS } from '@idp-platform/backstage-plugin-idp-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { paymentsApi } from '../../__testUtils__/paymentsApi';
import { renderWithConfigApis } from '../../__testUtils__/renderWithConfigApis';
import { DeliveryCard } from './DeliveryCard';

jest.setTimeout(30_000);

const CHECKED_AT = '2026-11-24T10:30:00.000Z';

function withDriftReports() {
  const api = paymentsApi();
  api.driftReportsByEnvironment.set('development', {
    application: 'payments-api',
    environment: 'development',
    checkedAt: CHECKED_AT,
    status: 'in-sync',
    deliveredVersion: 1,
    currentVersion: 1,
    outOfDate: false,
    objects: [],
  });
  api.driftReportsByEnvironment.set('staging', {
    application: 'payments-api',
    environment: 'staging',
    checkedAt: CHECKED_AT,
    status: 'drifted',
    deliveredVersion: 1,
    currentVersion: 2,
    outOfDate: true,
    objects: [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'staging',
        name: 'payments-api-config-1abc',
        status: 'modified',
        differences: [
          { path: 'data.config.json', expected: '{"a":1}', actual: '{"a":2}' },
        ],
      },
    ],
  });
  return api;
}

const rowOf = (environment: string) =>
  screen.getAllByRole('row').find(row => within(row).queryByText(environment))!;

describe('DeliveryCard', () => {
  it('shows per environment whether it is in sync, drifted with the differences, or not delivered', async () => {
    await renderWithConfigApis(
      <DeliveryCard
        application="payments-api"
        environments={DEFAULT_ENVIRONMENTS}
        reloadKey={0}
        canApply
      />,
      { api: withDriftReports() },
    );
    await screen.findByText('Drifted');
    expect(rowOf('Development')).toHaveTextContent('In sync');
    expect(rowOf('Staging')).toHaveTextContent('Drifted');
    expect(rowOf('Staging')).toHaveTextContent(
      'ConfigMap staging/payments-api-config-1abc: modified',
    );
    expect(rowOf('Staging')).toHaveTextContent(
      'data.config.json: expected "{\\"a\\":1}", found "{\\"a\\":2}"',
    );
    expect(rowOf('Staging')).toHaveTextContent('version 2 differs');
    expect(rowOf('UAT')).toHaveTextContent('Not delivered');
    expect(rowOf('UAT')).toHaveTextContent('never');
  });

  it('checks drift now for one environment and shows the new report', async () => {
    const api = paymentsApi();
    await renderWithConfigApis(
      <DeliveryCard
        application="payments-api"
        environments={DEFAULT_ENVIRONMENTS}
        reloadKey={0}
        canApply
      />,
      { api },
    );
    await screen.findAllByText('Not delivered');
    expect(rowOf('Staging')).toHaveTextContent('never');
    fireEvent.click(screen.getByRole('button', { name: 'Check staging now' }));
    await waitFor(() =>
      expect(rowOf('Staging')).not.toHaveTextContent('never'),
    );
    expect(api.driftChecks).toEqual(['staging']);
  });

  it('dry-runs first and shows the objects, then applies', async () => {
    const api = paymentsApi();
    await renderWithConfigApis(
      <DeliveryCard
        application="payments-api"
        environments={DEFAULT_ENVIRONMENTS}
        reloadKey={0}
        canApply
      />,
      { api },
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Apply to staging' }),
    );
    const dialog = await screen.findByRole('dialog');
    const objects = await within(dialog).findByRole('table', {
      name: 'Objects to apply',
    });
    expect(objects).toHaveTextContent(
      'ConfigMapstagingpayments-api-config-1abc',
    );
    expect(objects).toHaveTextContent('ExternalSecret');
    expect(dialog).toHaveTextContent(
      'points Deployment payments-api at it (rollout)',
    );
    expect(api.applyRequests).toEqual([
      { environment: 'staging', dryRun: true },
    ]);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply' }));
    expect(
      await screen.findByText(
        'Applied version 1 to staging as payments-api-config-1abc',
      ),
    ).toBeInTheDocument();
    expect(api.applyRequests).toEqual([
      { environment: 'staging', dryRun: true },
      { environment: 'staging', dryRun: false },
    ]);
  });

  it('shows why the dry run failed and offers no apply', async () => {
    const api = paymentsApi();
    api.nextFailure = await ResponseError.fromResponse(
      backendErrorResponse(403, 'NotAllowedError', 'Unauthorized'),
    );
    await renderWithConfigApis(
      <DeliveryCard
        application="payments-api"
        environments={DEFAULT_ENVIRONMENTS}
        reloadKey={0}
        canApply
      />,
      { api },
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Apply to staging' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      await within(dialog).findByText(
        /the permission idp.config.apply is required/,
      ),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Apply' }),
    ).toBeDisabled();
  });

  it('disables apply and check without the apply permission and says which permission', async () => {
    await renderWithConfigApis(
      <DeliveryCard
        application="payments-api"
        environments={DEFAULT_ENVIRONMENTS}
        reloadKey={0}
        canApply={false}
      />,
      { api: paymentsApi() },
    );
    expect(
      await screen.findByRole('button', { name: 'Apply to staging' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Check staging now' }),
    ).toBeDisabled();
    expect(
      screen.getByText(/need the permission idp.config.apply/),
    ).toBeInTheDocument();
  });
});
