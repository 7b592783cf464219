import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { securityReadPermission } from '@idp-platform/backstage-plugin-idp-common';
import useAsync from 'react-use/esm/useAsync';
import { securityApiRef } from '../../api';
import { SecurityErrorPanel } from '../SecurityErrorPanel';
import { SeverityCounts } from '../SeverityCounts';

/** Open findings of the artifact per severity. */
export function OpenFindingsCard(props: {
  entityRef: string;
  artifactDigest?: string;
  reloadToken: number;
}) {
  const { entityRef, artifactDigest, reloadToken } = props;
  const api = useApi(securityApiRef);
  const counts = useAsync(
    () => api.getSeverityCounts(entityRef, artifactDigest),
    [api, entityRef, artifactDigest, reloadToken],
  );
  let body;
  if (counts.loading && !counts.value) body = <Progress />;
  else if (counts.error)
    body = (
      <SecurityErrorPanel
        error={counts.error}
        permission={securityReadPermission}
      />
    );
  else if (counts.value)
    body = <SeverityCounts counts={counts.value} size="medium" />;
  return <InfoCard title="Open findings">{body}</InfoCard>;
}
