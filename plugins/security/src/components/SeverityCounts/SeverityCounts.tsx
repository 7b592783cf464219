import Box from '@material-ui/core/Box';
import {
  Severity,
  SeverityCounts as Counts,
} from '@idp-platform/backstage-plugin-idp-common';
import { SeverityChip } from '@idp-platform/backstage-plugin-idp-react';

/** Severities shown from the most to the least urgent; `none` only when present. */
export const SEVERITIES_BY_URGENCY: Severity[] = [
  'critical',
  'high',
  'medium',
  'low',
  'none',
];

const capitalised = (severity: Severity) =>
  severity.charAt(0).toUpperCase() + severity.slice(1);

/** Open findings per severity as chips, e.g. "Critical 2", "High 5". */
export function SeverityCounts(props: {
  counts: Counts;
  size?: 'small' | 'medium';
}) {
  const shown = SEVERITIES_BY_URGENCY.filter(
    severity => severity !== 'none' || props.counts.none > 0,
  );
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
      {shown.map(severity => (
        <SeverityChip
          key={severity}
          severity={severity}
          size={props.size}
          label={`${capitalised(severity)} ${props.counts[severity] ?? 0}`}
        />
      ))}
    </Box>
  );
}
