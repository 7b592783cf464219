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
import {
  PolicyProblem,
  policyReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { describeBackendError } from '@idp-platform/backstage-plugin-idp-react';
import { useState } from 'react';
import { policyApiRef } from '../../api';

/** Props of {@link ImportWebApplicationDialog}. */
export interface ImportWebApplicationDialogProps {
  onClose: () => void;
  /** Receives the converted policy and the converter's remarks (assumed ports). */
  onImported: (yaml: string, problems: PolicyProblem[]) => void;
}

/**
 * Converts a WebApplication's `spec.communication` (allowed and denied
 * destinations as `service` or `service:port`) into a policy the editor
 * starts from; nothing is stored until it is saved.
 */
export function ImportWebApplicationDialog(
  props: ImportWebApplicationDialogProps,
) {
  const { onClose, onImported } = props;
  const api = useApi(policyApiRef);
  const [text, setText] = useState('');
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string>();

  const convert = async () => {
    setRunning(true);
    setError(undefined);
    try {
      const result = await api.importWebApplication(text);
      onImported(result.yaml, result.problems);
    } catch (failure) {
      setError(
        describeBackendError(failure as Error, {
          permission: policyReadPermission,
        }),
      );
    } finally {
      setRunning(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md">
      <DialogTitle>Import a WebApplication</DialogTitle>
      <DialogContent>
        <DialogContentText>
          Paste a WebApplication; its allowed and denied destinations become the
          policy's destinations.
        </DialogContentText>
        <TextField
          id="policy-web-application"
          label="WebApplication YAML"
          multiline
          minRows={10}
          fullWidth
          variant="outlined"
          value={text}
          onChange={event => setText(event.target.value)}
          inputProps={{ spellCheck: false, style: { fontFamily: 'monospace' } }}
        />
        {running && <LinearProgress aria-label="Converting" />}
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          onClick={convert}
          disabled={running || !text.trim()}
        >
          Convert
        </Button>
      </DialogActions>
    </Dialog>
  );
}
