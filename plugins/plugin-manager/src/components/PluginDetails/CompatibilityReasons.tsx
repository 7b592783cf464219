import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import InfoOutlined from '@material-ui/icons/InfoOutlined';
import ReportProblemOutlined from '@material-ui/icons/ReportProblemOutlined';
import { CompatibilityReason } from '@idp-platform/backstage-plugin-idp-common';

const ICONS: Record<CompatibilityReason['severity'], typeof InfoOutlined> = {
  info: InfoOutlined,
  warning: ReportProblemOutlined,
  error: ErrorOutline,
};

/** Each reason of a compatibility verdict, with its severity. */
export function CompatibilityReasons(props: {
  reasons: CompatibilityReason[];
}) {
  if (!props.reasons.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        Every @backstage dependency accepts what this app runs.
      </Typography>
    );
  }
  return (
    <List dense aria-label="Compatibility reasons">
      {props.reasons.map(reason => {
        const Icon = ICONS[reason.severity];
        return (
          <ListItem key={`${reason.code}/${reason.dependency ?? ''}`}>
            <ListItemIcon>
              <Icon titleAccess={reason.severity} />
            </ListItemIcon>
            <ListItemText primary={reason.message} secondary={reason.code} />
          </ListItem>
        );
      })}
    </List>
  );
}
