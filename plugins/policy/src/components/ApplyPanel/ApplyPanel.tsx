import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  Environment,
  PolicyApplyOutcome,
  PolicyImpactReport,
  PolicySandboxResult,
  PolicyView,
  policyApplyPermission,
  policyReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  DiffView,
  describeBackendError,
} from '@idp-platform/backstage-plugin-idp-react';
import { useState } from 'react';
import { policyApiRef } from '../../api';
import { EnvironmentSelect } from '../EnvironmentSelect';
import { ScenarioResultsTable, describeSandboxResult } from '../SandboxPanel';
import { AccessPairsTable } from './AccessPairsTable';
import { ApplyOutcomeNotice } from './ApplyOutcomeNotice';

/** Props of {@link ApplyPanel}. */
export interface ApplyPanelProps {
  policy: PolicyView;
  environments: Environment[];
  canApply: boolean;
  /** Whether the editor holds changes not saved yet (apply uses the saved version). */
  unsaved: boolean;
  onApplied: () => void;
}

interface Review {
  environment: string;
  version: number;
  impact: PolicyImpactReport;
  /** What the server-side dry run said, or why it refused. */
  dryRun:
    | { sandbox: PolicySandboxResult; objects: number; refusal?: undefined }
    | { refusal: string };
  appliedYaml?: string;
}

/**
 * Apply the saved version to an environment, a review first: the server-side
 * dry run and the scenarios, who gains and who loses access compared with
 * what is applied, the objects that change, and the diff against the applied
 * version. Protected environments answer with a change request.
 */
export function ApplyPanel(props: ApplyPanelProps) {
  const { policy, environments, canApply, unsaved, onApplied } = props;
  const api = useApi(policyApiRef);
  const [environment, setEnvironment] = useState(environments[0]?.name ?? '');
  const [busy, setBusy] = useState<'review' | 'apply'>();
  const [review, setReview] = useState<Review>();
  const [outcome, setOutcome] = useState<PolicyApplyOutcome>();
  const [error, setError] = useState<string>();
  const [message, setMessage] = useState('');
  const current =
    review?.environment === environment && review.version === policy.version
      ? review
      : undefined;

  const runReview = async () => {
    setBusy('review');
    setError(undefined);
    setOutcome(undefined);
    try {
      const impact = await api.impact(policy.name, environment, policy.version);
      const appliedYaml =
        impact.appliedVersion !== undefined
          ? (await api.getVersion(policy.name, impact.appliedVersion)).yaml
          : undefined;
      let dryRun: Review['dryRun'];
      try {
        const result = await api.apply(policy.name, {
          environment,
          version: policy.version,
          dryRun: true,
        });
        dryRun = {
          sandbox: result.sandbox,
          objects: result.status === 'dry-run' ? result.objects.length : 0,
        };
      } catch (failure) {
        // A refused dry run (a failing scenario, an invalid object) still shows the impact.
        dryRun = {
          refusal: describeBackendError(failure as Error, {
            permission: policyApplyPermission,
          }),
        };
      }
      setReview({
        environment,
        version: policy.version,
        impact,
        dryRun,
        appliedYaml,
      });
    } catch (failure) {
      setError(
        describeBackendError(failure as Error, {
          permission: policyReadPermission,
        }),
      );
    } finally {
      setBusy(undefined);
    }
  };

  const apply = async () => {
    setBusy('apply');
    setError(undefined);
    try {
      setOutcome(
        await api.apply(policy.name, {
          environment,
          version: policy.version,
          message: message || undefined,
        }),
      );
      setReview(undefined);
      setMessage('');
      onApplied();
    } catch (failure) {
      setError(
        describeBackendError(failure as Error, {
          permission: policyApplyPermission,
        }),
      );
    } finally {
      setBusy(undefined);
    }
  };

  const state = policy.environments.find(e => e.environment === environment);

  return (
    <Box>
      {!canApply && (
        <Box mb={2}>
          <Alert severity="info">
            Applying policies needs the permission {policyApplyPermission.name}.
          </Alert>
        </Box>
      )}
      {unsaved && (
        <Box mb={2}>
          <Alert severity="warning">
            The editor has changes that are not saved: this applies the saved
            version {policy.version}.
          </Alert>
        </Box>
      )}
      <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
        <EnvironmentSelect
          environments={environments}
          value={environment}
          onChange={setEnvironment}
          disabled={busy !== undefined}
        />
        <Typography variant="body2" color="textSecondary">
          {state?.appliedVersion
            ? `Version ${state.appliedVersion} is applied there.`
            : 'Nothing applied there yet.'}
          {state?.pendingChangeRequestId
            ? ` Change request ${state.pendingChangeRequestId} is pending.`
            : ''}
        </Typography>
        <Button
          variant="outlined"
          color="primary"
          onClick={runReview}
          disabled={!canApply || busy !== undefined || !environment}
        >
          Review impact
        </Button>
      </Box>
      {busy && (
        <LinearProgress
          aria-label={busy === 'review' ? 'Running the dry run' : 'Applying'}
        />
      )}
      {error && (
        <Box mb={2}>
          <Alert severity="error">{error}</Alert>
        </Box>
      )}
      {outcome && (
        <Box mb={2}>
          <ApplyOutcomeNotice
            outcome={outcome}
            onClose={() => setOutcome(undefined)}
          />
        </Box>
      )}
      {current && (
        <Box component="section" aria-label="Impact">
          {current.dryRun.refusal !== undefined ? (
            <Alert severity="error">
              The dry run refused version {current.version}:{' '}
              {current.dryRun.refusal}
            </Alert>
          ) : (
            <>
              <Alert
                severity={current.dryRun.sandbox.passed ? 'success' : 'error'}
              >
                Dry run accepted {current.dryRun.objects} objects.{' '}
                {describeSandboxResult(current.dryRun.sandbox)}.
              </Alert>
              <ScenarioResultsTable
                result={current.dryRun.sandbox}
                label="Scenarios before apply"
              />
            </>
          )}
          <Grid container spacing={2}>
            <Grid item xs={12} md={6}>
              <Typography variant="subtitle1" component="h3">
                Gains access ({current.impact.gained.length})
              </Typography>
              <AccessPairsTable
                pairs={current.impact.gained}
                label="Gained access"
                empty="Nobody gains access."
              />
            </Grid>
            <Grid item xs={12} md={6}>
              <Typography variant="subtitle1" component="h3">
                Loses access ({current.impact.lost.length})
              </Typography>
              <AccessPairsTable
                pairs={current.impact.lost}
                label="Lost access"
                empty="Nobody loses access."
              />
            </Grid>
          </Grid>
          <Typography variant="body2" color="textSecondary">
            {current.impact.unchanged.length} access pairs stay as they are.
          </Typography>
          <Typography variant="subtitle1" component="h3">
            Objects
          </Typography>
          <Table size="small" aria-label="Objects to apply">
            <TableHead>
              <TableRow>
                <TableCell>Kind</TableCell>
                <TableCell>Namespace</TableCell>
                <TableCell>Name</TableCell>
                <TableCell>Change</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {current.impact.objects.map(object => (
                <TableRow
                  key={`${object.kind}/${object.namespace}/${object.name}`}
                >
                  <TableCell>{object.kind}</TableCell>
                  <TableCell>{object.namespace}</TableCell>
                  <TableCell>{object.name}</TableCell>
                  <TableCell>{object.change}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {current.appliedYaml !== undefined && (
            <Box mt={2}>
              <DiffView
                before={current.appliedYaml}
                after={policy.yaml}
                beforeLabel={`Applied (version ${current.impact.appliedVersion})`}
                afterLabel={`Version ${policy.version}`}
              />
            </Box>
          )}
          <Box
            mt={2}
            display="flex"
            alignItems="flex-start"
            style={{ gap: 16 }}
          >
            <TextField
              id="policy-apply-message"
              label="Apply message"
              size="small"
              value={message}
              onChange={event => setMessage(event.target.value)}
              style={{ flex: 1 }}
            />
            <Button
              variant="contained"
              color="primary"
              onClick={apply}
              disabled={
                !canApply ||
                busy !== undefined ||
                current.dryRun.refusal !== undefined
              }
            >
              Apply
            </Button>
          </Box>
          {current.dryRun.refusal !== undefined && (
            <Typography variant="body2" color="textSecondary">
              Apply is possible once the dry run accepts the version.
            </Typography>
          )}
        </Box>
      )}
    </Box>
  );
}
