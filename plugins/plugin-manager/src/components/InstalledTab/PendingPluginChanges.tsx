import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { changeRequestDecidePermission } from '@idp-platform/backstage-plugin-idp-common';
import { PendingChangeRequestsCard } from '@idp-platform/backstage-plugin-idp-react';
import { pluginManagerApiRef } from '../../api';

/**
 * Plugin changes in a protected environment waiting for approval, each with
 * Approve and Reject; the change is made when the last approval is given.
 */
export function PendingPluginChanges(props: {
  reloadKey: number;
  onDecided: () => void;
}) {
  const api = useApi(pluginManagerApiRef);
  const decide = usePermission({ permission: changeRequestDecidePermission });

  return (
    <PendingChangeRequestsCard
      title="Changes waiting for approval"
      emptyTitle="No plugin changes waiting for approval"
      emptyDescription="When this Backstage runs in a protected environment, installs and other changes wait here for approval."
      loadChangeRequests={() => api.listPendingChangeRequests()}
      api={api}
      canDecide={!decide.loading && decide.allowed}
      reloadKey={props.reloadKey}
      onDecided={props.onDecided}
      refreshButton={false}
    />
  );
}
