import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  SecurityFinding,
  WaiverRequestResult,
  securityWaiverRequestPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  SeverityChip,
  describeBackendError,
} from '@idp-platform/backstage-plugin-idp-react';
import { useMemo, useState } from 'react';
import { securityApiRef } from '../../api';
import { WaiverForm, buildWaiverRequest } from './buildWaiverRequest';

const DAY = 24 * 60 * 60 * 1000;

function initialForm(): WaiverForm {
  return {
    justification: '',
    expiresOn: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10),
    onlyThisPackage: true,
  };
}

/** Props of {@link RequestWaiverDialog}. */
export interface RequestWaiverDialogProps {
  entityRef: string;
  finding: SecurityFinding;
  onClose: () => void;
  /** Called once the backend accepted the request (202). */
  onRequested: (outcome: WaiverRequestResult) => void;
}

/**
 * Asks for a waiver of a finding's vulnerability until a date. The request
 * is checked with the shared zod schema before it is sent, and the change
 * request it opens (it needs approval) is shown once accepted.
 */
export function RequestWaiverDialog(props: RequestWaiverDialogProps) {
  const { entityRef, finding } = props;
  const api = useApi(securityApiRef);
  const [form, setForm] = useState(initialForm);
  const [touched, setTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string>();
  const [outcome, setOutcome] = useState<WaiverRequestResult>();

  const { request, problems } = useMemo(
    () => buildWaiverRequest(form, entityRef, finding),
    [form, entityRef, finding],
  );
  const shown = touched ? problems : {};

  const set = <K extends keyof WaiverForm>(key: K, value: WaiverForm[K]) =>
    setForm(previous => ({ ...previous, [key]: value }));

  const submit = async () => {
    setTouched(true);
    if (!request) return;
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      const answer = await api.requestWaiver(request);
      setOutcome(answer);
      props.onRequested(answer);
    } catch (error) {
      setSubmitError(
        describeBackendError(error as Error, {
          permission: securityWaiverRequestPermission,
        }),
      );
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open
      onClose={props.onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="security-waiver-title"
    >
      <DialogTitle id="security-waiver-title">
        Request waiver for {finding.vulnerabilityId}
      </DialogTitle>
      <DialogContent>
        <Box display="flex" alignItems="center" mb={2} style={{ gap: 8 }}>
          <SeverityChip severity={finding.severity} />
          <DialogContentText style={{ margin: 0 }}>
            {finding.title}
            {finding.packageName &&
              ` in ${finding.packageName} ${finding.installedVersion ?? ''}`}
          </DialogContentText>
        </Box>
        {outcome ? (
          <Alert severity="info">
            <AlertTitle>Waiting for approval</AlertTitle>
            Change request {outcome.changeRequestId} was opened; the waiver
            applies once it is approved.
          </Alert>
        ) : (
          <>
            <TextField
              id="security-waiver-justification"
              label="Justification"
              multiline
              minRows={3}
              fullWidth
              required
              value={form.justification}
              onChange={event => set('justification', event.target.value)}
              error={Boolean(shown.justification)}
              helperText={
                shown.justification ??
                'Why the risk is acceptable until the expiry (10+ characters)'
              }
            />
            <Box display="flex" mt={2} style={{ gap: 16 }}>
              <TextField
                id="security-waiver-expires"
                label="Expires on"
                type="date"
                required
                InputLabelProps={{ shrink: true }}
                value={form.expiresOn}
                onChange={event => set('expiresOn', event.target.value)}
                error={Boolean(shown.expiresOn)}
                helperText={
                  shown.expiresOn ??
                  'Stops applying at the start of that day (UTC)'
                }
              />
              {finding.packageName && (
                <FormControlLabel
                  label={`Only in ${finding.packageName}`}
                  control={
                    <Checkbox
                      checked={form.onlyThisPackage}
                      onChange={event =>
                        set('onlyThisPackage', event.target.checked)
                      }
                    />
                  }
                />
              )}
            </Box>
          </>
        )}
        {submitError && (
          <Box mt={2}>
            <Alert severity="error">{submitError}</Alert>
          </Box>
        )}
        {submitting && <LinearProgress aria-label="Requesting waiver" />}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{outcome ? 'Close' : 'Cancel'}</Button>
        {!outcome && (
          <Button
            variant="contained"
            color="primary"
            disabled={submitting || (touched && !request)}
            onClick={submit}
          >
            Request waiver
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
