import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ConfigDriftReport } from '@idp-platform/backstage-plugin-idp-common';

const show = (value: unknown) =>
  value === undefined ? 'absent' : JSON.stringify(value);

/** The objects that differ from the last delivery, and how. */
export function DriftDifferences(props: { report: ConfigDriftReport }) {
  const drifted = props.report.objects.filter(o => o.status !== 'in-sync');
  if (!drifted.length) return null;
  return (
    <Box component="ul" m={0} pl={2}>
      {drifted.map(o => (
        <li key={`${o.kind}/${o.name}`}>
          <Typography variant="body2">
            {o.kind} {o.namespace}/{o.name}: {o.status}
          </Typography>
          {o.differences.length > 0 && (
            <Box component="ul" m={0} pl={2}>
              {o.differences.map(d => (
                <li key={d.path}>
                  <Typography variant="body2" component="span">
                    <code>{d.path}</code>: expected {show(d.expected)}, found{' '}
                    {show(d.actual)}
                  </Typography>
                </li>
              ))}
            </Box>
          )}
        </li>
      ))}
    </Box>
  );
}
