import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  Environment,
  PolicyView,
} from '@idp-platform/backstage-plugin-idp-common';
import { DiffView, StatusChip } from '@idp-platform/backstage-plugin-idp-react';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { policyApiRef } from '../../api';
import { RollbackDialog } from './RollbackDialog';

/** Props of {@link VersionHistory}. */
export interface VersionHistoryProps {
  policy: PolicyView;
  environments: Environment[];
  canApply: boolean;
  /** Changes when something was applied, to load the history again. */
  reloadKey: number;
  onRolledBack: () => void;
}

const when = (iso: string) => (
  <time dateTime={iso}>{new Date(iso).toLocaleString()}</time>
);

function VersionDiff(props: { name: string; version: number }) {
  const { name, version } = props;
  const api = useApi(policyApiRef);
  const texts = useAsync(async () => {
    const after = await api.getVersion(name, version);
    const before =
      version > 1 ? (await api.getVersion(name, version - 1)).yaml : '';
    return { before, after: after.yaml };
  }, [api, name, version]);
  if (texts.loading) return <Progress />;
  if (texts.error) return <ResponseErrorPanel error={texts.error} />;
  return (
    <DiffView
      before={texts.value!.before}
      after={texts.value!.after}
      beforeLabel={version > 1 ? `Version ${version - 1}` : 'Nothing'}
      afterLabel={`Version ${version}`}
    />
  );
}

/**
 * The stored versions with author and message, the diff of each against the
 * one before, roll back to any version, every apply and roll back with its
 * outcome, and the change requests of applies to protected environments with
 * their state.
 */
export function VersionHistory(props: VersionHistoryProps) {
  const { policy, environments, canApply, reloadKey, onRolledBack } = props;
  const api = useApi(policyApiRef);
  const history = useAsyncRetry(async () => {
    const [versions, applies, requests] = await Promise.all([
      api.listVersions(policy.name),
      api.listApplies(policy.name),
      // Change requests have a permission of their own; history stays readable without it.
      api.listChangeRequests().catch(() => []),
    ]);
    const changeRequests = requests.filter(
      request =>
        (request.payload as { policy?: string } | null)?.policy === policy.name,
    );
    return { versions, applies, changeRequests };
  }, [api, policy.name, policy.version, reloadKey]);
  const [diffOf, setDiffOf] = useState<number>();
  const [rollbackTo, setRollbackTo] = useState<number>();

  if (history.loading && !history.value) return <Progress />;
  if (history.error) return <ResponseErrorPanel error={history.error} />;
  const { versions, applies, changeRequests } = history.value!;

  return (
    <Box>
      <Typography variant="subtitle1" component="h3">
        Versions
      </Typography>
      <Table size="small" aria-label="Versions">
        <TableHead>
          <TableRow>
            <TableCell>Version</TableCell>
            <TableCell>Author</TableCell>
            <TableCell>Message</TableCell>
            <TableCell>Saved</TableCell>
            <TableCell>Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {versions.map(version => (
            <TableRow key={version.version}>
              <TableCell>{version.version}</TableCell>
              <TableCell>{version.author}</TableCell>
              <TableCell>{version.message ?? '—'}</TableCell>
              <TableCell>{when(version.createdAt)}</TableCell>
              <TableCell>
                <Button
                  size="small"
                  onClick={() =>
                    setDiffOf(
                      diffOf === version.version ? undefined : version.version,
                    )
                  }
                  aria-label={`Changes in version ${version.version}`}
                >
                  Changes
                </Button>
                <Button
                  size="small"
                  disabled={!canApply}
                  onClick={() => setRollbackTo(version.version)}
                  aria-label={`Roll back to version ${version.version}`}
                >
                  Roll back
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {diffOf !== undefined && (
        <Box mt={2}>
          <VersionDiff name={policy.name} version={diffOf} />
        </Box>
      )}
      <Box mt={3}>
        <Typography variant="subtitle1" component="h3">
          Applies
        </Typography>
        {applies.length === 0 ? (
          <EmptyState
            missing="data"
            title="Never applied"
            description="Apply a version to an environment to see it here."
          />
        ) : (
          <Table size="small" aria-label="Applies">
            <TableHead>
              <TableRow>
                <TableCell>Environment</TableCell>
                <TableCell>Version</TableCell>
                <TableCell>Kind</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>By</TableCell>
                <TableCell>When</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {applies.map(record => (
                <TableRow key={record.id}>
                  <TableCell>{record.environment}</TableCell>
                  <TableCell>{record.version}</TableCell>
                  <TableCell>{record.kind}</TableCell>
                  <TableCell>
                    <StatusChip status={record.status} />
                    {record.error && (
                      <Typography variant="body2" color="error">
                        {record.error}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>{record.appliedBy}</TableCell>
                  <TableCell>{when(record.appliedAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
      {changeRequests.length > 0 && (
        <Box mt={3}>
          <Typography variant="subtitle1" component="h3">
            Change requests
          </Typography>
          <Table size="small" aria-label="Change requests">
            <TableHead>
              <TableRow>
                <TableCell>Request</TableCell>
                <TableCell>Environment</TableCell>
                <TableCell>State</TableCell>
                <TableCell>Approvals</TableCell>
                <TableCell>Requested by</TableCell>
                <TableCell>Updated</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {changeRequests.map(request => (
                <TableRow key={request.id}>
                  <TableCell>{request.title}</TableCell>
                  <TableCell>{request.environment}</TableCell>
                  <TableCell>
                    <StatusChip status={request.state} />
                  </TableCell>
                  <TableCell>
                    {
                      request.approvals.filter(a => a.decision === 'approve')
                        .length
                    }{' '}
                    of {request.requiredApprovals}
                  </TableCell>
                  <TableCell>{request.requester}</TableCell>
                  <TableCell>{when(request.updatedAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
      {rollbackTo !== undefined && (
        <RollbackDialog
          name={policy.name}
          toVersion={rollbackTo}
          environments={environments}
          states={policy.environments}
          onClose={() => setRollbackTo(undefined)}
          onRolledBack={() => {
            history.retry();
            onRolledBack();
          }}
        />
      )}
    </Box>
  );
}
