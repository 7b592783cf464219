import { useApi } from '@backstage/core-plugin-api';
import { Progress } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Alert from '@material-ui/lab/Alert';
import {
  ConfigApplyResult,
  configApplyPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { configManagerApiRef } from '../../api';
import { describeBackendError } from '@idp-platform/backstage-plugin-idp-react';

function ObjectsTable(props: { result: ConfigApplyResult }) {
  return (
    <Table size="small" aria-label="Objects to apply">
      <TableHead>
        <TableRow>
          <TableCell>Kind</TableCell>
          <TableCell>Namespace</TableCell>
          <TableCell>Name</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.result.objects.map(o => (
          <TableRow key={`${o.kind}/${o.namespace}/${o.name}`}>
            <TableCell>{o.kind}</TableCell>
            <TableCell>{o.namespace}</TableCell>
            <TableCell>{o.name}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * Delivers the configuration to one environment: a server-side dry run
 * first, showing the objects it would write, then the apply itself.
 */
export function ApplyDialog(props: {
  application: string;
  environment: string;
  onClose: () => void;
  onApplied: (result: ConfigApplyResult) => void;
}) {
  const { application, environment } = props;
  const api = useApi(configManagerApiRef);
  const dryRun = useAsync(
    () => api.apply(application, environment, { dryRun: true }),
    [api, application, environment],
  );
  const [applying, setApplying] = useState(false);
  const [failure, setFailure] = useState<string>();

  const submit = async () => {
    setApplying(true);
    setFailure(undefined);
    try {
      props.onApplied(
        await api.apply(application, environment, { dryRun: false }),
      );
    } catch (error) {
      setFailure(
        describeBackendError(error as Error, {
          permission: configApplyPermission,
        }),
      );
      setApplying(false);
    }
  };

  let body;
  if (dryRun.loading) {
    body = (
      <>
        <DialogContentText>Dry run on the cluster…</DialogContentText>
        <Progress />
      </>
    );
  } else if (dryRun.error) {
    body = (
      <Alert severity="error">
        The dry run failed:{' '}
        {describeBackendError(dryRun.error, {
          permission: configApplyPermission,
        })}
      </Alert>
    );
  } else {
    const result = dryRun.value!;
    body = (
      <>
        <DialogContentText>
          The dry run of version {result.version} passed on cluster{' '}
          {result.cluster}, namespace {result.namespace}. Applying writes
          ConfigMap {result.configMapName}
          {result.workload
            ? ` and points Deployment ${result.workload.name} at it (${result.workload.strategy})`
            : ''}
          .
        </DialogContentText>
        <ObjectsTable result={result} />
      </>
    );
  }

  return (
    <Dialog
      open
      onClose={props.onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="config-apply-title"
    >
      <DialogTitle id="config-apply-title">
        Apply {application} to {environment}
      </DialogTitle>
      <DialogContent>
        {body}
        {failure && <Alert severity="error">{failure}</Alert>}
        {applying && <LinearProgress aria-label="Applying" />}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="primary"
          disabled={!dryRun.value || applying}
          onClick={submit}
        >
          Apply
        </Button>
      </DialogActions>
    </Dialog>
  );
}
