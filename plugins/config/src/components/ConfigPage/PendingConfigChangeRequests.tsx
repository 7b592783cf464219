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
import { changeRequestDecidePermission } from '@idp-platform/backstage-plugin-idp-common';
import {
  ApprovalPanel,
  describeBackendError,
  useEnvironments,
} from '@idp-platform/backstage-plugin-idp-react';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { configManagerApiRef } from '../../api';

/**
 * Configuration changes to protected environments waiting for approval,
 * across applications, each with Approve and Reject.
 */
export function PendingConfigChangeRequests() {
  const api = useApi(configManagerApiRef);
  const identityApi = useApi(identityApiRef);
  const requests = useAsyncRetry(() => api.listPendingChangeRequests(), [api]);
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const decide = usePermission({ permission: changeRequestDecidePermission });
  const { environments } = useEnvironments();

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
        title="No configuration changes waiting for approval"
        description="Changes to protected environments show up here until they are approved or rejected."
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
          }}
        />
      </Box>
    ));
  }

  return (
    <InfoCard
      title="Changes waiting for approval"
      action={<Button onClick={requests.retry}>Refresh</Button>}
    >
      {body}
    </InfoCard>
  );
}
