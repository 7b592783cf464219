import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import ReplayIcon from '@material-ui/icons/Replay';
import UndoIcon from '@material-ui/icons/Undo';
import TimelineConnector from '@material-ui/lab/TimelineConnector';
import TimelineContent from '@material-ui/lab/TimelineContent';
import TimelineDot from '@material-ui/lab/TimelineDot';
import TimelineItem from '@material-ui/lab/TimelineItem';
import TimelineOppositeContent from '@material-ui/lab/TimelineOppositeContent';
import TimelineSeparator from '@material-ui/lab/TimelineSeparator';
import { Artifact, Promotion } from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';
import { formatArtifact } from '../formatArtifact';

const DOT_COLORS: Partial<
  Record<Promotion['state'], 'primary' | 'secondary' | 'grey'>
> = {
  succeeded: 'primary',
  failed: 'secondary',
  'rolled-back': 'secondary',
};

/** One promotion in the history: what moved where, its outcome and every step it took. */
export function PromotionTimelineEntry(props: {
  promotion: Promotion;
  artifact?: Artifact;
  isLast: boolean;
  retrying: boolean;
  onRetry: (promotion: Promotion) => void;
}) {
  const { promotion, artifact } = props;
  const isRollback = promotion.kind === 'rollback';
  const canRetry = ['failed', 'rolled-back'].includes(promotion.state);
  return (
    <TimelineItem>
      <TimelineOppositeContent style={{ flex: 0.25 }}>
        <Typography variant="caption" color="textSecondary">
          {new Date(promotion.requestedAt).toLocaleString()}
        </Typography>
      </TimelineOppositeContent>
      <TimelineSeparator>
        <TimelineDot
          color={DOT_COLORS[promotion.state] ?? 'grey'}
          variant={isRollback ? 'outlined' : 'default'}
        >
          {isRollback && <UndoIcon fontSize="small" />}
        </TimelineDot>
        {!props.isLast && <TimelineConnector />}
      </TimelineSeparator>
      <TimelineContent>
        <Box
          component="article"
          aria-label={`${promotion.kind} ${promotion.id} to ${promotion.environment}`}
        >
          <Typography variant="subtitle2" component="h4">
            {isRollback && (
              <Chip
                size="small"
                icon={<UndoIcon />}
                label="Rollback"
                color="secondary"
                style={{ marginRight: 8 }}
              />
            )}
            {promotion.kind === 'hotfix' && (
              <Chip size="small" label="Hotfix" style={{ marginRight: 8 }} />
            )}
            {artifact
              ? formatArtifact(artifact)
              : promotion.artifactId.slice(0, 12)}{' '}
            to {promotion.environment}{' '}
            <StatusChip
              status={promotion.state}
              label={
                promotion.state === 'rolled-back' ? 'rolled back' : undefined
              }
            />
          </Typography>
          <Typography variant="body2" color="textSecondary">
            Requested by {promotion.requestedBy}
            {promotion.reason && ` — ${promotion.reason}`}
          </Typography>
          {promotion.rollbackOf && (
            <Typography variant="body2">
              Undoes promotion {promotion.rollbackOf}
            </Typography>
          )}
          {promotion.retryOf && (
            <Typography variant="body2">
              Retries promotion {promotion.retryOf}
            </Typography>
          )}
          <List dense disablePadding aria-label={`Steps of ${promotion.id}`}>
            {promotion.steps.map(step => (
              <ListItem key={`${step.state}-${step.at}`} disableGutters>
                <ListItemText
                  primary={`${step.state}: ${step.message}`}
                  secondary={`${new Date(step.at).toLocaleString()} · ${
                    step.actor
                  }`}
                />
              </ListItem>
            ))}
          </List>
          {canRetry && (
            <Button
              size="small"
              startIcon={<ReplayIcon />}
              disabled={props.retrying}
              onClick={() => props.onRetry(promotion)}
            >
              Retry
            </Button>
          )}
        </Box>
      </TimelineContent>
    </TimelineItem>
  );
}
