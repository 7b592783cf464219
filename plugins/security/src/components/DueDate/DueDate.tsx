import Typography from '@material-ui/core/Typography';
import { SecurityFinding } from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';
import { isOverdue } from './isOverdue';

/** A finding's remediation due date, in red with an "Overdue" chip once passed. */
export function DueDate(props: {
  finding: Pick<SecurityFinding, 'status' | 'dueAt'>;
  now?: Date;
}) {
  const { dueAt } = props.finding;
  if (!dueAt) return null;
  const overdue = isOverdue(props.finding, props.now);
  return (
    <>
      <Typography
        variant="body2"
        color={overdue ? 'error' : 'textPrimary'}
        component="span"
      >
        <time dateTime={dueAt}>{new Date(dueAt).toLocaleDateString()}</time>
      </Typography>{' '}
      {overdue && <StatusChip status="overdue" label="Overdue" />}
    </>
  );
}
