import { DEFAULT_ENVIRONMENTS } from '@idp-platform/backstage-plugin-idp-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderWithPolicyApis } from '../../__testUtils__/renderWithPolicyApis';
import { shopPolicyApi } from '../../__testUtils__/shopPolicies';
import { PendingPolicyChangeRequests } from './PendingPolicyChangeRequests';

jest.setTimeout(30_000);

describe('PendingPolicyChangeRequests', () => {
  it('lists applies waiting for approval and records an approval', async () => {
    const api = shopPolicyApi();
    await api.apply('orders', { environment: 'production' });
    const decided: number[] = [];
    await renderWithPolicyApis(
      <PendingPolicyChangeRequests
        environments={DEFAULT_ENVIRONMENTS}
        reloadKey={0}
        onDecided={() => decided.push(1)}
      />,
      { api },
    );
    expect(
      await screen.findByText('Apply policy orders version 1 to production'),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(api.decisions).toEqual([{ id: 'cr-1', decision: 'approve' }]),
    );
    expect(
      await screen.findByText('No policy applies waiting for approval'),
    ).toBeInTheDocument();
    expect(decided).toEqual([1]);
  });
});
