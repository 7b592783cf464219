import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { PluginOperationResult } from '@idp-platform/backstage-plugin-idp-common';
import { describeAction } from '../OperationProgress';

const RESTART: Record<
  NonNullable<PluginOperationResult['restart']>['status'],
  string
> = {
  'not-configured':
    'It is loaded when the Backstage backend starts next; no Deployment is configured to restart.',
  ready: 'The Backstage Deployment restarted and is ready.',
  'rolled-back':
    'The Backstage Deployment did not become ready, so the change was rolled back.',
  failed: 'Restarting the Backstage Deployment failed.',
};

/** How a change ended: applied as a revision (with the restart's outcome) or waiting for approval. */
export function OperationResultNotice(props: {
  result: PluginOperationResult;
}) {
  const { result } = props;
  if (result.status === 'pending-approval') {
    return (
      <Alert severity="info">
        <AlertTitle>Waiting for approval</AlertTitle>
        This Backstage runs in a protected environment
        {result.changeRequest
          ? `: change request ${result.changeRequest.id} needs ${result.changeRequest.requiredApprovals} approval(s)`
          : ''}
        . The change is made once it is approved.
      </Alert>
    );
  }
  const revision = result.revision;
  const restart = result.restart;
  const failed =
    restart?.status === 'rolled-back' || restart?.status === 'failed';
  return (
    <Alert severity={failed ? 'warning' : 'success'}>
      <AlertTitle>
        {revision
          ? `${describeAction(revision.action, 'done')} ${revision.package}${
              revision.toVersion ? ` ${revision.toVersion}` : ''
            }: revision ${revision.revision}`
          : 'Done'}
      </AlertTitle>
      {restart && RESTART[restart.status]}
      {restart?.message && ` ${restart.message}`}
    </Alert>
  );
}
