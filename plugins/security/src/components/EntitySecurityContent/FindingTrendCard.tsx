import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { securityReadPermission } from '@idp-platform/backstage-plugin-idp-common';
import useAsync from 'react-use/esm/useAsync';
import { securityApiRef } from '../../api';
import { FindingTrendChart } from '../FindingTrendChart';
import { SecurityErrorPanel } from '../SecurityErrorPanel';

const DAYS = 30;

/**
 * Open findings per day over the last 30 days, of one entity or, without
 * `entityRef`, of the whole organisation.
 */
export function FindingTrendCard(props: {
  entityRef?: string;
  reloadToken?: number;
}) {
  const { entityRef, reloadToken } = props;
  const api = useApi(securityApiRef);
  const trend = useAsync(
    () => api.getTrend(entityRef, DAYS),
    [api, entityRef, reloadToken],
  );
  let body;
  if (trend.loading && !trend.value) body = <Progress />;
  else if (trend.error)
    body = (
      <SecurityErrorPanel
        error={trend.error}
        permission={securityReadPermission}
      />
    );
  else if (trend.value)
    body = (
      <FindingTrendChart
        points={trend.value}
        title={`Open findings over ${DAYS} days`}
      />
    );
  return <InfoCard title={`Trend (${DAYS} days)`}>{body}</InfoCard>;
}
