import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  ConfigChangeResult,
  configWritePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { useState } from 'react';
import { configManagerApiRef } from '../../api';
import {
  describeBackendError,
  isConflictError,
} from '@idp-platform/backstage-plugin-idp-react';

/** Asks before rolling the configuration back to an earlier version, as a new change set. */
export function RollbackDialog(props: {
  application: string;
  currentVersion: number;
  toVersion: number;
  onClose: () => void;
  onRolledBack: (result: ConfigChangeResult) => void;
}) {
  const { application, currentVersion, toVersion } = props;
  const api = useApi(configManagerApiRef);
  const [message, setMessage] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<{
    conflict: boolean;
    message: string;
  }>();

  const submit = async () => {
    setSubmitting(true);
    setFailure(undefined);
    try {
      props.onRolledBack(
        await api.rollback(application, {
          version: currentVersion,
          toVersion,
          message: message.trim() || undefined,
        }),
      );
    } catch (error) {
      setFailure({
        conflict: isConflictError(error as Error),
        message: describeBackendError(error as Error, {
          permission: configWritePermission,
        }),
      });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open
      onClose={props.onClose}
      aria-labelledby="config-rollback-title"
    >
      <DialogTitle id="config-rollback-title">
        Roll back to version {toVersion}?
      </DialogTitle>
      <DialogContent>
        <DialogContentText>
          Version {currentVersion + 1} will hold the values, flags and schema of
          version {toVersion}. Nothing is delivered until you apply it;
          protected environments wait for approval.
        </DialogContentText>
        <TextField
          id="config-rollback-message"
          label="Message"
          fullWidth
          value={message}
          onChange={event => setMessage(event.target.value)}
        />
        {failure && (
          <Alert severity={failure.conflict ? 'warning' : 'error'}>
            {failure.conflict && (
              <AlertTitle>Changed by someone else</AlertTitle>
            )}
            {failure.message}
          </Alert>
        )}
        {submitting && <LinearProgress aria-label="Rolling back" />}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="secondary"
          disabled={submitting}
          onClick={submit}
        >
          Roll back
        </Button>
      </DialogActions>
    </Dialog>
  );
}
