import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useSignal } from '@backstage/plugin-signals-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  InstalledPlugin,
  PLUGIN_MANAGER_HEALTH_SIGNAL_CHANNEL,
  PluginManagerHealthSignal,
  PluginRevision,
  pluginManagerReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  describeBackendError,
  isNotAllowedError,
} from '@idp-platform/backstage-plugin-idp-react';
import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { PluginManagerApi, pluginManagerApiRef } from '../../api';
import { PluginDetailsDrawer } from '../PluginDetails';
import { ChangeToConfirm, ConfirmChangeDialog } from './ConfirmChangeDialog';
import {
  InstalledPluginAction,
  InstalledPluginsTable,
} from './InstalledPluginsTable';
import { PendingPluginChanges } from './PendingPluginChanges';
import { RevisionHistoryCard } from './RevisionHistoryCard';

/** Props of {@link InstalledTab}. */
export interface InstalledTabProps {
  canInstall: boolean;
  /** Changes whenever the installed state may have changed. */
  reloadKey: number;
  onChanged: () => void;
}

function changeFor(
  api: PluginManagerApi,
  action: Exclude<InstalledPluginAction, 'upgrade' | 'history'>,
  plugin: InstalledPlugin,
  revision: number,
): ChangeToConfirm {
  const base = { package: plugin.package, expectedRevision: revision };
  switch (action) {
    case 'rollback':
      return {
        title: `Roll back ${plugin.package} to ${plugin.previousVersions[0]}?`,
        description: `Version ${plugin.previousVersions[0]} is still on disk and comes back in one step, as a new revision; ${plugin.version} is kept for another rollback.`,
        confirmLabel: 'Roll back',
        run: message => api.rollback({ ...base, message }),
      };
    case 'uninstall':
      return {
        title: `Uninstall ${plugin.package}?`,
        description:
          'Its entry leaves dynamic-plugins.yaml as a new revision; revert to an earlier revision to bring it back.',
        confirmLabel: 'Uninstall',
        run: message => api.uninstall({ ...base, message }),
      };
    case 'disable':
      return {
        title: `Disable ${plugin.package}?`,
        description:
          'The plugin stays installed but is not loaded after the next restart.',
        confirmLabel: 'Disable',
        run: message => api.disable({ ...base, message }),
      };
    default:
      return {
        title: `Enable ${plugin.package}?`,
        description: 'The plugin is loaded again after the next restart.',
        confirmLabel: 'Enable',
        run: message => api.enable({ ...base, message }),
      };
  }
}

/**
 * The installed plugins with version, load state and health score, their
 * enable/disable, upgrade, rollback and uninstall, and the revision history
 * with diff and revert. Health reloads when the backend announces a check.
 */
export function InstalledTab(props: InstalledTabProps) {
  const { canInstall, reloadKey } = props;
  const api = useApi(pluginManagerApiRef);
  const [healthKey, setHealthKey] = useState(0);
  const [confirming, setConfirming] = useState<ChangeToConfirm>();
  const [upgrading, setUpgrading] = useState<string>();
  const [historyOf, setHistoryOf] = useState<string>();
  const { lastSignal } = useSignal<PluginManagerHealthSignal>(
    PLUGIN_MANAGER_HEALTH_SIGNAL_CHANNEL,
  );
  useEffect(() => {
    if (lastSignal) setHealthKey(k => k + 1);
  }, [lastSignal]);

  const installed = useAsync(() => api.listInstalled(), [api, reloadKey]);
  const health = useAsync(() => api.health(), [api, reloadKey, healthKey]);
  const healthByPackage = useMemo(
    () => new Map(health.value?.items.map(h => [h.package, h]) ?? []),
    [health.value],
  );

  const onAction = (action: InstalledPluginAction, plugin: InstalledPlugin) => {
    if (action === 'upgrade') setUpgrading(plugin.package);
    else if (action === 'history') setHistoryOf(plugin.package);
    else
      setConfirming(
        changeFor(api, action, plugin, installed.value?.revision ?? 0),
      );
  };

  const onRevert = (revision: PluginRevision, current: number) =>
    setConfirming({
      title: `Revert to revision ${revision.revision}?`,
      description: `dynamic-plugins.yaml gets the plugins of revision ${
        revision.revision
      } (${
        revision.plugins.map(p => p.package).join(', ') || 'none'
      }), as revision ${current + 1}.`,
      confirmLabel: 'Revert',
      run: message =>
        api.revertToRevision(revision.revision, {
          expectedRevision: current,
          message,
        }),
    });

  let body;
  if (installed.error) {
    body = isNotAllowedError(installed.error) ? (
      <Alert severity="warning">
        {describeBackendError(installed.error, {
          permission: pluginManagerReadPermission,
        })}
      </Alert>
    ) : (
      <ResponseErrorPanel error={installed.error} />
    );
  } else if (!installed.value) {
    body = <Progress />;
  } else if (!installed.value.items.length) {
    body = (
      <EmptyState
        missing="data"
        title="No plugins installed"
        description="Install a plugin from the Discover tab; it is loaded as a dynamic plugin."
      />
    );
  } else {
    body = (
      <>
        {health.error && (
          <Alert severity="warning">
            Health could not be read:{' '}
            {describeBackendError(health.error, {
              permission: pluginManagerReadPermission,
            })}
          </Alert>
        )}
        <InstalledPluginsTable
          plugins={installed.value.items}
          health={healthByPackage}
          canInstall={canInstall}
          onAction={onAction}
        />
        {health.value && (
          <Typography variant="caption" color="textSecondary">
            Health score: {health.value.formula}
          </Typography>
        )}
      </>
    );
  }

  const done = () => {
    setConfirming(undefined);
    props.onChanged();
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="Installed plugins"
          subheader={
            installed.value
              ? `Revision ${installed.value.revision} of dynamic-plugins.yaml`
              : undefined
          }
        >
          {body}
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <PendingPluginChanges
          reloadKey={reloadKey}
          onDecided={props.onChanged}
        />
      </Grid>
      <Grid item xs={12}>
        <RevisionHistoryCard
          reloadKey={reloadKey}
          canInstall={canInstall}
          currentRevision={installed.value?.revision}
          packageName={historyOf}
          onShowAll={() => setHistoryOf(undefined)}
          onRevert={onRevert}
        />
      </Grid>
      {confirming && (
        <ConfirmChangeDialog
          change={confirming}
          onClose={() => setConfirming(undefined)}
          onDone={done}
        />
      )}
      {upgrading && (
        <PluginDetailsDrawer
          name={upgrading}
          canInstall={canInstall}
          reloadKey={reloadKey}
          onClose={() => setUpgrading(undefined)}
          onChanged={props.onChanged}
        />
      )}
    </Grid>
  );
}
