import { useApi } from '@backstage/core-plugin-api';
import {
  CodeSnippet,
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  MCP_IDP_META_KEY,
  MCP_OFFICIAL_META_KEY,
  McpHealthCheck,
  McpOfficialMeta,
  McpServerResponse,
  McpToolSummary,
} from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';
import { useSignal } from '@backstage/plugin-signals-react';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { mcpRegistryApiRef } from '../../api';
import {
  MCP_HEALTH_SIGNAL_CHANNEL,
  McpHealthSignal,
} from '@idp-platform/backstage-plugin-idp-common';
import { HostingSection } from '../HostingSection';
import { TryItPanel } from '../TryItPanel';

const healthColumns: TableColumn<McpHealthCheck>[] = [
  { title: 'Checked', field: 'checkedAt' },
  { title: 'Version', field: 'version' },
  { title: 'State', render: check => <StatusChip status={check.state} /> },
  { title: 'Latency (ms)', field: 'latencyMs' },
  { title: 'Protocol', field: 'protocolVersion' },
  {
    title: 'Reason / changes',
    render: check =>
      check.reason ??
      (check.inventoryChanges ?? [])
        .map(change =>
          change.previousName
            ? `${change.kind}: ${change.previousName} → ${change.tool}`
            : `${change.kind}: ${change.tool}`,
        )
        .join(', '),
  },
];

function ToolList(props: {
  tools: McpToolSummary[];
  serverName: string;
  version: string;
}) {
  if (!props.tools.length) {
    return <Typography>No tools known yet: run a check.</Typography>;
  }
  return (
    <>
      {props.tools.map(tool => (
        <Accordion key={tool.name}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography>
              <strong>{tool.name}</strong> {tool.description}
            </Typography>
          </AccordionSummary>
          <AccordionDetails style={{ flexDirection: 'column' }}>
            <CodeSnippet
              language="json"
              text={JSON.stringify(tool.inputSchema ?? {}, null, 2)}
            />
            <TryItPanel
              serverName={props.serverName}
              version={props.version}
              tool={tool}
            />
          </AccordionDetails>
        </Accordion>
      ))}
    </>
  );
}

/**
 * Versions, tools with input schemas, health history and hosting of one
 * server; the health reloads live when the backend signals a check.
 */
export function ServerDetail(props: { name: string }) {
  const api = useApi(mcpRegistryApiRef);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<Error>();
  const [healthReloads, setHealthReloads] = useState(0);
  const state = useAsyncRetry(async () => {
    const [versions, health] = await Promise.all([
      api.listVersions(props.name),
      api.getHealthHistory(props.name),
    ]);
    return { versions: versions.servers, health };
  }, [api, props.name, healthReloads]);
  const { lastSignal } = useSignal<McpHealthSignal>(MCP_HEALTH_SIGNAL_CHANNEL);
  useEffect(() => {
    if (lastSignal?.name === props.name) setHealthReloads(count => count + 1);
  }, [lastSignal, props.name]);

  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const { versions, health } = state.value!;
  const latest: McpServerResponse | undefined =
    versions.find(
      v => (v._meta[MCP_OFFICIAL_META_KEY] as McpOfficialMeta)?.isLatest,
    ) ?? versions[versions.length - 1];
  if (!latest) {
    return <EmptyState missing="data" title={`No versions of ${props.name}`} />;
  }
  const registry = (latest._meta[MCP_IDP_META_KEY] ?? {}) as {
    owner?: string;
    tools?: McpToolSummary[];
  };

  const checkNow = async () => {
    setChecking(true);
    setCheckError(undefined);
    try {
      await api.checkNow(latest.server.name, latest.server.version);
      state.retry();
    } catch (error) {
      setCheckError(error as Error);
    } finally {
      setChecking(false);
    }
  };

  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={6}>
        <InfoCard title={latest.server.title ?? latest.server.name}>
          <Typography paragraph>{latest.server.description}</Typography>
          <Typography>Owner: {registry.owner}</Typography>
          <Typography>
            Versions:{' '}
            {versions
              .map(v => v.server.version)
              .reverse()
              .join(', ')}
          </Typography>
          {(latest.server.remotes ?? []).map(remote => (
            <Typography key={remote.url}>
              {remote.type}: {remote.url}
            </Typography>
          ))}
          <Button
            variant="outlined"
            onClick={checkNow}
            disabled={checking}
            style={{ marginTop: 16 }}
          >
            {checking ? 'Checking…' : 'Test now'}
          </Button>
          {checkError && <ResponseErrorPanel error={checkError} />}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={6}>
        <InfoCard title="Tools">
          <ToolList
            tools={registry.tools ?? []}
            serverName={latest.server.name}
            version={latest.server.version}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <HostingSection
          serverName={latest.server.name}
          versions={[
            latest.server,
            ...versions
              .map(v => v.server)
              .filter(server => server.version !== latest.server.version)
              .reverse(),
          ]}
        />
      </Grid>
      <Grid item xs={12}>
        <Table
          title="Health history"
          columns={healthColumns}
          data={health}
          options={{ search: false, paging: health.length > 10, pageSize: 10 }}
          emptyContent={
            <Typography style={{ padding: 16 }}>No checks yet.</Typography>
          }
        />
      </Grid>
    </Grid>
  );
}
