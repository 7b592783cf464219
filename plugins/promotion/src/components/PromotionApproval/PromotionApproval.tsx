import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Typography from '@material-ui/core/Typography';
import HowToVoteIcon from '@material-ui/icons/HowToVote';
import { Promotion } from '@idp-platform/backstage-plugin-idp-common';
import { ChangeRequestReview } from './ChangeRequestReview';

// Entity refs compare case-insensitively, as the catalog does.
const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/**
 * Approve or reject a promotion that waits for approval. The requester cannot
 * approve their own promotion, so they see who it waits for instead of the
 * buttons.
 */
export function PromotionApproval(props: {
  promotion: Promotion;
  currentUserRef: string;
  onDecided: () => void;
}) {
  const { promotion, currentUserRef } = props;
  const [open, setOpen] = useState(false);
  if (!promotion.changeRequestId) return null;
  if (sameRef(promotion.requestedBy, currentUserRef)) {
    return (
      <Typography variant="body2" color="textSecondary">
        Waiting for approval by someone else: you requested this promotion.
      </Typography>
    );
  }
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        color="primary"
        startIcon={<HowToVoteIcon />}
        onClick={() => setOpen(true)}
      >
        Approve or reject
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        maxWidth="md"
        fullWidth
      >
        <DialogTitle>
          Approve the promotion to {promotion.environment}
        </DialogTitle>
        <DialogContent>
          <ChangeRequestReview
            changeRequestId={promotion.changeRequestId}
            environment={promotion.environment}
            currentUserRef={currentUserRef}
            onDecided={props.onDecided}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>Close</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
