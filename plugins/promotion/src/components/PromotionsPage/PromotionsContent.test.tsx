import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  InMemoryPromotionApi,
  aPromotion,
} from '../../testing/InMemoryPromotionApi';
import { paymentsScenario } from '../../testing/paymentsScenario';
import { renderWithPromotionApis } from '../../__testUtils__/renderWithPromotionApis';
import { PromotionsContent } from './PromotionsContent';

// The shared CI machine is slow; tables and dialogs take a few seconds.
jest.setTimeout(30_000);

describe('PromotionsContent', () => {
  it('lists what waits for approval across the organisation and approves it', async () => {
    const api = paymentsScenario({ currentUserRef: 'user:default/bob' });
    await renderWithPromotionApis(<PromotionsContent />, { api });

    const pendingRow = (await screen.findAllByRole('row')).find(row =>
      row.textContent?.includes('0 of 1'),
    )!;
    expect(pendingRow).toHaveTextContent('production');
    expect(pendingRow).toHaveTextContent('user:default/alice');

    fireEvent.click(
      within(pendingRow).getByRole('button', { name: 'Approve or reject' }),
    );
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(
      await within(dialog).findByRole('button', { name: 'Approve' }),
    );

    await waitFor(() =>
      expect(api.decisions).toEqual([
        { id: 'cr-1', decision: 'approve', comment: undefined },
      ]),
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(
      await screen.findByText('Nothing waits for approval.'),
    ).toBeInTheDocument();
  });

  it('does not offer the requester a decision on their own promotion', async () => {
    await renderWithPromotionApis(<PromotionsContent />, {
      api: paymentsScenario(),
      currentUserRef: 'user:default/alice',
    });

    expect(
      await screen.findByText(/you requested this promotion/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Approve or reject' }),
    ).not.toBeInTheDocument();
  });

  it('filters the recent promotions by state', async () => {
    const api = paymentsScenario();
    const listPromotions = jest.spyOn(api, 'listPromotions');
    await renderWithPromotionApis(<PromotionsContent />, { api });
    expect(await screen.findByText('Recent promotions')).toBeInTheDocument();

    fireEvent.mouseDown(screen.getByLabelText('State'));
    fireEvent.click(await screen.findByRole('option', { name: 'rolled-back' }));

    await waitFor(() =>
      expect(listPromotions).toHaveBeenLastCalledWith({
        state: 'rolled-back',
        limit: 25,
        offset: 0,
      }),
    );
    await waitFor(() => {
      const rows = within(
        screen.getByRole('region', { name: 'Recent promotions' }),
      )
        .getAllByRole('row')
        .filter(row => row.textContent?.includes('user:default/'));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toHaveTextContent('rolled-back');
    });
  });

  it('says so when nothing waits for approval and there are no promotions', async () => {
    await renderWithPromotionApis(<PromotionsContent />, {
      api: new InMemoryPromotionApi(),
    });

    expect(
      await screen.findByText('Nothing waits for approval.'),
    ).toBeInTheDocument();
    expect(await screen.findByText('No promotions yet.')).toBeInTheDocument();
  });

  it('shows the error when the approvals cannot be read', async () => {
    const api = new InMemoryPromotionApi({
      promotions: [aPromotion({ id: 'p-1' })],
    });
    jest
      .spyOn(api, 'listApprovals')
      .mockRejectedValue(new Error('approvals are unavailable'));
    await renderWithPromotionApis(<PromotionsContent />, { api });

    expect(
      (await screen.findAllByText(/approvals are unavailable/)).length,
    ).toBeGreaterThan(0);
  });
});
