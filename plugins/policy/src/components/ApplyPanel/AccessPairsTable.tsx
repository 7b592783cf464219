import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { PolicyAccessPair } from '@idp-platform/backstage-plugin-idp-common';

/** Callers and the workloads they reach, or a sentence when there are none. */
export function AccessPairsTable(props: {
  pairs: PolicyAccessPair[];
  label: string;
  empty: string;
}) {
  const { pairs, label, empty } = props;
  if (!pairs.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        {empty}
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>From</TableCell>
          <TableCell>To</TableCell>
          <TableCell>Port</TableCell>
          <TableCell>Conditions</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {pairs.map(pair => (
          <TableRow key={`${pair.from} ${pair.to} ${pair.port}`}>
            <TableCell>{pair.from}</TableCell>
            <TableCell>{pair.to}</TableCell>
            <TableCell>{pair.port ?? 'all'}</TableCell>
            <TableCell>
              {pair.conditional ? 'token, path or method rules apply' : 'none'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
