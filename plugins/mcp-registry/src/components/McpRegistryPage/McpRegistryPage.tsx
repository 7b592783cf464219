import { useApi } from '@backstage/core-plugin-api';
import {
  Content,
  ContentHeader,
  EmptyState,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  MCP_IDP_META_KEY,
  McpHealthState,
  McpServerResponse,
  McpToolSummary,
  mcpHealthStates,
} from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';
import { useSignal } from '@backstage/plugin-signals-react';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { mcpRegistryApiRef } from '../../api';
import {
  MCP_HEALTH_SIGNAL_CHANNEL,
  McpHealthSignal,
} from '@idp-platform/backstage-plugin-idp-common';
import { RegisterServerForm } from '../RegisterServerForm';
import { ServerDetail } from '../ServerDetail';

type Row = {
  name: string;
  version: string;
  description: string;
  owner: string;
  healthState: string;
  tools: string[];
};

function toRow(response: McpServerResponse): Row {
  const registry = (response._meta[MCP_IDP_META_KEY] ?? {}) as {
    owner?: string;
    healthState?: string;
    tools?: McpToolSummary[];
  };
  return {
    name: response.server.name,
    version: response.server.version,
    description: response.server.description,
    owner: registry.owner ?? '',
    healthState: registry.healthState ?? 'unknown',
    tools: (registry.tools ?? []).map(tool => tool.name),
  };
}

const columns: TableColumn<Row>[] = [
  { title: 'Name', field: 'name' },
  { title: 'Version', field: 'version' },
  { title: 'Description', field: 'description' },
  { title: 'Owner', field: 'owner' },
  { title: 'Health', render: row => <StatusChip status={row.healthState} /> },
  {
    title: 'Tools',
    render: row =>
      row.tools.length > 5
        ? `${row.tools.slice(0, 5).join(', ')} +${row.tools.length - 5}`
        : row.tools.join(', '),
  },
];

const HEALTH_RELOAD_DELAY_MS = 500;

/** Content of the MCP registry page: search, list, detail and register form. */
export function McpRegistryContent() {
  const api = useApi(mcpRegistryApiRef);
  const [filter, setFilter] = useState({ search: '', tool: '', owner: '' });
  const [debounced, setDebounced] = useState(filter);
  const [status, setStatus] = useState<McpHealthState | ''>('');
  const [cursors, setCursors] = useState<string[]>([]);
  const [selected, setSelected] = useState<string>();
  const [registering, setRegistering] = useState(false);
  const [reload, setReload] = useState(0);
  useDebounce(() => setDebounced(filter), 300, [filter]);
  const { lastSignal: healthSignal } = useSignal<McpHealthSignal>(
    MCP_HEALTH_SIGNAL_CHANNEL,
  );
  // A scheduled check run signals once per server: reload once per burst.
  useDebounce(
    () => {
      if (healthSignal) setReload(r => r + 1);
    },
    HEALTH_RELOAD_DELAY_MS,
    [healthSignal],
  );

  const cursor = cursors[cursors.length - 1];
  const state = useAsync(
    () =>
      api.listServers({
        ...debounced,
        status: status || undefined,
        cursor,
        limit: 25,
      }),
    [api, debounced, status, cursor, reload],
  );

  const update = (key: keyof typeof filter) => (value: string) => {
    setCursors([]);
    setFilter(previous => ({ ...previous, [key]: value }));
  };

  let body;
  // Reloads after a signal keep the rows on screen instead of flashing a spinner.
  if (state.loading && !state.value) {
    body = <Progress />;
  } else if (state.error) {
    body = <ResponseErrorPanel error={state.error} />;
  } else if (!state.value?.servers.length) {
    body = (
      <EmptyState
        missing="data"
        title="No MCP servers found"
        description="Register a server.json, or change the search."
        action={
          <Button
            variant="contained"
            color="primary"
            onClick={() => setRegistering(true)}
          >
            Register a server
          </Button>
        }
      />
    );
  } else {
    const { servers, metadata } = state.value;
    body = (
      <>
        <Table<Row>
          title={`Servers (${metadata.count})`}
          columns={columns}
          data={servers.map(toRow)}
          options={{ search: false, paging: false }}
          onRowClick={(_event, row) => setSelected(row?.name)}
        />
        <Box display="flex" justifyContent="flex-end" mt={1} style={{ gap: 8 }}>
          <Button
            disabled={!cursors.length}
            onClick={() => setCursors(c => c.slice(0, -1))}
          >
            Previous
          </Button>
          <Button
            disabled={!metadata.nextCursor}
            onClick={() => setCursors(c => [...c, metadata.nextCursor!])}
          >
            Next
          </Button>
        </Box>
      </>
    );
  }

  return (
    <Content>
      <ContentHeader title="MCP servers">
        <Button
          variant="contained"
          color="primary"
          onClick={() => setRegistering(r => !r)}
        >
          {registering ? 'Close form' : 'Register'}
        </Button>
      </ContentHeader>
      {registering && (
        <Box mb={2}>
          <RegisterServerForm
            onRegistered={name => {
              setRegistering(false);
              setSelected(name);
              setReload(r => r + 1);
            }}
          />
        </Box>
      )}
      <Box display="flex" mb={2} style={{ gap: 16 }}>
        <TextField
          label="Search"
          placeholder="name, description or capability"
          value={filter.search}
          onChange={event => update('search')(event.target.value)}
        />
        <TextField
          label="Tool"
          placeholder="exact tool name"
          value={filter.tool}
          onChange={event => update('tool')(event.target.value)}
        />
        <TextField
          label="Owner"
          placeholder="group:default/team"
          value={filter.owner}
          onChange={event => update('owner')(event.target.value)}
        />
        <TextField
          select
          label="Health"
          value={status}
          style={{ minWidth: 160 }}
          onChange={event => {
            setCursors([]);
            setStatus(event.target.value as McpHealthState | '');
          }}
        >
          <MenuItem value="">any</MenuItem>
          {mcpHealthStates.map(state_ => (
            <MenuItem key={state_} value={state_}>
              {state_}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {body}
      {selected && (
        <Box mt={3}>
          <ServerDetail name={selected} />
        </Box>
      )}
    </Content>
  );
}
