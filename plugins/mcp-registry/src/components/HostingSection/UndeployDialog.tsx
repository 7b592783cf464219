import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Alert from '@material-ui/lab/Alert';
import {
  McpDeployment,
  McpHostingOutcome,
  mcpServerDeployPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { describeBackendError } from '@idp-platform/backstage-plugin-idp-react';
import { useState } from 'react';
import { mcpRegistryApiRef } from '../../api';

/** Asks before removing a hosted server from an environment. */
export function UndeployDialog(props: {
  deployment: McpDeployment;
  onClose: () => void;
  onUndeployed: (outcome: McpHostingOutcome) => void;
}) {
  const { deployment } = props;
  const api = useApi(mcpRegistryApiRef);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string>();

  const submit = async () => {
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      props.onUndeployed(
        await api.undeploy(deployment.serverName, deployment.environment),
      );
    } catch (error) {
      setSubmitError(
        describeBackendError(error as Error, {
          permission: mcpServerDeployPermission,
        }),
      );
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog open onClose={props.onClose} aria-labelledby="mcp-undeploy-title">
      <DialogTitle id="mcp-undeploy-title">
        Undeploy {deployment.serverName} from {deployment.environment}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          The Deployment and Service {deployment.namespace}/
          {deployment.workloadName} are deleted from cluster{' '}
          {deployment.cluster}; clients of {deployment.url} lose the server.
        </DialogContentText>
        {submitError && <Alert severity="error">{submitError}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="secondary"
          disabled={submitting}
          onClick={submit}
        >
          Undeploy
        </Button>
      </DialogActions>
    </Dialog>
  );
}
