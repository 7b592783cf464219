import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { changeRequestDecidePermission } from '@idp-platform/backstage-plugin-idp-common';
import { PendingChangeRequestsCard } from '@idp-platform/backstage-plugin-idp-react';
import { configManagerApiRef } from '../../api';

/**
 * Configuration changes to protected environments waiting for approval,
 * across applications, each with Approve and Reject.
 */
export function PendingConfigChangeRequests() {
  const api = useApi(configManagerApiRef);
  const decide = usePermission({ permission: changeRequestDecidePermission });

  return (
    <PendingChangeRequestsCard
      title="Changes waiting for approval"
      emptyTitle="No configuration changes waiting for approval"
      emptyDescription="Changes to protected environments show up here until they are approved or rejected."
      loadChangeRequests={() => api.listPendingChangeRequests()}
      api={api}
      canDecide={!decide.loading && decide.allowed}
    />
  );
}
