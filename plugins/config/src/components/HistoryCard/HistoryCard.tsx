import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  InfoCard,
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
  ConfigChangeResult,
  ConfigChangeSet,
} from '@idp-platform/backstage-plugin-idp-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { configManagerApiRef } from '../../api';
import { RollbackDialog } from './RollbackDialog';
import { VersionDiff } from './VersionDiff';

/** Props of {@link HistoryCard}. */
export interface HistoryCardProps {
  application: string;
  currentVersion: number;
  /** Changes whenever the configuration may have changed. */
  reloadKey: number;
  canWrite: boolean;
  onChanged: (result: ConfigChangeResult) => void;
}

/**
 * The change sets of a configuration, newest first, with a diff between any
 * two versions and a rollback to an earlier one.
 */
export function HistoryCard(props: HistoryCardProps) {
  const { application, currentVersion, reloadKey, canWrite } = props;
  const api = useApi(configManagerApiRef);
  const history = useAsync(
    () => api.history(application),
    [api, application, reloadKey],
  );
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  const [shown, setShown] = useState<{ from: number; to: number }>();
  // The version is pinned when the dialog opens, so a concurrent change is a 409.
  const [rollback, setRollback] = useState<{
    fromVersion: number;
    toVersion: number;
  }>();

  const fromVersion = from ?? Math.max(currentVersion - 1, 0);
  const toVersion = to ?? currentVersion;

  const columns: TableColumn<ConfigChangeSet>[] = [
    { title: 'Version', field: 'version', width: '80px' },
    { title: 'Kind', field: 'kind' },
    { title: 'Author', field: 'author' },
    { title: 'Message', render: c => c.message ?? '' },
    {
      title: 'Changed keys',
      render: c =>
        c.changedKeys.length > 4
          ? `${c.changedKeys.slice(0, 4).join(', ')} +${
              c.changedKeys.length - 4
            }`
          : c.changedKeys.join(', '),
    },
    {
      title: 'When',
      render: c => (
        <time dateTime={c.createdAt}>
          {new Date(c.createdAt).toLocaleString()}
        </time>
      ),
    },
    {
      title: 'Actions',
      render: c =>
        canWrite && c.version !== currentVersion ? (
          <Button
            size="small"
            onClick={() =>
              setRollback({
                fromVersion: currentVersion,
                toVersion: c.version,
              })
            }
          >
            Roll back to version {c.version}
          </Button>
        ) : null,
    },
  ];

  let body;
  if (history.loading && !history.value) {
    body = <Progress />;
  } else if (history.error) {
    body = <ResponseErrorPanel error={history.error} />;
  } else if (!history.value?.length) {
    body = (
      <EmptyState
        missing="data"
        title="No history yet"
        description="Every change to the configuration is recorded here."
      />
    );
  } else {
    const versions = history.value.map(c => c.version);
    body = (
      <>
        <Table<ConfigChangeSet>
          columns={columns}
          data={history.value}
          options={{
            search: false,
            toolbar: false,
            paging: history.value.length > 10,
            pageSize: 10,
          }}
        />
        <Box display="flex" alignItems="center" mt={2} style={{ gap: 16 }}>
          <TextField
            select
            id="config-diff-from"
            label="From version"
            value={fromVersion}
            onChange={event => setFrom(Number(event.target.value))}
            style={{ minWidth: 140 }}
          >
            <MenuItem value={0}>0 (empty)</MenuItem>
            {versions.map(v => (
              <MenuItem key={v} value={v}>
                {v}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            select
            id="config-diff-to"
            label="To version"
            value={toVersion}
            onChange={event => setTo(Number(event.target.value))}
            style={{ minWidth: 140 }}
          >
            {versions.map(v => (
              <MenuItem key={v} value={v}>
                {v}
              </MenuItem>
            ))}
          </TextField>
          <Button
            variant="outlined"
            disabled={toVersion < 1 || fromVersion === toVersion}
            onClick={() => setShown({ from: fromVersion, to: toVersion })}
          >
            Show diff
          </Button>
        </Box>
        {shown && (
          <VersionDiff
            application={application}
            from={shown.from}
            to={shown.to}
          />
        )}
      </>
    );
  }

  return (
    <InfoCard title="History">
      {body}
      {rollback && (
        <RollbackDialog
          application={application}
          currentVersion={rollback.fromVersion}
          toVersion={rollback.toVersion}
          onClose={() => setRollback(undefined)}
          onRolledBack={result => {
            setRollback(undefined);
            props.onChanged(result);
          }}
        />
      )}
    </InfoCard>
  );
}
