import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { ConfigChangeResult } from '@idp-platform/backstage-plugin-idp-common';

/** What became of a change: stored as a new version, or waiting for approval (202). */
export function ChangeResultNotice(props: {
  result: ConfigChangeResult;
  onClose: () => void;
}) {
  const { result, onClose } = props;
  if (result.status === 'applied') {
    const { version, kind } = result.changeSet;
    return (
      <Alert severity="success" onClose={onClose}>
        Saved as version {version} ({kind})
      </Alert>
    );
  }
  const { id, environment, requiredApprovals, affectedEnvironments } =
    result.changeRequest;
  return (
    <Alert severity="info" onClose={onClose}>
      <AlertTitle>Waiting for approval: change request {id}</AlertTitle>
      The change touches the protected{' '}
      {affectedEnvironments.length === 1 ? 'environment' : 'environments'}{' '}
      {affectedEnvironments.join(', ')}. It is stored once {requiredApprovals}{' '}
      {requiredApprovals === 1 ? 'approval' : 'approvals'} for {environment}{' '}
      {requiredApprovals === 1 ? 'is' : 'are'} given, on the Configuration page.
    </Alert>
  );
}
