import { ResponseError } from '@backstage/errors';
import { DEFAULT_ENVIRONMENTS } from '@idp-platform/backstage-plugin-idp-common';
import { backendErrorResponse } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import { fireEvent, screen, within } from '@testing-library/react';
import { InMemoryPolicyApi } from '../../__testUtils__/InMemoryPolicyApi';
import { renderWithPolicyApis } from '../../__testUtils__/renderWithPolicyApis';
import { shopPolicyApi } from '../../__testUtils__/shopPolicies';
import { ApplyPanel } from './ApplyPanel';

jest.setTimeout(30_000);

/** Orders at version 2: the database destination replaced by a cache. */
async function ordersAtVersion2(api: InMemoryPolicyApi) {
  const v1 = await api.getPolicy('orders');
  await api.updatePolicy('orders', {
    version: 1,
    yaml: v1.yaml
      .replace('service: orders-db', 'service: orders-cache')
      .replace('port: 5432', 'port: 6379'),
  });
  return api.getPolicy('orders');
}

async function renderPanel(
  api: InMemoryPolicyApi,
  options: { canApply?: boolean; onApplied?: () => void } = {},
) {
  const policy = await api.getPolicy('orders');
  await renderWithPolicyApis(
    <ApplyPanel
      policy={policy}
      environments={DEFAULT_ENVIRONMENTS}
      canApply={options.canApply ?? true}
      unsaved={false}
      onApplied={options.onApplied ?? (() => {})}
    />,
    { api },
  );
}

const chooseEnvironment = async (name: string) => {
  fireEvent.mouseDown(screen.getByLabelText('Environment'));
  fireEvent.click(await screen.findByRole('option', { name }));
};

describe('ApplyPanel', () => {
  it('shows who gains and loses access and the dry run before it applies, then applies', async () => {
    const api = shopPolicyApi();
    api.markApplied('orders', 'development', 1);
    await ordersAtVersion2(api);
    const applied: number[] = [];
    await renderPanel(api, { onApplied: () => applied.push(1) });

    expect(screen.queryByRole('button', { name: 'Apply' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Review impact' }));

    const impact = await screen.findByRole('region', { name: 'Impact' });
    expect(impact).toHaveTextContent(
      'Dry run accepted 4 objects. All 3 scenarios pass in development.',
    );
    expect(
      within(impact).getByRole('table', { name: 'Gained access' }),
    ).toHaveTextContent('ordersorders-cache6379none');
    expect(
      within(impact).getByRole('table', { name: 'Lost access' }),
    ).toHaveTextContent('ordersorders-db5432none');
    expect(impact).toHaveTextContent('1 access pairs stay as they are.');
    const objects = within(impact).getByRole('table', {
      name: 'Objects to apply',
    });
    expect(objects).toHaveTextContent(
      'AuthorizationPolicydevelopmentorders-cache-from-orderscreate',
    );
    expect(objects).toHaveTextContent(
      'AuthorizationPolicydevelopmentpayments-from-ordersunchanged',
    );
    expect(objects).toHaveTextContent(
      'AuthorizationPolicydevelopmentorders-db-from-ordersdelete',
    );
    expect(impact).toHaveTextContent('Applied (version 1)');
    expect(api.applyRequests).toEqual([
      { environment: 'development', version: 2, dryRun: true },
    ]);

    fireEvent.change(screen.getByLabelText('Apply message'), {
      target: { value: 'Cache instead of database' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));

    expect(
      await screen.findByText(/Applied orders version 2 to development/),
    ).toBeInTheDocument();
    expect(api.applyRequests[1]).toEqual({
      environment: 'development',
      version: 2,
      message: 'Cache instead of database',
    });
    expect(applied).toEqual([1]);
    expect(screen.queryByRole('region', { name: 'Impact' })).toBeNull();
  });

  it('opens a change request instead of applying to a protected environment', async () => {
    const api = shopPolicyApi();
    await renderPanel(api);
    await chooseEnvironment('Production (protected)');
    fireEvent.click(screen.getByRole('button', { name: 'Review impact' }));
    const impact = await screen.findByRole('region', { name: 'Impact' });
    expect(
      within(impact).getByRole('table', { name: 'Gained access' }),
    ).toHaveTextContent('orderspayments8080token, path or method rules apply');
    expect(
      within(impact).getByText('Nobody loses access.'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));

    expect(
      await screen.findByText(
        'production is protected: change request cr-1 waits for 2 approvals before the policy is applied.',
      ),
    ).toBeInTheDocument();
    expect(api.changeRequests.map(r => [r.environment, r.state])).toEqual([
      ['production', 'pending'],
    ]);
    expect(api.applyRecords).toEqual([]);
  });

  it("shows the backend's refusal of the apply and keeps the review", async () => {
    const api = shopPolicyApi();
    await renderPanel(api);
    fireEvent.click(screen.getByRole('button', { name: 'Review impact' }));
    await screen.findByRole('region', { name: 'Impact' });
    api.nextFailure = await ResponseError.fromResponse(
      backendErrorResponse(
        400,
        'InputError',
        'Scenario "orders reaches payments" fails in development',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(
      await screen.findByText(
        'Scenario "orders reaches payments" fails in development',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Impact' })).toBeInTheDocument();
  });

  it('shows the impact but refuses to apply a version whose scenarios fail', async () => {
    const api = shopPolicyApi();
    const policy = await api.getPolicy('payments');
    await renderWithPolicyApis(
      <ApplyPanel
        policy={policy}
        environments={DEFAULT_ENVIRONMENTS}
        canApply
        unsaved
        onApplied={() => {}}
      />,
      { api },
    );
    expect(
      screen.getByText(
        'The editor has changes that are not saved: this applies the saved version 1.',
      ),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Review impact' }));
    const impact = await screen.findByRole('region', { name: 'Impact' });
    expect(impact).toHaveTextContent(
      'The dry run refused version 1: Scenarios failed in development, nothing applied: "payments reaches the card network" expected allow, got deny',
    );
    expect(
      within(impact).getByText('Nobody gains access.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Apply' })).toBeDisabled();
  });

  it('names the permission when the user may not apply', async () => {
    await renderPanel(shopPolicyApi(), { canApply: false });
    expect(
      screen.getByText(
        'Applying policies needs the permission idp.policy.apply.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Review impact' }),
    ).toBeDisabled();
  });

  it('names the permission when the backend refuses the dry run', async () => {
    const api = shopPolicyApi();
    await renderPanel(api);
    api.nextFailure = await ResponseError.fromResponse(
      backendErrorResponse(403, 'NotAllowedError', 'Denied'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Review impact' }));
    expect(
      await screen.findByRole('region', { name: 'Impact' }),
    ).toHaveTextContent(
      'The dry run refused version 1: You are not allowed to do this: the permission idp.policy.apply is required.',
    );
  });
});
