import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { PluginInstallPlan } from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';
import { VerdictChip } from '../PluginDetails/VerdictChip';
import { DependencyConflicts } from '../PluginDetails/DependencyConflicts';

const CHECK_NAMES: Record<PluginInstallPlan['checks'][number]['id'], string> = {
  compatibility: 'Compatibility',
  'peer-dependencies': 'Peer dependencies',
  'supported-versions': 'Supported Backstage versions',
  'plugin-id': 'Plugin id',
  'config-keys': 'Configuration keys',
  'config-schema': 'Configuration schema',
  'dynamic-package': 'Dynamic plugin package',
};

/** What an install or upgrade would do: the checks of the dry run, the entry it writes, where. */
export function InstallPlanView(props: { plan: PluginInstallPlan }) {
  const { plan } = props;
  return (
    <Box component="section" aria-label="Dry-run plan" mt={2}>
      <Typography variant="h6" component="h3" gutterBottom>
        Dry-run plan
      </Typography>
      <Typography variant="body2" gutterBottom>
        {plan.action === 'upgrade'
          ? `Changes ${plan.package} from ${plan.fromVersion} to ${plan.version}`
          : `Installs ${plan.package} ${plan.version}`}{' '}
        into the folder {plan.folder} (integrity {plan.integrity}), as the
        revision after {plan.currentRevision}.
      </Typography>
      <Box display="flex" alignItems="center" style={{ gap: 8 }} my={1}>
        <VerdictChip verdict={plan.compatibility.verdict} />
        <Typography variant="body2">
          with Backstage {plan.compatibility.backstageVersion}
        </Typography>
      </Box>
      <Table size="small" aria-label="Plan checks">
        <TableHead>
          <TableRow>
            <TableCell>Check</TableCell>
            <TableCell>Result</TableCell>
            <TableCell>Details</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {plan.checks.map(check => (
            <TableRow key={check.id}>
              <TableCell>{CHECK_NAMES[check.id] ?? check.id}</TableCell>
              <TableCell>
                <StatusChip
                  // A warning shares the colour of other states needing care.
                  status={check.status === 'warn' ? 'degraded' : check.status}
                  label={check.status}
                />
              </TableCell>
              <TableCell>{check.message}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {plan.compatibility.conflicts.length > 0 && (
        <Box mt={2}>
          <DependencyConflicts conflicts={plan.compatibility.conflicts} />
        </Box>
      )}
      <Box mt={2}>
        <Typography variant="subtitle2" component="h4">
          Entry written to dynamic-plugins.yaml
        </Typography>
        <pre aria-label="dynamic-plugins.yaml entry" style={{ margin: 0 }}>
          {JSON.stringify(plan.entry, null, 2)}
        </pre>
      </Box>
      {plan.blocked && (
        <Alert severity="error">
          The plan is blocked: a check failed, so nothing can be written.
        </Alert>
      )}
      {!plan.blocked && plan.requiresApproval && (
        <Alert severity="info">
          This Backstage runs in a protected environment: the change waits for
          approval before it is written.
        </Alert>
      )}
    </Box>
  );
}
