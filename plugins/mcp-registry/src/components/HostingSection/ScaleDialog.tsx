import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import {
  McpDeployment,
  McpHostingOutcome,
  mcpScaleRequestSchema,
  mcpServerDeployPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { describeBackendError } from '@idp-platform/backstage-plugin-idp-react';
import { useState } from 'react';
import { mcpRegistryApiRef } from '../../api';

/** Sets the replicas of one deployment; 0 stops it without removing it. */
export function ScaleDialog(props: {
  deployment: McpDeployment;
  onClose: () => void;
  onScaled: (outcome: McpHostingOutcome) => void;
}) {
  const { deployment } = props;
  const api = useApi(mcpRegistryApiRef);
  const [replicas, setReplicas] = useState(String(deployment.replicas));
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string>();
  const parsed = mcpScaleRequestSchema.safeParse({
    replicas: replicas.trim() === '' ? NaN : Number(replicas),
  });
  const problem = parsed.success ? undefined : 'a whole number from 0 to 20';

  const submit = async () => {
    if (!parsed.success) return;
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      props.onScaled(
        await api.scale(
          deployment.serverName,
          deployment.environment,
          parsed.data.replicas,
        ),
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
    <Dialog open onClose={props.onClose} aria-labelledby="mcp-scale-title">
      <DialogTitle id="mcp-scale-title">
        Scale {deployment.serverName} in {deployment.environment}
      </DialogTitle>
      <DialogContent>
        <TextField
          id="mcp-scale-replicas"
          label="Replicas"
          type="number"
          value={replicas}
          onChange={event => setReplicas(event.target.value)}
          inputProps={{ min: 0, max: 20 }}
          error={Boolean(problem)}
          helperText={problem ?? '0 stops the server without removing it'}
        />
        {submitError && <Alert severity="error">{submitError}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="primary"
          disabled={!parsed.success || submitting}
          onClick={submit}
        >
          Scale
        </Button>
      </DialogActions>
    </Dialog>
  );
}
