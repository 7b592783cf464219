import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { ChangeRequestTransition } from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '../StatusChip';
import { Timestamp } from './Timestamp';

/** Every state transition of a change request, oldest first. */
export function ChangeRequestHistory(props: {
  history: ChangeRequestTransition[];
}) {
  const { history } = props;
  if (history.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No transitions recorded.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="State history">
      <TableHead>
        <TableRow>
          <TableCell>Transition</TableCell>
          <TableCell>By</TableCell>
          <TableCell>Reason</TableCell>
          <TableCell>When</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {history.map((transition, index) => (
          <TableRow key={`${index}-${transition.at}`}>
            <TableCell>
              {transition.from ? (
                <StatusChip status={transition.from} />
              ) : (
                'created'
              )}
              {' → '}
              <StatusChip status={transition.to} />
            </TableCell>
            <TableCell>{transition.actor}</TableCell>
            <TableCell>{transition.reason}</TableCell>
            <TableCell>
              <Timestamp value={transition.at} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
