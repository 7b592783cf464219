import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import { changeRequestDecidePermission } from '@idp-platform/backstage-plugin-idp-common';
import {
  ApprovalPanel,
  describeBackendError,
  useEnvironments,
} from '@idp-platform/backstage-plugin-idp-react';
import useAsync from 'react-use/esm/useAsync';
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
  const identityApi = useApi(identityApiRef);
  const requests = useAsync(
    () => api.listPendingChangeRequests(),
    [api, props.reloadKey],
  );
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const decide = usePermission({ permission: changeRequestDecidePermission });
  const { environments } = useEnvironments();

  let body;
  if (requests.error) {
    body = <ResponseErrorPanel error={requests.error} />;
  } else if (identity.error) {
    body = <ResponseErrorPanel error={identity.error} />;
  } else if (!requests.value || !identity.value) {
    body = <Progress />;
  } else if (!requests.value.length) {
    body = (
      <EmptyState
        missing="data"
        title="No plugin changes waiting for approval"
        description="When this Backstage runs in a protected environment, installs and other changes wait here for approval."
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
            props.onDecided();
          }}
        />
      </Box>
    ));
  }

  return <InfoCard title="Changes waiting for approval">{body}</InfoCard>;
}
