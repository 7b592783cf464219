import { useApi } from '@backstage/core-plugin-api';
import {
  CopyTextButton,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import DeleteIcon from '@material-ui/icons/Delete';
import RefreshIcon from '@material-ui/icons/Refresh';
import TuneIcon from '@material-ui/icons/Tune';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  ChangeRequest,
  McpDeployment,
  McpHostingOutcome,
  McpServerJson,
  mcpServerReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  EnvironmentChip,
  StatusChip,
  describeBackendError,
  useEnvironments,
} from '@idp-platform/backstage-plugin-idp-react';
import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { mcpRegistryApiRef } from '../../api';
import {
  MCP_HOSTING_SIGNAL_CHANNEL,
  McpHostingSignal,
} from '@idp-platform/backstage-plugin-idp-common';
import { DeployDialog } from './DeployDialog';
import { PendingHostingApprovals } from './PendingHostingApprovals';
import { ScaleDialog } from './ScaleDialog';
import { UndeployDialog } from './UndeployDialog';

type Notice = {
  severity: 'info' | 'success' | 'error';
  title: string;
  text?: string;
};

function noticeOf(outcome: McpHostingOutcome, done: string): Notice {
  if (outcome.status === 'pending-approval') {
    return {
      severity: 'info',
      title: 'Waiting for approval',
      text: `Change request ${outcome.changeRequestId} must be approved before the change reaches the environment.`,
    };
  }
  return { severity: 'success', title: done };
}

function serverNameOf(request: ChangeRequest): string | undefined {
  const payload = request.payload as { serverName?: unknown } | undefined;
  return typeof payload?.serverName === 'string'
    ? payload.serverName
    : undefined;
}

/**
 * Where a server is hosted: deployments per environment with their phase,
 * deploy, scale, undeploy and refresh, and hosting changes waiting for
 * approval. Reloads live when the backend signals a hosting change.
 */
export function HostingSection(props: {
  serverName: string;
  /** The server's versions, the latest one first. */
  versions: McpServerJson[];
}) {
  const { serverName } = props;
  const api = useApi(mcpRegistryApiRef);
  const configured = useEnvironments();
  const [reloads, setReloads] = useState(0);
  const reload = () => setReloads(count => count + 1);
  const [deploying, setDeploying] = useState(false);
  const [scaling, setScaling] = useState<McpDeployment>();
  const [undeploying, setUndeploying] = useState<McpDeployment>();
  const [refreshing, setRefreshing] = useState<string>();
  const [notice, setNotice] = useState<Notice>();

  const { lastSignal } = useSignal<McpHostingSignal>(
    MCP_HOSTING_SIGNAL_CHANNEL,
  );
  useEffect(() => {
    if (lastSignal?.name === serverName) setReloads(count => count + 1);
  }, [lastSignal, serverName]);

  const deployments = useAsync(
    () => api.listDeployments(serverName),
    [api, serverName, reloads],
  );
  const changeRequests = useAsync(
    async () =>
      (await api.listHostingChangeRequests()).filter(
        request => serverNameOf(request) === serverName,
      ),
    [api, serverName, reloads],
  );

  const environmentOf = (name: string) =>
    configured.environments.find(e => e.name === name);

  const finish = (done: string) => (outcome: McpHostingOutcome) => {
    setDeploying(false);
    setScaling(undefined);
    setUndeploying(undefined);
    setNotice(noticeOf(outcome, done));
    reload();
  };

  const refresh = async (deployment: McpDeployment) => {
    setRefreshing(deployment.environment);
    try {
      await api.refreshDeployment(serverName, deployment.environment);
      reload();
    } catch (error) {
      setNotice({
        severity: 'error',
        title: `Could not refresh ${deployment.environment}`,
        text: describeBackendError(error as Error, {
          permission: mcpServerReadPermission,
        }),
      });
    } finally {
      setRefreshing(undefined);
    }
  };

  const columns: TableColumn<McpDeployment>[] = [
    {
      title: 'Environment',
      render: d => {
        const environment = environmentOf(d.environment);
        return environment ? (
          <EnvironmentChip environment={environment} />
        ) : (
          d.environment
        );
      },
    },
    { title: 'Version', field: 'version' },
    {
      title: 'Phase',
      render: d => (
        <>
          <Tooltip title={d.reason ?? ''}>
            <span>
              <StatusChip status={d.phase} />
            </span>
          </Tooltip>
          {d.reason && (
            <Typography variant="caption" color="textSecondary" component="div">
              {d.reason}
            </Typography>
          )}
        </>
      ),
    },
    {
      title: 'Ready / desired',
      render: d => `${d.readyReplicas} / ${d.replicas}`,
    },
    {
      title: 'URL',
      render: d => (
        <Box display="flex" alignItems="center">
          <code>{d.url}</code>
          <CopyTextButton
            text={d.url}
            aria-label={`Copy URL of ${d.environment}`}
          />
        </Box>
      ),
    },
    { title: 'Deployed by', render: d => d.deployedBy ?? '' },
    {
      title: 'Updated',
      render: d => (
        <time dateTime={d.updatedAt}>
          {new Date(d.updatedAt).toLocaleString()}
        </time>
      ),
    },
    {
      title: 'Actions',
      render: d => (
        <Box display="flex">
          <IconButton
            aria-label={`Scale ${d.environment}`}
            onClick={() => setScaling(d)}
          >
            <TuneIcon />
          </IconButton>
          <IconButton
            aria-label={`Undeploy ${d.environment}`}
            onClick={() => setUndeploying(d)}
          >
            <DeleteIcon />
          </IconButton>
          <IconButton
            aria-label={`Refresh ${d.environment}`}
            disabled={refreshing === d.environment}
            onClick={() => refresh(d)}
          >
            <RefreshIcon />
          </IconButton>
        </Box>
      ),
    },
  ];

  const deployButton = (
    <Button
      variant="contained"
      color="primary"
      onClick={() => setDeploying(true)}
      disabled={Boolean(configured.error)}
    >
      Deploy
    </Button>
  );

  let body;
  if (configured.error) {
    body = <ResponseErrorPanel error={configured.error} />;
  } else if (deployments.loading && !deployments.value) {
    body = <Progress />;
  } else if (deployments.error) {
    body = <ResponseErrorPanel error={deployments.error} />;
  } else if (!deployments.value?.length) {
    body = (
      <EmptyState
        missing="data"
        title="Not hosted anywhere yet"
        description="Deploy a version to an environment's cluster."
        action={deployButton}
      />
    );
  } else {
    body = (
      <Table<McpDeployment>
        columns={columns}
        data={deployments.value}
        options={{ search: false, paging: false, toolbar: false }}
      />
    );
  }

  return (
    <InfoCard
      title="Hosting"
      action={deployments.value?.length ? deployButton : undefined}
    >
      {notice && (
        <Box mb={2}>
          <Alert
            severity={notice.severity}
            onClose={() => setNotice(undefined)}
          >
            <AlertTitle>{notice.title}</AlertTitle>
            {notice.text}
          </Alert>
        </Box>
      )}
      {body}
      {changeRequests.error && (
        <ResponseErrorPanel error={changeRequests.error} />
      )}
      {!!changeRequests.value?.length && (
        <PendingHostingApprovals
          changeRequests={changeRequests.value}
          environments={configured.environments}
          onDecided={reload}
        />
      )}
      {deploying && (
        <DeployDialog
          serverName={serverName}
          versions={props.versions}
          environments={configured.environments}
          onClose={() => setDeploying(false)}
          onDeployed={finish('Deployed: the rollout is running')}
        />
      )}
      {scaling && (
        <ScaleDialog
          deployment={scaling}
          onClose={() => setScaling(undefined)}
          onScaled={finish('Scaled')}
        />
      )}
      {undeploying && (
        <UndeployDialog
          deployment={undeploying}
          onClose={() => setUndeploying(undefined)}
          onUndeployed={finish('Undeployed')}
        />
      )}
    </InfoCard>
  );
}
