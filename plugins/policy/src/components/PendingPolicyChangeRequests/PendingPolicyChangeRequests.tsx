import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import {
  Environment,
  changeRequestDecidePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  ApprovalPanel,
  describeBackendError,
} from '@idp-platform/backstage-plugin-idp-react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
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
  const { environments, reloadKey, onDecided } = props;
  const api = useApi(policyApiRef);
  const identityApi = useApi(identityApiRef);
  const requests = useAsyncRetry(
    () => api.listChangeRequests({ state: 'pending' }),
    [api, reloadKey],
  );
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const decide = usePermission({ permission: changeRequestDecidePermission });

  let body;
  if ((requests.loading && !requests.value) || identity.loading) {
    body = <Progress />;
  } else if (requests.error) {
    body = <ResponseErrorPanel error={requests.error} />;
  } else if (identity.error) {
    body = <ResponseErrorPanel error={identity.error} />;
  } else if (!requests.value?.length) {
    body = (
      <EmptyState
        missing="data"
        title="No policy applies waiting for approval"
        description="Applies to protected environments show up here until they are approved or rejected."
      />
    );
  } else {
    body = requests.value.map(request => (
      <Box key={request.id} mb={2}>
        <ApprovalPanel
          changeRequest={request}
          currentUserRef={identity.value!.userEntityRef}
          canDecide={!decide.loading && decide.allowed}
          environment={environments.find(e => e.name === request.environment)}
          onDecide={async (decision, comment) => {
            try {
              await api.decideChangeRequest(request.id, decision, comment);
            } catch (error) {
              throw new Error(
                describeBackendError(error as Error, {
                  permission: changeRequestDecidePermission,
                }),
              );
            }
            requests.retry();
            onDecided();
          }}
        />
      </Box>
    ));
  }

  return (
    <InfoCard
      title="Applies waiting for approval"
      action={<Button onClick={requests.retry}>Refresh</Button>}
    >
      {body}
    </InfoCard>
  );
}
