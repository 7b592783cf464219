import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { PendingPromotionApproval } from '@idp-platform/backstage-plugin-idp-common';
import useAsync from 'react-use/esm/useAsync';
import { promotionApiRef } from '../../api';
import { PromotionApproval } from '../PromotionApproval';
import { useCurrentUserRef } from '../useCurrentUserRef';

/** Promotions waiting for approval across the organisation, with approve and reject. */
export function PendingApprovalsCard(props: { onDecided: () => void }) {
  const api = useApi(promotionApiRef);
  const currentUser = useCurrentUserRef();
  const [reloads, setReloads] = useState(0);
  const approvals = useAsync(() => api.listApprovals(), [api, reloads]);

  const error = approvals.error ?? currentUser.error;
  if (error) {
    return (
      <InfoCard title="Waiting for approval">
        <ResponseErrorPanel error={error} />
      </InfoCard>
    );
  }
  if (!approvals.value || !currentUser.value) {
    return (
      <InfoCard title="Waiting for approval">
        <Progress />
      </InfoCard>
    );
  }
  if (approvals.value.length === 0) {
    return (
      <InfoCard title="Waiting for approval">
        <Typography variant="body2" color="textSecondary">
          Nothing waits for approval.
        </Typography>
      </InfoCard>
    );
  }

  const columns: TableColumn<PendingPromotionApproval>[] = [
    {
      title: 'Component',
      render: ({ promotion }) => (
        <EntityRefLink entityRef={promotion.entityRef} />
      ),
    },
    { title: 'Environment', render: ({ promotion }) => promotion.environment },
    {
      title: 'Artifact',
      render: ({ promotion }) => (
        <code>{promotion.artifactId.slice(0, 12)}</code>
      ),
    },
    {
      title: 'Requested',
      render: ({ promotion }) =>
        `${promotion.requestedBy}, ${new Date(
          promotion.requestedAt,
        ).toLocaleString()}`,
    },
    {
      title: 'Approvals',
      render: ({ changeRequest }) =>
        `${changeRequest.approvals} of ${changeRequest.requiredApprovals}`,
    },
    {
      title: 'Expires',
      render: ({ changeRequest }) =>
        new Date(changeRequest.expiresAt).toLocaleString(),
    },
    {
      title: 'Decision',
      render: ({ promotion }) => (
        <PromotionApproval
          promotion={promotion}
          currentUserRef={currentUser.value!}
          onDecided={() => {
            setReloads(count => count + 1);
            props.onDecided();
          }}
        />
      ),
    },
  ];

  return (
    <Table<PendingPromotionApproval>
      title="Waiting for approval"
      columns={columns}
      data={approvals.value}
      options={{ search: false, paging: false, padding: 'dense' }}
    />
  );
}
