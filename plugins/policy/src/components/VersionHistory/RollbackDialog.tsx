import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  Environment,
  PolicyApplyOutcome,
  PolicyEnvironmentState,
  policyApplyPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { describeBackendError } from '@idp-platform/backstage-plugin-idp-react';
import { useState } from 'react';
import { policyApiRef } from '../../api';
import { ApplyOutcomeNotice } from '../ApplyPanel';
import { EnvironmentSelect } from '../EnvironmentSelect';

/** Props of {@link RollbackDialog}. */
export interface RollbackDialogProps {
  name: string;
  toVersion: number;
  environments: Environment[];
  states: PolicyEnvironmentState[];
  onClose: () => void;
  onRolledBack: () => void;
}

/** Applies an older version to an environment again, after saying what is applied there now. */
export function RollbackDialog(props: RollbackDialogProps) {
  const { name, toVersion, environments, states, onClose, onRolledBack } =
    props;
  const api = useApi(policyApiRef);
  const applied = environments.filter(e =>
    states.some(s => s.environment === e.name && s.appliedVersion),
  );
  const choices = applied.length ? applied : environments;
  const [environment, setEnvironment] = useState(choices[0]?.name ?? '');
  const [message, setMessage] = useState('');
  const [running, setRunning] = useState(false);
  const [outcome, setOutcome] = useState<PolicyApplyOutcome>();
  const [error, setError] = useState<string>();
  const state = states.find(s => s.environment === environment);

  const rollBack = async () => {
    setRunning(true);
    setError(undefined);
    try {
      setOutcome(
        await api.rollback(name, {
          environment,
          toVersion,
          message: message || undefined,
        }),
      );
      onRolledBack();
    } catch (failure) {
      setError(
        describeBackendError(failure as Error, {
          permission: policyApplyPermission,
        }),
      );
    } finally {
      setRunning(false);
    }
  };

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>
        Roll back {name} to version {toVersion}
      </DialogTitle>
      <DialogContent>
        <EnvironmentSelect
          environments={choices}
          value={environment}
          onChange={setEnvironment}
          disabled={running || Boolean(outcome)}
        />
        <Typography variant="body2" color="textSecondary" paragraph>
          {state?.appliedVersion
            ? `Version ${state.appliedVersion} is applied in ${environment} now.`
            : `Nothing is applied in ${environment} yet.`}
        </Typography>
        <TextField
          id="policy-rollback-reason"
          label="Reason"
          fullWidth
          size="small"
          value={message}
          onChange={event => setMessage(event.target.value)}
          disabled={running || Boolean(outcome)}
        />
        {running && <LinearProgress aria-label="Rolling back" />}
        {error && <Alert severity="error">{error}</Alert>}
        {outcome && <ApplyOutcomeNotice outcome={outcome} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{outcome ? 'Close' : 'Cancel'}</Button>
        {!outcome && (
          <Button
            color="primary"
            variant="contained"
            onClick={rollBack}
            disabled={running || !environment}
          >
            Roll back
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
