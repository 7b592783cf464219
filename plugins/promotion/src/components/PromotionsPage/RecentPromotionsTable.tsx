import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  PROMOTION_STATES,
  Promotion,
  PromotionState,
} from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';
import useAsync from 'react-use/esm/useAsync';
import { promotionApiRef } from '../../api';

const columns: TableColumn<Promotion>[] = [
  {
    title: 'Component',
    render: promotion => <EntityRefLink entityRef={promotion.entityRef} />,
  },
  { title: 'Environment', field: 'environment' },
  { title: 'Kind', field: 'kind' },
  {
    title: 'State',
    render: promotion => <StatusChip status={promotion.state} />,
  },
  {
    title: 'Artifact',
    render: promotion => <code>{promotion.artifactId.slice(0, 12)}</code>,
  },
  { title: 'Requested by', field: 'requestedBy' },
  {
    title: 'Requested',
    render: promotion => new Date(promotion.requestedAt).toLocaleString(),
  },
  { title: 'Message', render: promotion => promotion.message ?? '' },
];

/** The most recent promotions across the organisation, filtered by state and paged on the server. */
export function RecentPromotionsTable(props: { refreshKey: number }) {
  const api = useApi(promotionApiRef);
  const [state, setState] = useState<PromotionState | ''>('');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(25);
  const promotions = useAsync(
    () =>
      api.listPromotions({
        state: state || undefined,
        limit: pageSize,
        offset: page * pageSize,
      }),
    [api, state, page, pageSize, props.refreshKey],
  );

  return (
    <Box component="section" aria-label="Recent promotions">
      <TextField
        select
        id="promotion-state-filter"
        label="State"
        value={state}
        onChange={event => {
          setState(event.target.value as PromotionState | '');
          setPage(0);
        }}
        variant="outlined"
        size="small"
        style={{ minWidth: 220, marginBottom: 16 }}
      >
        <MenuItem value="">All states</MenuItem>
        {PROMOTION_STATES.map(value => (
          <MenuItem key={value} value={value}>
            {value}
          </MenuItem>
        ))}
      </TextField>
      {promotions.error ? (
        <ResponseErrorPanel error={promotions.error} />
      ) : (
        <Table<Promotion>
          title="Recent promotions"
          columns={columns}
          data={promotions.value?.items ?? []}
          isLoading={promotions.loading}
          page={page}
          totalCount={promotions.value?.totalCount ?? 0}
          onPageChange={setPage}
          onRowsPerPageChange={size => {
            setPageSize(size);
            setPage(0);
          }}
          options={{
            search: false,
            paging: true,
            pageSize,
            pageSizeOptions: [10, 25, 50, 100],
            padding: 'dense',
          }}
          emptyContent={
            <Box p={2}>
              <Typography variant="body2">
                {state ? `No promotions are ${state}.` : 'No promotions yet.'}
              </Typography>
            </Box>
          }
        />
      )}
    </Box>
  );
}
