import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  ConfigApplicationView,
  ConfigChangeResult,
  configReadPermission,
  configWritePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  describeBackendError,
  isNotAllowedError,
} from '@idp-platform/backstage-plugin-idp-react';
import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useState } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { configManagerApiRef } from '../../api';
import { useConfigEnvironments } from '../../environments/useConfigEnvironments';
import { ChangeResultNotice } from '../ChangeResultNotice';
import { ComparisonGrid } from '../ComparisonGrid';
import { DeliveryCard } from '../DeliveryCard';
import { FlagsCard } from '../FlagsCard';
import { HistoryCard } from '../HistoryCard';
import { ValueEditorDialog } from '../ValueEditor';
import { downloadText } from './downloadText';

/** Props of {@link ConfigurationView}. */
export interface ConfigurationViewProps {
  /** The configuration name, from the `idp-platform/config-name` annotation. */
  name: string;
  /** Whether the user may change values and flags; the backend checks again. */
  canWrite: boolean;
  /** Whether the user may apply and check drift. */
  canApply: boolean;
}

const NO_ENVIRONMENTS: ConfigApplicationView['environments'] = [];

const isNotFound = (error: Error) =>
  error instanceof ResponseError && error.statusCode === 404;

/**
 * One application's configuration: the environment comparison grid with its
 * editor, history with diff and rollback, delivery and drift, and feature
 * flags, reloaded when the backend signals a change on `config:<name>`.
 */
export function ConfigurationView(props: ConfigurationViewProps) {
  const { name, canWrite, canApply } = props;
  const api = useApi(configManagerApiRef);
  const [reloadKey, setReloadKey] = useState(0);
  const [notice, setNotice] = useState<ConfigChangeResult>();
  const [exportError, setExportError] = useState<string>();
  // The editor keeps the version it opened with until the user reloads.
  const [editing, setEditing] = useState<{
    application: ConfigApplicationView;
    key?: string;
    environment?: string;
  }>();
  const { lastSignal } = useSignal(`config:${name}`);

  const [state, load] = useAsyncFn(
    async () => {
      const [application, comparison] = await Promise.all([
        api.getApplication(name),
        api.compare(name),
      ]);
      return { application, comparison };
    },
    [api, name],
    { loading: true },
  );
  useEffect(() => {
    load();
  }, [load, reloadKey]);
  useEffect(() => {
    if (lastSignal) setReloadKey(k => k + 1);
  }, [lastSignal]);

  const environments = useConfigEnvironments(
    state.value?.application.environments ?? NO_ENVIRONMENTS,
  );

  const changed = (result: ConfigChangeResult) => {
    setNotice(result);
    setReloadKey(k => k + 1);
  };

  const exportYaml = async () => {
    setExportError(undefined);
    try {
      const text = await api.exportYaml(name);
      downloadText(`${name}.yaml`, text, 'application/yaml');
    } catch (error) {
      setExportError(
        describeBackendError(error as Error, {
          permission: configReadPermission,
        }),
      );
    }
  };

  if (!state.value) {
    if (state.error) {
      if (isNotFound(state.error)) {
        return (
          <EmptyState
            missing="data"
            title={`No configuration named ${name} yet`}
            description="Import an ApplicationConfiguration document for it, or correct the idp-platform/config-name annotation."
          />
        );
      }
      if (isNotAllowedError(state.error)) {
        return (
          <Alert severity="warning">
            {describeBackendError(state.error, {
              permission: configReadPermission,
            })}
          </Alert>
        );
      }
      return <ResponseErrorPanel error={state.error} />;
    }
    return <Progress />;
  }

  const { application, comparison } = state.value;
  const edit = (key?: string, environment?: string) =>
    setEditing({ application, key, environment });

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <Typography variant="body1">
            Version {application.version}, changed by {application.updatedBy} on{' '}
            <time dateTime={application.updatedAt}>
              {new Date(application.updatedAt).toLocaleString()}
            </time>
          </Typography>
          <Box flexGrow={1} />
          <Button variant="outlined" onClick={exportYaml}>
            Export YAML
          </Button>
          <Button
            variant="contained"
            color="primary"
            disabled={!canWrite}
            onClick={() => edit()}
          >
            Add key
          </Button>
        </Box>
        {!canWrite && (
          <Box mt={1}>
            <Alert severity="info">
              You can read this configuration; changing it needs the permission{' '}
              {configWritePermission.name}.
            </Alert>
          </Box>
        )}
        {state.error && (
          <Box mt={1}>
            <Alert severity="error">
              Reloading failed: {state.error.message}
            </Alert>
          </Box>
        )}
        {exportError && (
          <Box mt={1}>
            <Alert severity="error" onClose={() => setExportError(undefined)}>
              {exportError}
            </Alert>
          </Box>
        )}
        {notice && (
          <Box mt={1}>
            <ChangeResultNotice
              result={notice}
              onClose={() => setNotice(undefined)}
            />
          </Box>
        )}
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Values by environment">
          <ComparisonGrid
            comparison={comparison}
            environments={environments}
            onEdit={canWrite ? (key, env) => edit(key, env) : undefined}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <DeliveryCard
          application={name}
          environments={environments}
          reloadKey={reloadKey}
          canApply={canApply}
        />
      </Grid>
      <Grid item xs={12}>
        <FlagsCard
          application={name}
          version={application.version}
          flags={application.flags}
          environments={environments}
          canWrite={canWrite}
          onChanged={changed}
        />
      </Grid>
      <Grid item xs={12}>
        <HistoryCard
          application={name}
          currentVersion={application.version}
          reloadKey={reloadKey}
          canWrite={canWrite}
          onChanged={changed}
        />
      </Grid>
      {editing && (
        <ValueEditorDialog
          application={editing.application}
          environments={environments}
          initialKey={editing.key}
          initialEnvironment={editing.environment}
          onClose={() => setEditing(undefined)}
          onSaved={result => {
            setEditing(undefined);
            changed(result);
          }}
          onReload={async () => {
            const reloaded = await load();
            if (reloaded && 'application' in reloaded) {
              setEditing(
                current =>
                  current && { ...current, application: reloaded.application },
              );
            }
          }}
        />
      )}
    </Grid>
  );
}
