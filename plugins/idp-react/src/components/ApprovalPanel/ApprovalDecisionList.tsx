import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type { ChangeRequestApproval } from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '../StatusChip';
import { Timestamp } from './Timestamp';

/** The approvals and rejections given so far, oldest first. */
export function ApprovalDecisionList(props: {
  approvals: ChangeRequestApproval[];
}) {
  const { approvals } = props;
  if (approvals.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No one has decided yet.
      </Typography>
    );
  }
  return (
    <List dense disablePadding aria-label="Decisions">
      {approvals.map(approval => (
        <ListItem
          key={`${approval.approver}-${approval.decidedAt}`}
          disableGutters
        >
          <ListItemText
            disableTypography
            primary={
              <Typography variant="body2" component="div">
                <StatusChip
                  status={
                    approval.decision === 'approve' ? 'approved' : 'rejected'
                  }
                />{' '}
                {approval.approver} on <Timestamp value={approval.decidedAt} />
              </Typography>
            }
            secondary={
              approval.comment && (
                <Typography
                  variant="body2"
                  color="textSecondary"
                  component="blockquote"
                >
                  {approval.comment}
                </Typography>
              )
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
