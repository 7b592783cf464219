import { Content, ContentHeader } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { ConfigApplicationsTable } from './ConfigApplicationsTable';
import { PendingConfigChangeRequests } from './PendingConfigChangeRequests';

/** Content of the Configuration page: the configurations and the changes waiting for approval. */
export function ConfigContent() {
  return (
    <Content>
      <ContentHeader title="Application configuration" />
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <ConfigApplicationsTable />
        </Grid>
        <Grid item xs={12}>
          <PendingConfigChangeRequests />
        </Grid>
      </Grid>
    </Content>
  );
}
