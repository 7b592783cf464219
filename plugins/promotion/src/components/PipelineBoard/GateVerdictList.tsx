import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  GateType,
  GateVerdict,
} from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';

const GATE_TITLES: Record<GateType, string> = {
  'previous-stage': 'Previous stage',
  'soak-time': 'Soak time',
  'freeze-window': 'Freeze window',
  signature: 'Signature',
  security: 'Security',
  approval: 'Approval',
};

/** The gates' verdicts: each gate with its status and the reason it gave. */
export function GateVerdictList(props: {
  gates: GateVerdict[];
  label: string;
}) {
  if (props.gates.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No gates judged yet
      </Typography>
    );
  }
  return (
    <List dense disablePadding aria-label={props.label}>
      {props.gates.map(gate => (
        <ListItem key={gate.type} disableGutters>
          <ListItemText
            disableTypography
            primary={
              <Typography variant="body2" component="div">
                {GATE_TITLES[gate.type] ?? gate.type}{' '}
                <StatusChip status={gate.status} />
              </Typography>
            }
            secondary={
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
              >
                {gate.reason}
              </Typography>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
