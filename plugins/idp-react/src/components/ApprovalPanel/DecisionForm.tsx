import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import TextField from '@material-ui/core/TextField';
import CheckIcon from '@material-ui/icons/Check';
import CloseIcon from '@material-ui/icons/Close';
import Alert from '@material-ui/lab/Alert';
import type { ChangeRequestDecision } from '@idp-platform/backstage-plugin-idp-common';

type Decision = ChangeRequestDecision['decision'];

// useId is React 18 only, and this library also supports React 16 and 17.
let nextFormId = 0;

/**
 * Approve and Reject buttons with an optional comment. When `blockedReason`
 * is set, the form is disabled and says why.
 */
export function DecisionForm(props: {
  blockedReason?: string;
  onDecide: (decision: Decision, comment?: string) => Promise<void>;
}) {
  const { blockedReason, onDecide } = props;
  const [comment, setComment] = useState('');
  const [deciding, setDeciding] = useState<Decision | undefined>();
  const [error, setError] = useState<Error | undefined>();
  const [formId] = useState(() => `idp-decision-form-${nextFormId++}`);
  const reasonId = `${formId}-blocked-reason`;

  const decide = async (decision: Decision) => {
    setDeciding(decision);
    setError(undefined);
    try {
      await onDecide(decision, comment.trim() || undefined);
      setComment('');
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setDeciding(undefined);
    }
  };

  const disabled = Boolean(blockedReason) || Boolean(deciding);
  const progressIcon = (
    <CircularProgress
      size={16}
      color="inherit"
      aria-label="Recording decision"
    />
  );

  return (
    <Box
      display="flex"
      flexDirection="column"
      gridGap={8}
      aria-busy={Boolean(deciding)}
    >
      {blockedReason && (
        <Alert severity="info" id={reasonId}>
          {blockedReason}
        </Alert>
      )}
      <TextField
        id={`${formId}-comment`}
        label="Comment (optional)"
        value={comment}
        onChange={event => setComment(event.target.value)}
        disabled={disabled}
        multiline
        minRows={2}
        variant="outlined"
        size="small"
        fullWidth
      />
      <Box display="flex" gridGap={8}>
        <Button
          variant="contained"
          color="primary"
          disabled={disabled}
          startIcon={deciding === 'approve' ? progressIcon : <CheckIcon />}
          onClick={() => decide('approve')}
          aria-describedby={blockedReason ? reasonId : undefined}
        >
          Approve
        </Button>
        <Button
          variant="outlined"
          disabled={disabled}
          startIcon={deciding === 'reject' ? progressIcon : <CloseIcon />}
          onClick={() => decide('reject')}
          aria-describedby={blockedReason ? reasonId : undefined}
        >
          Reject
        </Button>
      </Box>
      {error && (
        <Alert severity="error">
          Your decision was not recorded: {error.message}
        </Alert>
      )}
    </Box>
  );
}
