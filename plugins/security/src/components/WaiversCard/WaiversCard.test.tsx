import { ChangeRequest } from '@idp-platform/backstage-plugin-idp-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { InMemorySecurityApi } from '../../testing/InMemorySecurityApi';
import { renderSecurityContent } from '../../__testUtils__/renderSecurityContent';
import { WaiversCard } from './WaiversCard';

jest.setTimeout(30_000);

const ENTITY = 'component:default/payments-api';

const waiver = {
  entityRef: ENTITY,
  justification: 'Only reachable from the admin network',
  requestedBy: 'user:default/bob',
  createdAt: '2026-11-01T10:00:00.000Z',
  expiresAt: '2027-01-31T00:00:00.000Z',
};

const pendingRequest: ChangeRequest = {
  id: 'cr-7',
  pluginId: 'security',
  kind: 'waiver',
  title: 'Waive CVE-2024-3333 in zlib',
  environment: 'production',
  entityRef: ENTITY,
  requester: 'user:default/bob',
  requiredApprovals: 1,
  approvers: ['user:default/alice'],
  payload: {},
  state: 'pending',
  createdAt: '2026-11-24T10:00:00.000Z',
  updatedAt: '2026-11-24T10:00:00.000Z',
  expiresAt: '2026-12-24T10:00:00.000Z',
  version: 1,
  approvals: [],
  history: [],
};

function seededApi() {
  return new InMemorySecurityApi({
    waivers: [
      {
        ...waiver,
        id: 'w1',
        vulnerabilityId: 'CVE-2024-1111',
        packageName: 'openssl',
        approvedBy: ['user:default/carol'],
        changeRequestId: 'cr-1',
        state: 'active',
      },
      {
        ...waiver,
        id: 'w2',
        vulnerabilityId: 'CVE-2023-2222',
        approvedBy: ['user:default/carol'],
        changeRequestId: 'cr-2',
        state: 'expired',
      },
      {
        ...waiver,
        id: 'w3',
        vulnerabilityId: 'CVE-2024-3333',
        packageName: 'zlib',
        approvedBy: [],
        changeRequestId: 'cr-7',
        state: 'pending',
      },
    ],
    changeRequests: [
      pendingRequest,
      { ...pendingRequest, id: 'cr-8', entityRef: 'component:default/other' },
    ],
  });
}

describe('WaiversCard', () => {
  it('lists the entity waivers with their states', async () => {
    await renderSecurityContent(
      <WaiversCard entityRef={ENTITY} reloadToken={0} onDecided={jest.fn()} />,
      { api: seededApi() },
    );

    const active = (await screen.findByText('CVE-2024-1111')).closest('tr')!;
    expect(within(active).getByText('active')).toBeInTheDocument();
    expect(within(active).getByText('openssl')).toBeInTheDocument();
    const expired = screen.getByText('CVE-2023-2222').closest('tr')!;
    expect(within(expired).getByText('expired')).toBeInTheDocument();
    expect(within(expired).getByText(/in every package/)).toBeInTheDocument();
    const pending = screen.getByText('CVE-2024-3333').closest('tr')!;
    expect(within(pending).getByText('pending')).toBeInTheDocument();
  });

  it('shows the entity pending waiver approvals and records a decision', async () => {
    const api = seededApi();
    const onDecided = jest.fn();
    await renderSecurityContent(
      <WaiversCard entityRef={ENTITY} reloadToken={0} onDecided={onDecided} />,
      { api },
    );

    expect(
      await screen.findByText('Waivers waiting for approval'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Waive CVE-2024-3333 in zlib')).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));

    await waitFor(() =>
      expect(api.decisions).toEqual([{ id: 'cr-7', decision: 'approve' }]),
    );
    await waitFor(() => expect(onDecided).toHaveBeenCalled());
  });

  it('says so when the entity has no waivers', async () => {
    await renderSecurityContent(
      <WaiversCard entityRef={ENTITY} reloadToken={0} onDecided={jest.fn()} />,
      { api: new InMemorySecurityApi() },
    );

    expect(await screen.findByText(/No waivers\./)).toBeInTheDocument();
  });
});
