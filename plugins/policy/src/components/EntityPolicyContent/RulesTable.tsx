import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';
import { ServiceRule } from './describeServiceRules';

/** Rules with the other service, allowed or denied, ports and conditions. */
export function RulesTable(props: {
  rules: ServiceRule[];
  label: string;
  peerHeading: string;
  empty: string;
}) {
  const { rules, label, peerHeading, empty } = props;
  if (!rules.length) {
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
          <TableCell>{peerHeading}</TableCell>
          <TableCell>Effect</TableCell>
          <TableCell>Ports</TableCell>
          <TableCell>Conditions</TableCell>
          <TableCell>Policy</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rules.map((rule, index) => (
          <TableRow key={index}>
            <TableCell>{rule.peer}</TableCell>
            <TableCell>
              <StatusChip
                status={rule.effect === 'allow' ? 'healthy' : 'failed'}
                label={rule.effect === 'allow' ? 'Allowed' : 'Denied'}
              />
            </TableCell>
            <TableCell>{rule.ports}</TableCell>
            <TableCell>{rule.conditions ?? 'none'}</TableCell>
            <TableCell>{rule.policy}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
