import { ChangeRequest } from '@idp-platform/backstage-plugin-idp-common';

/** A change request to production that waits for one approval. */
export function pendingChangeRequest(
  fields: Pick<ChangeRequest, 'id' | 'title'>,
): ChangeRequest {
  return {
    pluginId: 'config',
    kind: 'apply',
    environment: 'production',
    requester: 'user:default/alice',
    requiredApprovals: 1,
    approvers: [],
    payload: {},
    state: 'pending',
    createdAt: '2030-01-01T10:00:00Z',
    updatedAt: '2030-01-01T10:00:00Z',
    expiresAt: '2099-01-08T10:00:00Z',
    version: 1,
    approvals: [],
    history: [],
    ...fields,
  };
}
