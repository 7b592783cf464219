import { DEFAULT_ENVIRONMENTS } from '@idp-platform/backstage-plugin-idp-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { renderWithPolicyApis } from '../../__testUtils__/renderWithPolicyApis';
import { shopPolicyApi } from '../../__testUtils__/shopPolicies';
import { EnvironmentComparison } from './EnvironmentComparison';

jest.setTimeout(30_000);

describe('EnvironmentComparison', () => {
  it('shows each object side by side per environment with what is applied there', async () => {
    const api = shopPolicyApi();
    api.markApplied('orders', 'staging', 1);
    await renderWithPolicyApis(
      <EnvironmentComparison
        name="orders"
        version={1}
        environments={DEFAULT_ENVIRONMENTS}
      />,
      { api },
    );
    const table = await screen.findByRole('table', {
      name: 'Compiled objects by environment',
    });
    const [header, ...rows] = within(table).getAllByRole('row');
    expect(header).toHaveTextContent(
      'ObjectDevelopmentnot appliedStagingapplied: version 1UAT',
    );
    const payments = rows.find(r =>
      r.textContent?.startsWith('AuthorizationPolicy/payments-from-orders'),
    )!;
    const cells = within(payments).getAllByRole('cell');
    expect(cells[0]).toHaveTextContent('differs');
    expect(cells[1]).toHaveTextContent('namespace: development');
    expect(cells[4]).toHaveTextContent('namespace: production');
  });

  it('leaves only the objects that differ when asked, and shows load errors', async () => {
    const api = shopPolicyApi();
    await renderWithPolicyApis(
      <EnvironmentComparison
        name="orders"
        version={1}
        environments={DEFAULT_ENVIRONMENTS}
      />,
      { api },
    );
    const table = await screen.findByRole('table', {
      name: 'Compiled objects by environment',
    });
    const objectNames = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(row => within(row).getAllByRole('cell')[0].textContent);
    expect(objectNames()).toContain('PeerAuthentication/orders-mtls');
    fireEvent.click(screen.getByLabelText('Only differences'));
    expect(objectNames()).not.toContain('PeerAuthentication/orders-mtls');
    expect(objectNames()).toContain(
      'AuthorizationPolicy/payments-from-ordersdiffers',
    );
  });

  it('shows the error when the comparison cannot be loaded', async () => {
    const api = shopPolicyApi();
    api.readFailure = new Error('compare failed: cluster unreachable');
    await renderWithPolicyApis(
      <EnvironmentComparison
        name="orders"
        version={1}
        environments={DEFAULT_ENVIRONMENTS}
      />,
      { api },
    );
    expect(
      await screen.findByText('compare failed: cluster unreachable'),
    ).toBeInTheDocument();
  });
});
