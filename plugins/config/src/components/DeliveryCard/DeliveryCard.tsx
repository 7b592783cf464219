import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  ConfigDriftReport,
  Environment,
  configApplyPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  EnvironmentChip,
  StatusChip,
  describeBackendError,
} from '@idp-platform/backstage-plugin-idp-react';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { configManagerApiRef } from '../../api';
import { ApplyDialog } from './ApplyDialog';
import { DriftDifferences } from './DriftDifferences';

// StatusChip colours by status word; these words pick the right family.
const DRIFT_STATUS: Record<
  ConfigDriftReport['status'],
  { status: string; label: string }
> = {
  'in-sync': { status: 'healthy', label: 'In sync' },
  drifted: { status: 'degraded', label: 'Drifted' },
  'not-delivered': { status: 'unknown', label: 'Not delivered' },
  error: { status: 'errored', label: 'Check failed' },
};

/** Props of {@link DeliveryCard}. */
export interface DeliveryCardProps {
  application: string;
  environments: Environment[];
  reloadKey: number;
  /** Whether the user may apply and check drift; the buttons are disabled otherwise. */
  canApply: boolean;
}

/**
 * Per environment: whether the cluster still holds what was delivered (in
 * sync, drifted with the differences, or never delivered), a check now and
 * an apply with a dry run first.
 */
export function DeliveryCard(props: DeliveryCardProps) {
  const { application, environments, reloadKey, canApply } = props;
  const api = useApi(configManagerApiRef);
  const reports = useAsyncRetry(
    () => api.driftReports(application),
    [api, application, reloadKey],
  );
  const [applying, setApplying] = useState<string>();
  const [checking, setChecking] = useState<string>();
  const [notice, setNotice] = useState<{
    severity: 'success' | 'error';
    text: string;
  }>();

  const checkNow = async (environment: string) => {
    setChecking(environment);
    setNotice(undefined);
    try {
      await api.checkDrift(application, environment);
      reports.retry();
    } catch (error) {
      setNotice({
        severity: 'error',
        text: describeBackendError(error as Error, {
          permission: configApplyPermission,
        }),
      });
    } finally {
      setChecking(undefined);
    }
  };

  let body;
  if (reports.loading && !reports.value) {
    body = <Progress />;
  } else if (reports.error) {
    body = <ResponseErrorPanel error={reports.error} />;
  } else {
    const reportOf = (name: string) =>
      reports.value?.find(r => r.environment === name);
    body = (
      <Table size="small" aria-label="Delivery and drift by environment">
        <TableHead>
          <TableRow>
            <TableCell>Environment</TableCell>
            <TableCell>Drift</TableCell>
            <TableCell>Delivered version</TableCell>
            <TableCell>Checked</TableCell>
            <TableCell>Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {environments.map(environment => {
            const report = reportOf(environment.name);
            const status = DRIFT_STATUS[report?.status ?? 'not-delivered'];
            return (
              <TableRow key={environment.name}>
                <TableCell>
                  <EnvironmentChip environment={environment} />
                </TableCell>
                <TableCell>
                  <StatusChip status={status.status} label={status.label} />
                  {report?.error && (
                    <Typography variant="body2" color="error">
                      {report.error}
                    </Typography>
                  )}
                  {report && <DriftDifferences report={report} />}
                </TableCell>
                <TableCell>
                  {report?.deliveredVersion ?? '—'}
                  {report?.outOfDate && (
                    <Typography variant="body2" color="textSecondary">
                      version {report.currentVersion} differs: apply to deliver
                      it
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  {report ? (
                    <time dateTime={report.checkedAt}>
                      {new Date(report.checkedAt).toLocaleString()}
                    </time>
                  ) : (
                    'never'
                  )}
                </TableCell>
                <TableCell>
                  <Box display="flex" style={{ gap: 8 }}>
                    <Button
                      size="small"
                      disabled={!canApply || checking !== undefined}
                      onClick={() => checkNow(environment.name)}
                      aria-label={`Check ${environment.name} now`}
                      startIcon={
                        checking === environment.name ? (
                          <CircularProgress size={14} aria-label="Checking" />
                        ) : undefined
                      }
                    >
                      Check now
                    </Button>
                    <Button
                      size="small"
                      variant="outlined"
                      color="primary"
                      disabled={!canApply}
                      onClick={() => setApplying(environment.name)}
                      aria-label={`Apply to ${environment.name}`}
                    >
                      Apply
                    </Button>
                  </Box>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    );
  }

  return (
    <InfoCard title="Delivery and drift">
      {!canApply && (
        <Box mb={2}>
          <Alert severity="info">
            Applying and checking drift need the permission{' '}
            {configApplyPermission.name}.
          </Alert>
        </Box>
      )}
      {notice && (
        <Box mb={2}>
          <Alert
            severity={notice.severity}
            onClose={() => setNotice(undefined)}
          >
            {notice.text}
          </Alert>
        </Box>
      )}
      {body}
      {applying && (
        <ApplyDialog
          application={application}
          environment={applying}
          onClose={() => setApplying(undefined)}
          onApplied={result => {
            setApplying(undefined);
            setNotice({
              severity: 'success',
              text: `Applied version ${result.version} to ${result.environment} as ${result.configMapName}`,
            });
            reports.retry();
          }}
        />
      )}
    </InfoCard>
  );
}
