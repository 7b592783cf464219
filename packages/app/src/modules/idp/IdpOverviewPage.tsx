import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { Grid, Typography } from '@material-ui/core';
import {
  Environment,
  readEnvironments,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  EnvironmentChips,
  SeverityChip,
} from '@idp-platform/backstage-plugin-idp-react';

const columns: TableColumn<Environment>[] = [
  { title: 'Environment', render: e => e.title ?? e.name },
  { title: 'Cluster', field: 'cluster' },
  { title: 'Namespace', field: 'namespace' },
  { title: 'Protected', render: e => (e.protected ? 'yes' : 'no') },
  { title: 'Approvals required', field: 'requiredApprovals', type: 'numeric' },
  {
    title: 'Approvers',
    render: e => (e.approvers.length ? e.approvers.join(', ') : 'entity owner'),
  },
  {
    title: 'Highest severity admitted',
    render: e => <SeverityChip severity={e.security.maxSeverity} />,
  },
];

/** Landing page of the IDP Platform: the environments every feature uses. */
export function IdpOverviewPage() {
  const config = useApi(configApiRef);
  let environments: Environment[] | undefined;
  let error: string | undefined;
  try {
    environments = readEnvironments(config);
  } catch (e) {
    error = (e as Error).message;
  }
  return (
    <Page themeId="tool">
      <Header
        title="IDP Platform"
        subtitle="Self-service for plugins, promotions, security, policies, configuration and MCP servers"
      />
      <Content>
        <ContentHeader title="Environments" />
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <InfoCard title="Promotion order">
              {environments ? (
                <EnvironmentChips environments={environments} />
              ) : (
                <Typography color="error">{error}</Typography>
              )}
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <Table<Environment>
              title="Configured environments (idp.environments)"
              options={{ paging: false, search: false }}
              columns={columns}
              data={environments ?? []}
              emptyContent={
                <Typography style={{ padding: 16 }}>
                  {error ?? 'No environments are configured.'}
                </Typography>
              }
            />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
