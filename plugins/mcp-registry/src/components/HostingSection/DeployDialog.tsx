import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import IconButton from '@material-ui/core/IconButton';
import LinearProgress from '@material-ui/core/LinearProgress';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import Alert from '@material-ui/lab/Alert';
import {
  Environment,
  McpHostingOutcome,
  McpServerJson,
  mcpServerDeployPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  describeBackendError,
  describeEnvironmentProtection,
} from '@idp-platform/backstage-plugin-idp-react';
import { useMemo, useState } from 'react';
import { mcpRegistryApiRef } from '../../api';
import {
  DeployForm,
  buildDeployRequest,
  secretVariablesOf,
} from './buildDeployRequest';

/** Props of {@link DeployDialog}. */
export interface DeployDialogProps {
  serverName: string;
  /** The server's versions, the latest one first. */
  versions: McpServerJson[];
  environments: Environment[];
  onClose: () => void;
  onDeployed: (outcome: McpHostingOutcome) => void;
}

function initialForm(
  environments: Environment[],
  latest: McpServerJson | undefined,
): DeployForm {
  return {
    environment: environments[0]?.name ?? '',
    version: 'latest',
    replicas: '1',
    port: '8080',
    env: [],
    secretEnv: (latest ? secretVariablesOf(latest) : []).map(variable => ({
      name: variable.name,
      secretName: '',
      key: '',
      required: variable.required,
    })),
  };
}

/**
 * Hosts a version of a server in an environment. Secret variables of the
 * server's packages are asked for as Secret references only; the request is
 * checked with the backend's schema as you type.
 */
export function DeployDialog(props: DeployDialogProps) {
  const { serverName, versions, environments } = props;
  const api = useApi(mcpRegistryApiRef);
  const [form, setForm] = useState(() =>
    initialForm(environments, versions[0]),
  );
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string>();

  const selected =
    form.version === 'latest'
      ? versions[0]
      : versions.find(v => v.version === form.version);
  const secretVariables = useMemo(
    () => (selected ? secretVariablesOf(selected) : []),
    [selected],
  );
  const { request, problems } = useMemo(
    () => buildDeployRequest(form, secretVariables),
    [form, secretVariables],
  );
  const environment = environments.find(e => e.name === form.environment);
  const protection = environment && describeEnvironmentProtection(environment);

  const set = <K extends keyof DeployForm>(key: K, value: DeployForm[K]) =>
    setForm(previous => ({ ...previous, [key]: value }));

  const chooseVersion = (version: string) => {
    const server =
      version === 'latest'
        ? versions[0]
        : versions.find(v => v.version === version);
    // Keep what was typed for variables the chosen version still declares.
    const typed = new Map(form.secretEnv.map(row => [row.name, row]));
    setForm(previous => ({
      ...previous,
      version,
      secretEnv: (server ? secretVariablesOf(server) : []).map(variable => ({
        secretName: '',
        key: '',
        ...typed.get(variable.name),
        name: variable.name,
        required: variable.required,
      })),
    }));
  };

  const updateEnv = (index: number, field: 'name' | 'value', value: string) =>
    set(
      'env',
      form.env.map((row, i) =>
        i === index ? { ...row, [field]: value } : row,
      ),
    );

  const updateSecret = (
    index: number,
    field: 'secretName' | 'key',
    value: string,
  ) =>
    set(
      'secretEnv',
      form.secretEnv.map((row, i) =>
        i === index ? { ...row, [field]: value } : row,
      ),
    );

  const submit = async () => {
    if (!request) return;
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      props.onDeployed(await api.deploy(serverName, request));
    } catch (error) {
      setSubmitError(
        describeBackendError(error as Error, {
          permission: mcpServerDeployPermission,
        }),
      );
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open
      onClose={props.onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="mcp-deploy-title"
    >
      <DialogTitle id="mcp-deploy-title">Deploy {serverName}</DialogTitle>
      <DialogContent>
        <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
          <TextField
            select
            id="mcp-deploy-environment"
            label="Environment"
            value={form.environment}
            onChange={event => set('environment', event.target.value)}
            helperText={
              protection ? `${protection}: the deploy waits for approval` : ' '
            }
            style={{ minWidth: 200 }}
          >
            {environments.map(e => (
              <MenuItem key={e.name} value={e.name}>
                {e.title ?? e.name}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            id="mcp-deploy-version"
            label="Version"
            value={form.version}
            onChange={event => chooseVersion(event.target.value)}
            helperText=" "
            style={{ minWidth: 160 }}
          >
            <MenuItem value="latest">
              latest{versions[0] ? ` (${versions[0].version})` : ''}
            </MenuItem>
            {versions.map(v => (
              <MenuItem key={v.version} value={v.version}>
                {v.version}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            id="mcp-deploy-replicas"
            label="Replicas"
            type="number"
            value={form.replicas}
            onChange={event => set('replicas', event.target.value)}
            inputProps={{ min: 0, max: 20 }}
            helperText="0 to 20"
          />
          <TextField
            id="mcp-deploy-port"
            label="Port"
            type="number"
            value={form.port}
            onChange={event => set('port', event.target.value)}
            inputProps={{ min: 1024, max: 65535 }}
            helperText="1024 to 65535"
          />
        </Box>

        <Box mt={2}>
          <Typography variant="subtitle2">
            Secret environment variables
          </Typography>
          <Typography variant="body2" color="textSecondary">
            Values stay in a Kubernetes Secret of the environment; the registry
            only stores which Secret and key to read.
          </Typography>
          {form.secretEnv.length === 0 && (
            <Typography variant="body2">
              The server declares no secret variables.
            </Typography>
          )}
          {form.secretEnv.map((row, index) => (
            <Box
              key={row.name}
              display="flex"
              alignItems="center"
              mt={1}
              style={{ gap: 16 }}
            >
              <Typography style={{ minWidth: 200 }}>
                <code>{row.name}</code>
                {row.required ? ' (required)' : ' (optional)'}
              </Typography>
              <TextField
                label="Secret name"
                value={row.secretName}
                onChange={event =>
                  updateSecret(index, 'secretName', event.target.value)
                }
                inputProps={{ 'aria-label': `Secret name of ${row.name}` }}
              />
              <TextField
                label="Key"
                value={row.key}
                onChange={event =>
                  updateSecret(index, 'key', event.target.value)
                }
                inputProps={{ 'aria-label': `Secret key of ${row.name}` }}
              />
            </Box>
          ))}
        </Box>

        <Box mt={2}>
          <Typography variant="subtitle2">Environment variables</Typography>
          {form.env.map((row, index) => (
            <Box
              key={index}
              display="flex"
              alignItems="center"
              mt={1}
              style={{ gap: 16 }}
            >
              <TextField
                label="Name"
                value={row.name}
                onChange={event => updateEnv(index, 'name', event.target.value)}
                inputProps={{ 'aria-label': `Name of variable ${index + 1}` }}
              />
              <TextField
                label="Value"
                value={row.value}
                onChange={event =>
                  updateEnv(index, 'value', event.target.value)
                }
                inputProps={{ 'aria-label': `Value of variable ${index + 1}` }}
              />
              <IconButton
                aria-label={`Remove variable ${index + 1}`}
                onClick={() =>
                  set(
                    'env',
                    form.env.filter((_, i) => i !== index),
                  )
                }
              >
                <DeleteIcon />
              </IconButton>
            </Box>
          ))}
          <Button
            size="small"
            onClick={() => set('env', [...form.env, { name: '', value: '' }])}
          >
            Add variable
          </Button>
        </Box>

        <Box mt={2} aria-live="polite">
          {problems.map(problem => (
            <Typography key={problem} color="error" variant="body2">
              {problem}
            </Typography>
          ))}
        </Box>
        {submitError && (
          <Box mt={1}>
            <Alert severity="error">{submitError}</Alert>
          </Box>
        )}
        {submitting && <LinearProgress aria-label="Deploying" />}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="primary"
          disabled={!request || submitting}
          onClick={submit}
        >
          Deploy
        </Button>
      </DialogActions>
    </Dialog>
  );
}
