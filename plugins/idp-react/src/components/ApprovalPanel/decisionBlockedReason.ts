import type { ChangeRequest } from '@idp-platform/backstage-plugin-idp-common';

// Entity refs compare case-insensitively, as the catalog does.
const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/**
 * Why the current user cannot approve or reject a change request, or
 * undefined when they can.
 */
export function decisionBlockedReason(options: {
  changeRequest: ChangeRequest;
  currentUserRef: string;
  canDecide: boolean;
  now: Date;
}): string | undefined {
  const { changeRequest, currentUserRef, canDecide, now } = options;
  if (changeRequest.state !== 'pending') {
    return `This request is ${changeRequest.state} and no longer takes decisions.`;
  }
  if (new Date(changeRequest.expiresAt).getTime() <= now.getTime()) {
    return 'This request has expired and no longer takes decisions.';
  }
  if (sameRef(changeRequest.requester, currentUserRef)) {
    return 'You cannot approve your own request.';
  }
  const ownDecision = changeRequest.approvals.find(approval =>
    sameRef(approval.approver, currentUserRef),
  );
  if (ownDecision) {
    return `You have already ${
      ownDecision.decision === 'approve' ? 'approved' : 'rejected'
    } this request.`;
  }
  if (!canDecide) {
    return 'You do not have permission to decide on this request.';
  }
  return undefined;
}
