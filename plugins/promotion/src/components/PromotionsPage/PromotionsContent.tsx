import { useState } from 'react';
import { Content, ContentHeader } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import { PendingApprovalsCard } from './PendingApprovalsCard';
import { RecentPromotionsTable } from './RecentPromotionsTable';

/** What waits for approval across the organisation, and the recent promotions. */
export function PromotionsContent() {
  const [refreshKey, setRefreshKey] = useState(0);
  return (
    <Content>
      <ContentHeader title="Promotions across the organisation" />
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <PendingApprovalsCard
            onDecided={() => setRefreshKey(key => key + 1)}
          />
        </Grid>
        <Grid item xs={12}>
          <RecentPromotionsTable refreshKey={refreshKey} />
        </Grid>
      </Grid>
    </Content>
  );
}
