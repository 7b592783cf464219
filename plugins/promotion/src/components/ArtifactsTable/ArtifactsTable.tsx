import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ArtifactWithFacts } from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';
import useAsync from 'react-use/esm/useAsync';
import { promotionApiRef } from '../../api';
import { shortDigest } from '../formatArtifact';

const columns: TableColumn<ArtifactWithFacts>[] = [
  { title: 'Tag', field: 'tag' },
  {
    title: 'Digest',
    render: artifact => <code>{shortDigest(artifact.digest)}</code>,
  },
  {
    title: 'Commit',
    render: artifact => <code>{artifact.commit.slice(0, 12)}</code>,
  },
  {
    title: 'Runs in',
    render: artifact =>
      Object.keys(artifact.facts.currentlyIn).join(', ') || '—',
  },
  {
    title: 'Verified in',
    render: artifact => {
      const environments = Object.keys(artifact.facts.verifiedIn);
      return environments.length === 0 ? (
        '—'
      ) : (
        <Box display="flex" flexWrap="wrap" gridGap={4}>
          {environments.map(environment => (
            <StatusChip
              key={environment}
              status="verified"
              label={environment}
            />
          ))}
        </Box>
      );
    },
  },
  {
    title: 'Signed',
    render: artifact => (artifact.signed ? 'yes' : 'no'),
  },
  {
    title: 'Registered',
    render: artifact => (
      <Typography variant="body2">
        {new Date(artifact.createdAt).toLocaleString()}
        {artifact.createdBy && ` by ${artifact.createdBy}`}
      </Typography>
    ),
  },
];

/** A component's registered artifacts, newest first, paged on the server. */
export function ArtifactsTable(props: {
  entityRef: string;
  /** Changes when the artifacts should be read again. */
  refreshKey: number;
}) {
  const api = useApi(promotionApiRef);
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(10);
  const artifacts = useAsync(
    () =>
      api.listArtifacts({
        entityRef: props.entityRef,
        limit: pageSize,
        offset: page * pageSize,
      }),
    [api, props.entityRef, page, pageSize, props.refreshKey],
  );

  if (artifacts.error) return <ResponseErrorPanel error={artifacts.error} />;
  return (
    <Table<ArtifactWithFacts>
      title="Artifacts"
      columns={columns}
      data={artifacts.value?.items ?? []}
      isLoading={artifacts.loading}
      page={page}
      totalCount={artifacts.value?.totalCount ?? 0}
      onPageChange={setPage}
      onRowsPerPageChange={size => {
        setPageSize(size);
        setPage(0);
      }}
      options={{
        search: false,
        paging: true,
        pageSize,
        pageSizeOptions: [10, 25, 50],
        padding: 'dense',
      }}
      emptyContent={
        <Box p={2}>
          <Typography variant="body2">No artifacts registered.</Typography>
        </Box>
      }
    />
  );
}
