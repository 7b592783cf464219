import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Environment,
  changeRequestDecidePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { PendingChangeRequestsCard } from '@idp-platform/backstage-plugin-idp-react';
import { policyApiRef } from '../../api';

/** Props of {@link PendingPolicyChangeRequests}. */
export interface PendingPolicyChangeRequestsProps {
  environments: Environment[];
  /** Changes when an apply may have opened or closed a request. */
  reloadKey: number;
  onDecided: () => void;
}

/** Policy applies to protected environments waiting for approval, each with Approve and Reject. */
export function PendingPolicyChangeRequests(
  props: PendingPolicyChangeRequestsProps,
) {
  const api = useApi(policyApiRef);
  const decide = usePermission({ permission: changeRequestDecidePermission });

  return (
    <PendingChangeRequestsCard
      title="Applies waiting for approval"
      emptyTitle="No policy applies waiting for approval"
      emptyDescription="Applies to protected environments show up here until they are approved or rejected."
      loadChangeRequests={() => api.listChangeRequests({ state: 'pending' })}
      api={api}
      canDecide={!decide.loading && decide.allowed}
      environments={props.environments}
      reloadKey={props.reloadKey}
      onDecided={props.onDecided}
    />
  );
}
