import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { Promotion } from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';
import { promotionProgress } from '../promotionProgress';
import { PromotionApproval } from '../PromotionApproval';

/** A promotion in flight: its state, a progress bar, its last message and, while it waits, the approval. */
export function ActivePromotionStatus(props: {
  promotion: Promotion;
  currentUserRef: string;
  onChanged: () => void;
}) {
  const { promotion } = props;
  const percent = promotionProgress(promotion.state);
  return (
    <Box
      component="section"
      aria-label={`Promotion to ${promotion.environment}`}
      mt={1}
    >
      <Typography variant="subtitle2" component="h4">
        {promotion.kind === 'promotion' ? 'Promotion' : promotion.kind} in
        progress <StatusChip status={promotion.state} />
      </Typography>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={`Promotion ${promotion.state}, ${percent}%`}
      />
      {promotion.message && (
        <Typography variant="caption" component="p" color="textSecondary">
          {promotion.message}
        </Typography>
      )}
      <Typography variant="caption" component="p" color="textSecondary">
        Requested by {promotion.requestedBy}
      </Typography>
      {promotion.state === 'waiting-for-approval' && (
        <Box mt={1}>
          <PromotionApproval
            promotion={promotion}
            currentUserRef={props.currentUserRef}
            onDecided={props.onChanged}
          />
        </Box>
      )}
    </Box>
  );
}
