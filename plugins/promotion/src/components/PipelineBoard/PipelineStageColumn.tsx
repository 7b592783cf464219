import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import ReplayIcon from '@material-ui/icons/Replay';
import Alert from '@material-ui/lab/Alert';
import {
  Artifact,
  Environment,
  PipelineStageView,
  Promotion,
  promotionPromotePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  EnvironmentChip,
  StatusChip,
  describeBackendError,
} from '@idp-platform/backstage-plugin-idp-react';
import { promotionApiRef } from '../../api';
import { PROMOTION_RUNNING_MESSAGE } from '../promotionRunningMessage';
import { formatAge } from '../formatAge';
import { shortDigest } from '../formatArtifact';
import { PromoteDialog } from '../PromoteDialog';
import { ActivePromotionStatus } from './ActivePromotionStatus';
import { GateVerdictList } from './GateVerdictList';
import { promoteBlockedReason } from './promoteBlockedReason';

/** One stage of the pipeline: what runs there, its gates, freeze, the promotion in flight and the actions. */
export function PipelineStageColumn(props: {
  entityRef: string;
  stage: PipelineStageView;
  previousStage?: PipelineStageView;
  /** The configured environment, when `idp.environments` names it. */
  environment?: Environment;
  activePromotion?: Promotion;
  artifacts: Artifact[];
  canPromote: boolean;
  currentUserRef: string;
  onChanged: () => void;
}) {
  const { stage, activePromotion } = props;
  const api = useApi(promotionApiRef);
  const [promoting, setPromoting] = useState(false);
  const [retrying, setRetrying] = useState(false);
  const [notice, setNotice] = useState<{
    severity: 'success' | 'error';
    text: string;
  }>();
  const title = stage.environment.title ?? stage.environment.name;
  const blockedReason = promoteBlockedReason({
    stage,
    previousStage: props.previousStage,
    activePromotion,
    canPromote: props.canPromote,
    artifactCount: props.artifacts.length,
  });
  const retryable =
    !activePromotion &&
    stage.lastPromotion &&
    ['failed', 'rolled-back'].includes(stage.lastPromotion.state)
      ? stage.lastPromotion
      : undefined;

  const retry = async (promotion: Promotion) => {
    setRetrying(true);
    setNotice(undefined);
    try {
      await api.retry(promotion.id);
      setNotice({ severity: 'success', text: 'Retry started.' });
      props.onChanged();
    } catch (error) {
      setNotice({
        severity: 'error',
        text: describeBackendError(error as Error, {
          permission: promotionPromotePermission,
          conflict: PROMOTION_RUNNING_MESSAGE,
        }),
      });
    } finally {
      setRetrying(false);
    }
  };

  return (
    <Card
      component="section"
      aria-label={`Stage ${title}`}
      variant="outlined"
      style={{ height: '100%' }}
    >
      <CardContent>
        <EnvironmentChip
          // The chip reads only name, title and protection, which the stage carries.
          environment={props.environment ?? (stage.environment as Environment)}
          highlighted={Boolean(stage.artifact)}
          size="medium"
        />
        <Box mt={1}>
          {stage.artifact ? (
            <>
              <Typography variant="h6" component="p">
                {stage.artifact.tag}
              </Typography>
              <Typography variant="caption" component="p">
                <code>{shortDigest(stage.artifact.digest)}</code>
              </Typography>
              {stage.ageSeconds !== undefined && (
                <Typography variant="caption" component="p">
                  Running for {formatAge(stage.ageSeconds)}
                </Typography>
              )}
              <StatusChip
                status={stage.verified ? 'verified' : 'pending'}
                label={stage.verified ? 'verified' : 'not verified'}
              />
            </>
          ) : (
            <Typography variant="body2" color="textSecondary">
              Nothing promoted here yet
            </Typography>
          )}
        </Box>
        <Box mt={1}>
          {stage.freeze.closed ? (
            <Alert severity="warning">
              Frozen{stage.freeze.reason ? `: ${stage.freeze.reason}` : ''}
              {stage.freeze.nextOpen &&
                `, opens ${new Date(stage.freeze.nextOpen).toLocaleString()}`}
            </Alert>
          ) : (
            <Typography variant="caption" color="textSecondary">
              Open for deployments
              {stage.freeze.nextClose &&
                ` until ${new Date(stage.freeze.nextClose).toLocaleString()}`}
            </Typography>
          )}
        </Box>
        <Divider style={{ margin: '8px 0' }} />
        <Typography variant="subtitle2" component="h4">
          Gates
        </Typography>
        <GateVerdictList gates={stage.gates} label={`Gates of ${title}`} />
        {activePromotion && (
          <ActivePromotionStatus
            promotion={activePromotion}
            currentUserRef={props.currentUserRef}
            onChanged={props.onChanged}
          />
        )}
        {retryable && (
          <Box mt={1}>
            <Typography variant="body2">
              Last promotion <StatusChip status={retryable.state} />
            </Typography>
            <Button
              size="small"
              startIcon={<ReplayIcon />}
              disabled={retrying}
              onClick={() => retry(retryable)}
            >
              Retry
            </Button>
          </Box>
        )}
        <Box mt={2}>
          <Button
            variant="contained"
            color="primary"
            disabled={Boolean(blockedReason)}
            onClick={() => setPromoting(true)}
            aria-describedby={
              blockedReason
                ? `promote-blocked-${stage.environment.name}`
                : undefined
            }
          >
            Promote
          </Button>
          {blockedReason && (
            <Typography
              id={`promote-blocked-${stage.environment.name}`}
              variant="caption"
              component="p"
              color="textSecondary"
            >
              {blockedReason}
            </Typography>
          )}
        </Box>
        {notice && (
          <Box mt={1}>
            <Alert severity={notice.severity}>{notice.text}</Alert>
          </Box>
        )}
      </CardContent>
      {promoting && (
        <PromoteDialog
          entityRef={props.entityRef}
          stage={stage}
          previousStage={props.previousStage}
          artifacts={props.artifacts}
          onClose={() => setPromoting(false)}
          onPromoted={promotion => {
            setPromoting(false);
            setNotice({
              severity: 'success',
              text: `Promotion requested: ${promotion.state}.`,
            });
            props.onChanged();
          }}
        />
      )}
    </Card>
  );
}
