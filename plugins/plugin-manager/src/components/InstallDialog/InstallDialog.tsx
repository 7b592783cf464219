import { useApi } from '@backstage/core-plugin-api';
import { useSignal } from '@backstage/plugin-signals-react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  PLUGIN_MANAGER_OPERATION_SIGNAL_CHANNEL,
  PluginInstallPlan,
  PluginInstallRequest,
  PluginManagerOperationSignal,
  PluginOperationResult,
  pluginManagerInstallPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  describeBackendError,
  isConflictError,
  isNotAllowedError,
} from '@idp-platform/backstage-plugin-idp-react';
import { useState } from 'react';
import { pluginManagerApiRef } from '../../api';
import { OperationResultNotice } from './OperationResultNotice';
import { InstallPlanView } from './InstallPlanView';

/** Props of {@link InstallDialog}. */
export interface InstallDialogProps {
  packageName: string;
  version: string;
  /** The installed version: the dialog then upgrades (or downgrades). */
  installedVersion?: string;
  onClose: () => void;
  /** Called when the user closes the dialog after a change. */
  onDone: (result: PluginOperationResult) => void;
}

type Failure = {
  title: string;
  message: string;
  severity: 'error' | 'warning';
};

function failureOf(error: Error): Failure {
  const message = describeBackendError(error, {
    permission: pluginManagerInstallPermission,
  });
  if (isNotAllowedError(error)) {
    return { title: 'Not allowed', message, severity: 'error' };
  }
  if (isConflictError(error)) {
    return { title: 'Refused', message, severity: 'warning' };
  }
  return { title: 'Failed', message, severity: 'error' };
}

/**
 * Installs or upgrades a plugin in two steps: the configuration to add
 * (YAML) and a dry-run plan with its checks, then the change itself, sent
 * with the revision the plan saw so a concurrent change is a 409. The steps
 * of the running operation show live.
 */
export function InstallDialog(props: InstallDialogProps) {
  const { packageName, version, installedVersion } = props;
  const api = useApi(pluginManagerApiRef);
  const upgrade = installedVersion !== undefined;
  const [configYaml, setConfigYaml] = useState('');
  const [plan, setPlan] = useState<PluginInstallPlan>();
  // The YAML the plan was made with: editing it again needs a new plan.
  const [plannedYaml, setPlannedYaml] = useState<string>();
  const [busy, setBusy] = useState<'planning' | 'changing'>();
  const [failure, setFailure] = useState<Failure>();
  const [result, setResult] = useState<PluginOperationResult>();
  const { lastSignal } = useSignal<PluginManagerOperationSignal>(
    PLUGIN_MANAGER_OPERATION_SIGNAL_CHANNEL,
  );
  const liveStep =
    busy === 'changing' && lastSignal?.package === packageName
      ? lastSignal
      : undefined;

  const request = (): PluginInstallRequest => ({
    package: packageName,
    version,
    ...(configYaml.trim() ? { pluginConfigYaml: configYaml } : {}),
  });

  const makePlan = async () => {
    setBusy('planning');
    setFailure(undefined);
    setPlan(undefined);
    try {
      setPlan(await api.plan(request()));
      setPlannedYaml(configYaml);
    } catch (error) {
      setFailure(failureOf(error as Error));
    } finally {
      setBusy(undefined);
    }
  };

  const change = async () => {
    setBusy('changing');
    setFailure(undefined);
    try {
      const body = { ...request(), expectedRevision: plan!.currentRevision };
      setResult(await (upgrade ? api.upgrade(body) : api.install(body)));
    } catch (error) {
      setFailure(failureOf(error as Error));
    } finally {
      setBusy(undefined);
    }
  };

  const planIsCurrent = plan !== undefined && plannedYaml === configYaml;
  const actionLabel = upgrade ? `Upgrade to ${version}` : `Install ${version}`;

  return (
    <Dialog
      open
      onClose={result ? () => props.onDone(result) : props.onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="plugin-install-title"
    >
      <DialogTitle id="plugin-install-title">
        {upgrade
          ? `Upgrade ${packageName} from ${installedVersion} to ${version}`
          : `Install ${packageName} ${version}`}
      </DialogTitle>
      <DialogContent>
        {result ? (
          <OperationResultNotice result={result} />
        ) : (
          <>
            <DialogContentText>
              The configuration goes to the plugin&apos;s pluginConfig in
              dynamic-plugins.yaml, merged into app-config.dynamic-plugins.yaml.
              Check the plan: nothing is written before you confirm.
            </DialogContentText>
            <TextField
              id="plugin-install-config"
              label="Configuration to add (YAML)"
              placeholder={'techRadar:\n  url: https://example.com/radar.json'}
              multiline
              minRows={6}
              fullWidth
              variant="outlined"
              value={configYaml}
              onChange={event => setConfigYaml(event.target.value)}
              inputProps={{
                spellCheck: false,
                style: { fontFamily: 'monospace' },
              }}
            />
            {plan && !planIsCurrent && (
              <Alert severity="info">
                The configuration changed since the plan: check the plan again.
              </Alert>
            )}
            {plan && planIsCurrent && <InstallPlanView plan={plan} />}
          </>
        )}
        {failure && (
          <Alert severity={failure.severity}>
            <AlertTitle>{failure.title}</AlertTitle>
            {failure.message}
          </Alert>
        )}
        {busy === 'planning' && <LinearProgress aria-label="Planning" />}
        {busy === 'changing' && (
          <>
            <LinearProgress aria-label="Changing" />
            <DialogContentText role="status">
              {liveStep
                ? `Step ${liveStep.step}: ${liveStep.status}${
                    liveStep.message ? ` (${liveStep.message})` : ''
                  }`
                : 'Starting…'}
            </DialogContentText>
          </>
        )}
      </DialogContent>
      <DialogActions>
        {result ? (
          <Button color="primary" onClick={() => props.onDone(result)}>
            Close
          </Button>
        ) : (
          <>
            <Button onClick={props.onClose} disabled={busy === 'changing'}>
              Cancel
            </Button>
            <Button
              variant="outlined"
              disabled={busy !== undefined}
              onClick={makePlan}
            >
              {plan ? 'Check the plan again' : 'Check the plan'}
            </Button>
            <Button
              variant="contained"
              color="primary"
              disabled={!planIsCurrent || plan!.blocked || busy !== undefined}
              onClick={change}
            >
              {actionLabel}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
