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
  PluginOperationResult,
  pluginManagerInstallPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  describeBackendError,
  isConflictError,
  isNotAllowedError,
} from '@idp-platform/backstage-plugin-idp-react';
import { useState } from 'react';
import { OperationResultNotice } from '../InstallDialog';

/** A change to confirm: what it does, and the call that makes it with the user's message. */
export interface ChangeToConfirm {
  title: string;
  description: string;
  confirmLabel: string;
  run: (message: string | undefined) => Promise<PluginOperationResult>;
}

/**
 * Asks before a rollback, revert, uninstall, disable or enable, makes the
 * change, and tells how it ended; a refusal names the missing permission.
 */
export function ConfirmChangeDialog(props: {
  change: ChangeToConfirm;
  onClose: () => void;
  onDone: (result: PluginOperationResult) => void;
}) {
  const { change } = props;
  const [message, setMessage] = useState('');
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<Error>();
  const [result, setResult] = useState<PluginOperationResult>();

  const confirm = async () => {
    setRunning(true);
    setFailure(undefined);
    try {
      setResult(await change.run(message.trim() || undefined));
    } catch (error) {
      setFailure(error as Error);
    } finally {
      setRunning(false);
    }
  };

  const close = result ? () => props.onDone(result) : props.onClose;
  return (
    <Dialog open onClose={close} aria-labelledby="plugin-change-title">
      <DialogTitle id="plugin-change-title">{change.title}</DialogTitle>
      <DialogContent>
        {result ? (
          <OperationResultNotice result={result} />
        ) : (
          <>
            <DialogContentText>{change.description}</DialogContentText>
            <TextField
              id="plugin-change-message"
              label="Message"
              fullWidth
              value={message}
              onChange={event => setMessage(event.target.value)}
            />
          </>
        )}
        {failure && (
          <Alert severity={isConflictError(failure) ? 'warning' : 'error'}>
            <AlertTitle>
              {isNotAllowedError(failure) ? 'Not allowed' : 'Failed'}
            </AlertTitle>
            {describeBackendError(failure, {
              permission: pluginManagerInstallPermission,
            })}
          </Alert>
        )}
        {running && <LinearProgress aria-label="Changing" />}
      </DialogContent>
      <DialogActions>
        {result ? (
          <Button color="primary" onClick={close}>
            Close
          </Button>
        ) : (
          <>
            <Button onClick={props.onClose} disabled={running}>
              Cancel
            </Button>
            <Button
              variant="contained"
              color="secondary"
              disabled={running}
              onClick={confirm}
            >
              {change.confirmLabel}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
