import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  ChangeRequest,
  DEFAULT_ENVIRONMENTS,
} from '@idp-platform/backstage-plugin-idp-common';
import { ApprovalPanel, ApprovalPanelProps } from './ApprovalPanel';

const changeRequest: ChangeRequest = {
  id: 'cr-1',
  pluginId: 'promotion',
  kind: 'promote',
  title: 'Promote payments-api 1.4.2 to production',
  environment: 'production',
  requester: 'user:default/alice',
  requiredApprovals: 2,
  approvers: ['group:default/release-managers'],
  payload: {},
  state: 'pending',
  createdAt: '2030-01-01T10:00:00Z',
  updatedAt: '2030-01-01T11:00:00Z',
  expiresAt: '2099-01-08T10:00:00Z',
  version: 2,
  approvals: [
    {
      approver: 'user:default/bob',
      decision: 'approve',
      comment: 'Soaked a week in UAT',
      decidedAt: '2030-01-01T11:00:00Z',
    },
  ],
  history: [
    {
      from: null,
      to: 'pending',
      actor: 'user:default/alice',
      at: '2030-01-01T10:00:00Z',
    },
  ],
};

function renderPanel(overrides: Partial<ApprovalPanelProps> = {}) {
  return renderInTestApp(
    <ApprovalPanel
      changeRequest={changeRequest}
      currentUserRef="user:default/carol"
      canDecide
      onDecide={jest.fn().mockResolvedValue(undefined)}
      {...overrides}
    />,
  );
}

const fact = (term: string) =>
  screen.getByText(term, { selector: 'dt' }).nextElementSibling as HTMLElement;
const approveButton = () => screen.getByRole('button', { name: /approve/i });
const rejectButton = () => screen.getByRole('button', { name: /reject/i });

describe('ApprovalPanel', () => {
  it('shows the request, its approval progress and who may approve it', async () => {
    await renderPanel();
    expect(
      screen.getByText('Promote payments-api 1.4.2 to production'),
    ).toBeInTheDocument();
    expect(fact('State')).toHaveTextContent('pending');
    expect(fact('Environment')).toHaveTextContent('production');
    expect(fact('Requested by')).toHaveTextContent('user:default/alice');
    expect(fact('Expires').querySelector('time')).toHaveAttribute(
      'datetime',
      '2099-01-08T10:00:00Z',
    );
    expect(screen.getByText('1 of 2 approvals')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: '1 of 2 approvals' }),
    ).toHaveAttribute('aria-valuenow', '50');
    expect(
      screen.getByText('group:default/release-managers'),
    ).toBeInTheDocument();
  });

  it('shows the environment as a chip with its protection when given', async () => {
    await renderPanel({ environment: DEFAULT_ENVIRONMENTS[3] });
    expect(screen.getByText('Production')).toBeInTheDocument();
    expect(
      screen.getByText(/Protected: changes need 2 approvals/),
    ).toBeInTheDocument();
  });

  it('lists each decision with its comment and time', async () => {
    await renderPanel();
    const decisions = screen.getByRole('list', { name: 'Decisions' });
    expect(
      within(decisions).getByText(/user:default\/bob/),
    ).toBeInTheDocument();
    expect(within(decisions).getByText('approved')).toBeInTheDocument();
    expect(
      within(decisions).getByText('Soaked a week in UAT'),
    ).toBeInTheDocument();
    expect(decisions.querySelector('time')).toHaveAttribute(
      'datetime',
      '2030-01-01T11:00:00Z',
    );
  });

  it('shows every state transition with its actor and reason', async () => {
    await renderPanel({
      changeRequest: {
        ...changeRequest,
        state: 'rejected',
        history: [
          ...changeRequest.history,
          {
            from: 'pending',
            to: 'rejected',
            actor: 'user:default/dave',
            reason: 'CVE-2030-1234 is unpatched',
            at: '2030-01-02T09:00:00Z',
          },
        ],
      },
    });
    const rows = within(
      screen.getByRole('table', { name: 'State history' }),
    ).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('created → pending');
    expect(rows[2]).toHaveTextContent('pending → rejected');
    expect(rows[2]).toHaveTextContent('user:default/dave');
    expect(rows[2]).toHaveTextContent('CVE-2030-1234 is unpatched');
  });

  it('disables approval for the requester of the request', async () => {
    await renderPanel({ currentUserRef: 'user:default/Alice' });
    expect(approveButton()).toBeDisabled();
    expect(rejectButton()).toBeDisabled();
    expect(approveButton()).toHaveAccessibleDescription(
      'You cannot approve your own request.',
    );
  });

  it('disables approval for someone who has already decided', async () => {
    await renderPanel({ currentUserRef: 'user:default/bob' });
    expect(approveButton()).toBeDisabled();
    expect(
      screen.getByText('You have already approved this request.'),
    ).toBeInTheDocument();
  });

  it('disables approval for a user without the permission to decide', async () => {
    await renderPanel({ canDecide: false });
    expect(approveButton()).toBeDisabled();
    expect(
      screen.getByText('You do not have permission to decide on this request.'),
    ).toBeInTheDocument();
  });

  it('disables approval once the request is no longer pending', async () => {
    await renderPanel({
      changeRequest: { ...changeRequest, state: 'approved' },
    });
    expect(approveButton()).toBeDisabled();
    expect(rejectButton()).toBeDisabled();
    expect(
      screen.getByText(
        'This request is approved and no longer takes decisions.',
      ),
    ).toBeInTheDocument();
  });

  it('disables approval after the expiry even before the request is marked expired', async () => {
    await renderPanel({
      changeRequest: { ...changeRequest, expiresAt: '2000-01-01T00:00:00Z' },
    });
    expect(approveButton()).toBeDisabled();
    expect(fact('Expired')).toHaveTextContent(/2000/);
    expect(
      screen.getByText(
        'This request has expired and no longer takes decisions.',
      ),
    ).toBeInTheDocument();
  });

  it('calls onDecide with the comment and shows progress until it settles', async () => {
    let settle: () => void = () => {};
    const onDecide = jest.fn(
      () => new Promise<void>(resolve => (settle = resolve)),
    );
    await renderPanel({ onDecide });

    await userEvent.type(
      screen.getByLabelText('Comment (optional)'),
      '  Ship it  ',
    );
    await userEvent.click(approveButton());

    expect(onDecide).toHaveBeenCalledWith('approve', 'Ship it');
    expect(
      screen.getByRole('progressbar', { name: 'Recording decision' }),
    ).toBeInTheDocument();
    expect(approveButton()).toBeDisabled();
    expect(rejectButton()).toBeDisabled();

    settle();

    expect(await screen.findByLabelText('Comment (optional)')).toHaveValue('');
    expect(
      screen.queryByRole('progressbar', { name: 'Recording decision' }),
    ).not.toBeInTheDocument();
  });

  it('calls onDecide with the comment and shows the error when it fails', async () => {
    const onDecide = jest
      .fn()
      .mockRejectedValue(new Error('The request changed; reload it'));
    await renderPanel({ onDecide });

    await userEvent.type(
      screen.getByLabelText('Comment (optional)'),
      'Not during the freeze',
    );
    await userEvent.click(rejectButton());

    expect(onDecide).toHaveBeenCalledWith('reject', 'Not during the freeze');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The request changed; reload it',
    );
    expect(screen.getByLabelText('Comment (optional)')).toHaveValue(
      'Not during the freeze',
    );
    expect(rejectButton()).toBeEnabled();
  });

  it('sends no comment when the field is left empty', async () => {
    const onDecide = jest.fn().mockResolvedValue(undefined);
    await renderPanel({ onDecide });
    await userEvent.click(rejectButton());
    expect(onDecide).toHaveBeenCalledWith('reject', undefined);
  });
});
