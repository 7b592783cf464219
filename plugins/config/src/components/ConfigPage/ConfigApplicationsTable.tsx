import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ConfigApplicationSummary } from '@idp-platform/backstage-plugin-idp-common';
import useAsync from 'react-use/esm/useAsync';
import { configManagerApiRef } from '../../api';

const PAGE_SIZE = 20;

const columns: TableColumn<ConfigApplicationSummary>[] = [
  { title: 'Configuration', field: 'name' },
  {
    title: 'Entity',
    render: a => <EntityRefLink entityRef={a.entityRef} />,
  },
  { title: 'Version', field: 'version', width: '90px' },
  { title: 'Changed by', field: 'updatedBy' },
  {
    title: 'Changed',
    render: a => (
      <time dateTime={a.updatedAt}>
        {new Date(a.updatedAt).toLocaleString()}
      </time>
    ),
  },
];

/** The configurations the user may read, each linking to its entity's Configuration tab. */
export function ConfigApplicationsTable() {
  const api = useApi(configManagerApiRef);
  const state = useAsync(() => api.listApplications(), [api]);

  if (state.loading) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  if (!state.value?.length) {
    return (
      <EmptyState
        missing="data"
        title="No configurations yet"
        description="Annotate an entity with idp-platform/config-name and import its ApplicationConfiguration."
      />
    );
  }
  return (
    <Table<ConfigApplicationSummary>
      title={`Configurations (${state.value.length})`}
      columns={columns}
      data={state.value}
      options={{
        search: true,
        paging: state.value.length > PAGE_SIZE,
        pageSize: PAGE_SIZE,
      }}
    />
  );
}
