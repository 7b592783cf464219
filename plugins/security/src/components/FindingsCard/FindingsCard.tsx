import { InfoCard, Table, TableColumn } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  SecurityFinding,
  WaiverRequestResult,
  securityReadPermission,
  securityWaiverRequestPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  SeverityChip,
  StatusChip,
} from '@idp-platform/backstage-plugin-idp-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import { securityApiRef } from '../../api';
import { DueDate } from '../DueDate';
import { RequestWaiverDialog } from '../RequestWaiverDialog';
import { SecurityErrorPanel } from '../SecurityErrorPanel';
import { DEFAULT_FINDING_FILTERS, FindingFilters } from './FindingFilters';

const PAGE_SIZE = 20;

type RemoteQuery = { page: number; pageSize: number };
type TableHandle = { onQueryChange?: () => void };

/**
 * An entity's findings, filtered and paged on the server, with a "Request
 * waiver" action per row. Reloads when `reloadToken` changes.
 */
export function FindingsCard(props: {
  entityRef: string;
  artifactDigest?: string;
  scanners: string[];
  reloadToken: number;
  onWaiverRequested: (outcome: WaiverRequestResult) => void;
}) {
  const { entityRef, artifactDigest } = props;
  const api = useApi(securityApiRef);
  const waiverPermission = usePermission({
    permission: securityWaiverRequestPermission,
    resourceRef: entityRef,
  });
  const [filters, setFilters] = useState(DEFAULT_FINDING_FILTERS);
  const [text, setText] = useState('');
  const [error, setError] = useState<Error>();
  const [waiving, setWaiving] = useState<SecurityFinding>();
  const tableRef = useRef<TableHandle>();

  useDebounce(() => setText(filters.text.trim()), 300, [filters.text]);

  const load = useCallback(
    async (query: RemoteQuery) => {
      try {
        const page = await api.listFindings({
          entityRef,
          artifactDigest,
          severity: filters.severity.length ? filters.severity : undefined,
          status: filters.status || undefined,
          scanner: filters.scanner || undefined,
          text: text || undefined,
          limit: query.pageSize,
          offset: query.page * query.pageSize,
        });
        setError(undefined);
        return {
          data: page.items,
          page: query.page,
          totalCount: page.totalCount,
        };
      } catch (loadError) {
        setError(loadError as Error);
        return { data: [], page: 0, totalCount: 0 };
      }
    },
    [
      api,
      entityRef,
      artifactDigest,
      filters.severity,
      filters.status,
      filters.scanner,
      text,
    ],
  );

  // A signal reloads the current page; new filters remount the table on page one.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    tableRef.current?.onQueryChange?.();
  }, [props.reloadToken]);

  const tableKey = JSON.stringify([
    artifactDigest,
    filters.severity,
    filters.status,
    filters.scanner,
    text,
  ]);

  const waiverAction = (finding: SecurityFinding) => {
    if (finding.waiverId) return <StatusChip status="waived" label="Waived" />;
    if (finding.status !== 'open') return null;
    const denied = !waiverPermission.loading && !waiverPermission.allowed;
    const button = (
      <Button
        size="small"
        variant="outlined"
        disabled={waiverPermission.loading || denied}
        aria-label={`Request waiver for ${finding.vulnerabilityId}`}
        onClick={() => setWaiving(finding)}
      >
        Request waiver
      </Button>
    );
    return denied ? (
      <Tooltip
        title={`You need the permission ${securityWaiverRequestPermission.name}`}
      >
        <span>{button}</span>
      </Tooltip>
    ) : (
      button
    );
  };

  const columns: TableColumn<SecurityFinding>[] = [
    {
      title: 'Severity',
      render: f => <SeverityChip severity={f.severity} />,
      width: '110px',
    },
    {
      title: 'Vulnerability',
      render: f => (
        <>
          <Typography variant="body2">
            <strong>{f.vulnerabilityId}</strong>
            {f.cvssScore !== undefined && ` (CVSS ${f.cvssScore})`}
          </Typography>
          <Typography variant="caption" color="textSecondary">
            {f.title}
          </Typography>
        </>
      ),
    },
    {
      title: 'Package or location',
      render: f =>
        f.packageName ? (
          <>
            <code>{f.packageName}</code> {f.installedVersion}
            {f.fixedVersion && (
              <Typography variant="caption" component="div">
                fixed in {f.fixedVersion}
              </Typography>
            )}
          </>
        ) : (
          <code>{f.location}</code>
        ),
    },
    { title: 'Scanners', render: f => f.scanners.join(', ') },
    { title: 'Status', render: f => <StatusChip status={f.status} /> },
    {
      title: 'First seen',
      render: f => (
        <time dateTime={f.firstSeen}>
          {new Date(f.firstSeen).toLocaleDateString()}
        </time>
      ),
    },
    {
      title: 'Due',
      render: f => <DueDate finding={f} />,
    },
    { title: 'Waiver', render: waiverAction },
  ];

  return (
    <InfoCard title="Findings">
      <Box mb={2}>
        <FindingFilters
          value={filters}
          scanners={props.scanners}
          onChange={setFilters}
        />
      </Box>
      {error && (
        <Box mb={2}>
          <SecurityErrorPanel
            error={error}
            permission={securityReadPermission}
          />
        </Box>
      )}
      {!waiverPermission.loading && !waiverPermission.allowed && (
        <Box mb={2}>
          <Alert severity="info">
            <AlertTitle>Waivers</AlertTitle>
            You cannot request waivers for this entity: the permission{' '}
            {securityWaiverRequestPermission.name} is required.
          </Alert>
        </Box>
      )}
      <Table<SecurityFinding>
        key={tableKey}
        tableRef={tableRef}
        columns={columns}
        data={load}
        options={{
          search: false,
          toolbar: false,
          paging: true,
          pageSize: PAGE_SIZE,
          pageSizeOptions: [10, 20, 50, 100],
          padding: 'dense',
        }}
        // Remote data never shows `emptyContent`; the localized message is its equivalent.
        localization={{
          body: { emptyDataSourceMessage: 'No findings match these filters.' },
        }}
      />
      {waiving && (
        <RequestWaiverDialog
          entityRef={entityRef}
          finding={waiving}
          onClose={() => setWaiving(undefined)}
          onRequested={props.onWaiverRequested}
        />
      )}
    </InfoCard>
  );
}
