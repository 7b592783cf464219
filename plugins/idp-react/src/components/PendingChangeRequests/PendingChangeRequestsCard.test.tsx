import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ChangeRequest } from '@idp-platform/backstage-plugin-idp-common';
import {
  PendingChangeRequestsCard,
  PendingChangeRequestsCardProps,
} from './PendingChangeRequestsCard';
import { pendingChangeRequest } from './__testUtils__/pendingChangeRequest';
import { withApprovalApis } from './__testUtils__/withApprovalApis';

/** Pending requests as a backend keeps them: a decision closes the request. */
class PendingRequests {
  readonly decisions: { id: string; decision: string; comment?: string }[] = [];
  loads = 0;
  refusal?: Error;

  constructor(public requests: ChangeRequest[]) {}

  load = async () => {
    this.loads += 1;
    return this.requests;
  };

  decideChangeRequest = async (
    id: string,
    decision: string,
    comment?: string,
  ) => {
    if (this.refusal) throw this.refusal;
    this.decisions.push({ id, decision, comment });
    this.requests = this.requests.filter(request => request.id !== id);
  };
}

function renderCard(
  pending: PendingRequests,
  overrides: Partial<PendingChangeRequestsCardProps> = {},
) {
  const card = (props: Partial<PendingChangeRequestsCardProps>) => (
    <PendingChangeRequestsCard
      title="Changes waiting for approval"
      emptyTitle="No changes waiting for approval"
      emptyDescription="Changes to protected environments show up here."
      loadChangeRequests={pending.load}
      api={pending}
      {...overrides}
      {...props}
    />
  );
  return { card, wrap: withApprovalApis };
}

describe('PendingChangeRequestsCard', () => {
  it('records an approval and reloads until nothing waits', async () => {
    const pending = new PendingRequests([
      pendingChangeRequest({ id: 'cr-1', title: 'Apply orders to production' }),
    ]);
    const decided: string[] = [];
    const { card, wrap } = renderCard(pending, {
      onDecided: () => decided.push('decided'),
    });
    await renderInTestApp(wrap(card({})));

    expect(
      await screen.findByText('Apply orders to production'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));

    expect(
      await screen.findByText('No changes waiting for approval'),
    ).toBeInTheDocument();
    expect(pending.decisions).toEqual([
      { id: 'cr-1', decision: 'approve', comment: undefined },
    ]);
    expect(decided).toEqual(['decided']);
  });

  it('names the missing permission when the backend refuses a decision', async () => {
    const pending = new PendingRequests([
      pendingChangeRequest({ id: 'cr-1', title: 'Apply orders to production' }),
    ]);
    pending.refusal = Object.assign(new Error('Denied'), {
      name: 'NotAllowedError',
    });
    const { card, wrap } = renderCard(pending);
    await renderInTestApp(wrap(card({})));

    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve' }),
    );

    expect(
      await screen.findByText(/the permission idp\.change-request\.decide/),
    ).toBeInTheDocument();
    expect(screen.getByText('Apply orders to production')).toBeInTheDocument();
  });

  it('loads again on Refresh and when the reload key changes', async () => {
    const pending = new PendingRequests([]);
    const { card, wrap } = renderCard(pending, { reloadKey: 1 });
    const { rerender } = await renderInTestApp(wrap(card({})));
    expect(
      await screen.findByText('No changes waiting for approval'),
    ).toBeInTheDocument();

    pending.requests = [
      pendingChangeRequest({ id: 'cr-2', title: 'Install the jenkins plugin' }),
    ];
    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    expect(
      await screen.findByText('Install the jenkins plugin'),
    ).toBeInTheDocument();

    pending.requests = [
      pendingChangeRequest({
        id: 'cr-3',
        title: 'Apply payments to production',
      }),
    ];
    rerender(wrap(card({ reloadKey: 2 })));
    expect(
      await screen.findByText('Apply payments to production'),
    ).toBeInTheDocument();
    expect(pending.loads).toBe(3);
  });

  it('shows a failed load and offers no Refresh when asked not to', async () => {
    const { card, wrap } = renderCard(new PendingRequests([]), {
      loadChangeRequests: async () => {
        throw new Error('The backend is down');
      },
      refreshButton: false,
    });
    await renderInTestApp(wrap(card({})));

    expect(
      await screen.findByText('Error: The backend is down'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Refresh' }),
    ).not.toBeInTheDocument();
  });

  it('disables the decision for a user without the permission', async () => {
    const pending = new PendingRequests([
      pendingChangeRequest({ id: 'cr-1', title: 'Apply orders to production' }),
    ]);
    const { card, wrap } = renderCard(pending, { canDecide: false });
    await renderInTestApp(wrap(card({})));

    const panel = await screen.findByRole('region', { name: 'Your decision' });
    expect(
      within(panel).getByRole('button', { name: 'Approve' }),
    ).toBeDisabled();
  });
});
