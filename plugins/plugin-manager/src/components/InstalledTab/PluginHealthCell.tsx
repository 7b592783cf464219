import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  PluginHealth,
  PluginLoadState,
} from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';

const LOAD_STATES: Record<PluginLoadState, { status: string; label: string }> =
  {
    loaded: { status: 'ready', label: 'loaded' },
    failed: { status: 'failed', label: 'failed to load' },
    'not-loaded': { status: 'stopped', label: 'not loaded' },
    unknown: { status: 'unknown', label: 'load state unknown' },
  };

/** Whether the plugin loaded, its health score and what went wrong. */
export function PluginHealthCell(props: { health?: PluginHealth }) {
  const { health } = props;
  if (!health) {
    return (
      <Typography variant="body2" color="textSecondary">
        Not checked yet
      </Typography>
    );
  }
  const load = LOAD_STATES[health.load];
  let scoreStatus = 'healthy';
  if (health.score < 80) scoreStatus = 'degraded';
  if (health.score < 50) scoreStatus = 'down';
  const failingRoutes = health.routes.filter(route => !route.ok);
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 4 }}>
      <Box display="flex" style={{ gap: 4 }}>
        <StatusChip status={load.status} label={load.label} />
        <StatusChip status={scoreStatus} label={`Health ${health.score}/100`} />
      </Box>
      {health.failure && (
        <Typography variant="body2" color="error">
          {health.failure}
        </Typography>
      )}
      {failingRoutes.map(route => (
        <Typography key={route.path} variant="body2" color="error">
          {route.path} answered {route.status ?? 'nothing'}
        </Typography>
      ))}
      {health.recentErrors.slice(0, 3).map(error => (
        <Typography
          key={`${error.at}/${error.message}`}
          variant="body2"
          color="textSecondary"
        >
          {new Date(error.at).toLocaleString()}: {error.message}
        </Typography>
      ))}
    </Box>
  );
}
