import { ResponseError } from '@backstage/errors';
import { DEFAULT_ENVIRONMENTS } from '@idp-platform/backstage-plugin-idp-common';
import { backendErrorResponse } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { fireEvent, screen, within } from '@testing-library/react';
import { renderWithPolicyApis } from '../../__testUtils__/renderWithPolicyApis';
import {
  ORDERS_POLICY,
  PAYMENTS_POLICY,
  shopPolicyApi,
} from '../../__testUtils__/shopPolicies';
import { SandboxPanel } from './SandboxPanel';

jest.setTimeout(30_000);

const resultRow = (scenario: string) =>
  within(screen.getByRole('table', { name: 'Scenario results' }))
    .getAllByRole('row')
    .find(row => within(row).queryByText(scenario))!;

describe('SandboxPanel', () => {
  it('runs the scenarios of the text being edited and shows pass per scenario', async () => {
    const api = shopPolicyApi();
    await renderWithPolicyApis(
      <SandboxPanel text={ORDERS_POLICY} environments={DEFAULT_ENVIRONMENTS} />,
      { api },
    );
    expect(screen.getByText('No scenarios run yet')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Run scenarios' }));

    expect(
      await screen.findByText('All 3 scenarios pass in development'),
    ).toBeInTheDocument();
    expect(resultRow('orders reaches payments')).toHaveTextContent(
      'orders → payments:8080allowallowPass',
    );
    expect(resultRow('orders cannot reach the card network')).toHaveTextContent(
      'denydenyPass',
    );
    expect(resultRow('staff may read orders')).toHaveTextContent(
      'GET /orders with groups=shop-staff',
    );
    expect(api.sandboxRequests).toEqual([
      { yaml: ORDERS_POLICY, environment: 'development' },
    ]);
  });

  it('marks a scenario whose decision differs from what it expects as failed, in the chosen environment', async () => {
    const api = shopPolicyApi();
    await renderWithPolicyApis(
      <SandboxPanel
        text={PAYMENTS_POLICY}
        environments={DEFAULT_ENVIRONMENTS}
      />,
      { api },
    );
    fireEvent.mouseDown(screen.getByLabelText('Environment'));
    fireEvent.click(
      await screen.findByRole('option', { name: 'Production (protected)' }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Run scenarios' }));

    expect(
      await screen.findByText('1 of 1 scenario fails in production'),
    ).toBeInTheDocument();
    const row = resultRow('payments reaches the card network');
    expect(row).toHaveTextContent('allowdenyFail');
    expect(row).toHaveTextContent(
      'DENY: card-network is a denied destination of payments',
    );
    expect(api.sandboxRequests[0].environment).toBe('production');
  });

  it('shows the compiled objects for the environment', async () => {
    await renderWithPolicyApis(
      <SandboxPanel text={ORDERS_POLICY} environments={DEFAULT_ENVIRONMENTS} />,
      { api: shopPolicyApi() },
    );
    fireEvent.click(
      screen.getByRole('button', { name: 'Show compiled objects' }),
    );
    expect(
      await screen.findByText('Compiled for development: 4 objects'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Compiled objects')).toHaveTextContent(
      'name: payments-from-orders',
    );
  });

  it("shows the backend's reason when the sandbox refuses the document", async () => {
    const api = shopPolicyApi();
    api.nextFailure = await ResponseError.fromResponse(
      backendErrorResponse(400, 'InputError', 'spec.source.service: Required'),
    );
    await renderWithPolicyApis(
      <SandboxPanel text={ORDERS_POLICY} environments={DEFAULT_ENVIRONMENTS} />,
      { api },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Run scenarios' }));
    expect(
      await screen.findByText('spec.source.service: Required'),
    ).toBeInTheDocument();
  });
});
