import { useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import {
  Artifact,
  PipelineStageView,
  Promotion,
  promotionPromotePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { describeBackendError } from '@idp-platform/backstage-plugin-idp-react';
import { promotionApiRef } from '../../api';
import { PROMOTION_RUNNING_MESSAGE } from '../promotionRunningMessage';
import { formatArtifact } from '../formatArtifact';

const stageName = (stage: PipelineStageView) =>
  stage.environment.title ?? stage.environment.name;

/**
 * Promotes an artifact to one stage: by default the artifact the previous
 * stage holds verified; the hotfix path may pick any registered artifact and
 * needs a reason.
 */
export function PromoteDialog(props: {
  entityRef: string;
  stage: PipelineStageView;
  previousStage?: PipelineStageView;
  /** Every registered artifact of the component, newest first. */
  artifacts: Artifact[];
  onClose: () => void;
  onPromoted: (promotion: Promotion) => void;
}) {
  const { entityRef, stage, previousStage, artifacts } = props;
  const api = useApi(promotionApiRef);
  const verifiedInPrevious = useMemo(() => {
    if (!previousStage) return artifacts;
    return previousStage.verified && previousStage.artifact
      ? [previousStage.artifact]
      : [];
  }, [previousStage, artifacts]);
  const [hotfix, setHotfix] = useState(verifiedInPrevious.length === 0);
  const candidates = hotfix ? artifacts : verifiedInPrevious;
  const [artifactId, setArtifactId] = useState(candidates[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();
  // One key per dialog, so a double click or a retry after a timeout cannot start two promotions.
  const [idempotencyKey] = useState(
    () => `ui-${Date.now()}-${Math.random().toString(36).slice(2)}`,
  );

  const chosen = candidates.some(a => a.id === artifactId)
    ? artifactId
    : candidates[0]?.id ?? '';
  const missingReason = hotfix && reason.trim() === '';

  const submit = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      const promotion = await api.promote({
        entityRef,
        artifactId: chosen,
        environment: stage.environment.name,
        kind: hotfix ? 'hotfix' : 'promotion',
        reason: reason.trim() || undefined,
        idempotencyKey,
      });
      props.onPromoted(promotion);
    } catch (e) {
      setError(
        describeBackendError(e as Error, {
          permission: promotionPromotePermission,
          conflict: PROMOTION_RUNNING_MESSAGE,
        }),
      );
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog open onClose={props.onClose} maxWidth="sm" fullWidth>
      <DialogTitle>Promote to {stageName(stage)}</DialogTitle>
      <DialogContent>
        {previousStage && verifiedInPrevious.length === 0 && (
          <Alert severity="info">
            {stageName(previousStage)} holds no verified artifact yet; only a
            hotfix can reach {stageName(stage)} now.
          </Alert>
        )}
        {previousStage && !hotfix && verifiedInPrevious.length > 0 && (
          <DialogContentText>
            The artifact verified in {stageName(previousStage)} moves on.
          </DialogContentText>
        )}
        <TextField
          select
          id="promote-artifact"
          label="Artifact"
          value={chosen}
          onChange={event => setArtifactId(event.target.value)}
          disabled={candidates.length === 0}
          helperText={
            candidates.length === 0 ? 'No artifact to promote' : undefined
          }
          fullWidth
          margin="normal"
          variant="outlined"
        >
          {candidates.map(artifact => (
            <MenuItem key={artifact.id} value={artifact.id}>
              {formatArtifact(artifact)}
            </MenuItem>
          ))}
        </TextField>
        <FormControlLabel
          control={
            <Checkbox
              checked={hotfix}
              onChange={event => setHotfix(event.target.checked)}
            />
          }
          label="Hotfix: may skip stages, still passes the security gate"
        />
        {hotfix && (
          <TextField
            id="promote-reason"
            label="Reason"
            required
            value={reason}
            onChange={event => setReason(event.target.value)}
            helperText="Why this cannot wait for the normal path; recorded in the history."
            fullWidth
            multiline
            minRows={2}
            margin="normal"
            variant="outlined"
          />
        )}
        {error && <Alert severity="error">{error}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          color="primary"
          variant="contained"
          disabled={submitting || !chosen || missingReason}
          startIcon={
            submitting ? (
              <CircularProgress size={16} aria-label="Promoting" />
            ) : undefined
          }
          onClick={submit}
        >
          Promote
        </Button>
      </DialogActions>
    </Dialog>
  );
}
