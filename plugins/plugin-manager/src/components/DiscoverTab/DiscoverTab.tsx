import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import SearchIcon from '@material-ui/icons/Search';
import Alert from '@material-ui/lab/Alert';
import {
  PLUGIN_KINDS,
  PluginKind,
  pluginManagerInstallPermission,
  pluginManagerReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  describeBackendError,
  isNotAllowedError,
} from '@idp-platform/backstage-plugin-idp-react';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import useDebounce from 'react-use/esm/useDebounce';
import { pluginManagerApiRef } from '../../api';
import { PluginDetailsDrawer } from '../PluginDetails';
import { FacetSelection, SearchFacets } from './SearchFacets';
import { SearchResultsTable } from './SearchResultsTable';

const SEARCH_DELAY_MS = 300;

const asKind = (value?: string): PluginKind | undefined =>
  PLUGIN_KINDS.find(kind => kind === value);

/** Props of {@link DiscoverTab}. */
export interface DiscoverTabProps {
  canInstall: boolean;
  /** Changes whenever the installed state may have changed. */
  reloadKey: number;
  onChanged: () => void;
}

/**
 * Search of the registries' cached plugin metadata by text, with facets and
 * paging on the server, and the details of a plugin in a drawer.
 */
export function DiscoverTab(props: DiscoverTabProps) {
  const { canInstall, reloadKey } = props;
  const api = useApi(pluginManagerApiRef);
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [facets, setFacets] = useState<FacetSelection>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [opened, setOpened] = useState<string>();
  const [registry, setRegistry] = useState('');
  const registries = useAsync(() => api.listRegistries(), [api]);
  const [refreshed, refresh] = useAsyncFn(() => api.refresh(), [api]);

  useDebounce(
    () => {
      const next = text.trim();
      if (next === query) return;
      setQuery(next);
      setPage(1);
    },
    SEARCH_DELAY_MS,
    [text],
  );

  const search = useAsync(
    () =>
      api.search({
        q: query || undefined,
        role: facets.role,
        author: facets.author,
        keyword: facets.keyword,
        kind: asKind(facets.kind),
        registry: registry || undefined,
        page,
        pageSize,
      }),
    [api, query, facets, registry, page, pageSize, reloadKey, refreshed.value],
  );

  let body;
  if (search.error) {
    body = isNotAllowedError(search.error) ? (
      <Alert severity="warning">
        {describeBackendError(search.error, {
          permission: pluginManagerReadPermission,
        })}
      </Alert>
    ) : (
      <ResponseErrorPanel error={search.error} />
    );
  } else if (!search.value) {
    body = <Progress />;
  } else if (search.value.total === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No plugins match"
        description="Try other words or clear a facet. Plugins come from the configured npm registries; the metadata is cached and refreshed on a schedule."
      />
    );
  } else {
    body = (
      <>
        {search.loading && <Progress />}
        <SearchResultsTable
          result={search.value}
          onOpen={setOpened}
          onPageChange={setPage}
          onPageSizeChange={size => {
            setPageSize(size);
            setPage(1);
          }}
        />
      </>
    );
  }

  return (
    <InfoCard title="Discover plugins">
      <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
        <TextField
          id="plugin-search-text"
          label="Search plugins"
          placeholder="Name, description or keyword"
          value={text}
          onChange={event => setText(event.target.value)}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon />
              </InputAdornment>
            ),
          }}
          fullWidth
        />
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          style={{ gap: 16 }}
        >
          {(registries.value?.length ?? 0) > 1 && (
            <TextField
              select
              id="plugin-search-registry"
              label="Registry"
              value={registry}
              onChange={event => {
                setRegistry(event.target.value);
                setPage(1);
              }}
              style={{ minWidth: 180 }}
            >
              <MenuItem value="">All registries</MenuItem>
              {registries.value!.map(r => (
                <MenuItem key={r.name} value={r.name}>
                  {r.name}
                </MenuItem>
              ))}
            </TextField>
          )}
          <SearchFacets
            facets={search.value?.facets}
            selection={facets}
            onChange={selection => {
              setFacets(selection);
              setPage(1);
            }}
          />
          {canInstall && (
            <Button
              variant="outlined"
              disabled={refreshed.loading}
              onClick={refresh}
            >
              Refresh metadata
            </Button>
          )}
        </Box>
        {refreshed.error && (
          <Alert severity="error">
            The refresh failed:{' '}
            {describeBackendError(refreshed.error, {
              permission: pluginManagerInstallPermission,
            })}
          </Alert>
        )}
        {search.value && !search.error && (
          <Typography variant="body2" color="textSecondary">
            {search.value.total}{' '}
            {search.value.total === 1 ? 'plugin' : 'plugins'} found
            {search.value.refreshedAt &&
              `; metadata refreshed ${new Date(
                search.value.refreshedAt,
              ).toLocaleString()}`}
          </Typography>
        )}
        {body}
      </Box>
      {opened && (
        <PluginDetailsDrawer
          name={opened}
          canInstall={canInstall}
          reloadKey={reloadKey}
          onClose={() => setOpened(undefined)}
          onChanged={props.onChanged}
        />
      )}
    </InfoCard>
  );
}
