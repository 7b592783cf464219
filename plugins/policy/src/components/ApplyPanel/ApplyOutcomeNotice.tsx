import Alert from '@material-ui/lab/Alert';
import { PolicyApplyOutcome } from '@idp-platform/backstage-plugin-idp-common';
import { describeSandboxResult } from '../SandboxPanel';

/** What an apply or roll back did: applied, dry-run only, or waiting for approval. */
export function ApplyOutcomeNotice(props: {
  outcome: PolicyApplyOutcome;
  onClose?: () => void;
}) {
  const { outcome, onClose } = props;
  if (outcome.status === 'applied') {
    const { record } = outcome;
    return (
      <Alert severity="success" onClose={onClose}>
        {record.kind === 'rollback' ? 'Rolled back' : 'Applied'} {record.policy}{' '}
        version {record.version} to {record.environment} (
        {record.objects.length} objects in {record.cluster}/{record.namespace}
        ). {describeSandboxResult(outcome.sandbox)}.
      </Alert>
    );
  }
  if (outcome.status === 'pending-approval') {
    const { changeRequest } = outcome;
    return (
      <Alert severity="info" onClose={onClose}>
        {changeRequest.environment} is protected: change request{' '}
        {changeRequest.id} waits for {changeRequest.requiredApprovals}{' '}
        {changeRequest.requiredApprovals === 1 ? 'approval' : 'approvals'}{' '}
        before the policy is applied.
      </Alert>
    );
  }
  return (
    <Alert severity="info" onClose={onClose}>
      Dry run accepted {outcome.objects.length} objects.{' '}
      {describeSandboxResult(outcome.sandbox)}.
    </Alert>
  );
}
