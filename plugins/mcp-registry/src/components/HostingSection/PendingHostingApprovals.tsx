import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ChangeRequest,
  Environment,
  changeRequestDecidePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  ApprovalPanel,
  describeBackendError,
} from '@idp-platform/backstage-plugin-idp-react';
import useAsync from 'react-use/esm/useAsync';
import { mcpRegistryApiRef } from '../../api';

/**
 * Hosting changes of a server waiting for approval in protected
 * environments, each with its approval panel.
 */
export function PendingHostingApprovals(props: {
  changeRequests: ChangeRequest[];
  environments: Environment[];
  onDecided: () => void;
}) {
  const api = useApi(mcpRegistryApiRef);
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );

  if (identity.loading) return <Progress />;
  if (identity.error) return <ResponseErrorPanel error={identity.error} />;

  return (
    <Box mt={2}>
      <Typography variant="h6">Hosting changes waiting for approval</Typography>
      {props.changeRequests.map(request => (
        <Box key={request.id} mt={1}>
          <ApprovalPanel
            changeRequest={request}
            currentUserRef={identity.value!.userEntityRef}
            // The backend checks the decide permission; a refusal is shown by the panel.
            canDecide
            environment={props.environments.find(
              e => e.name === request.environment,
            )}
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
      ))}
    </Box>
  );
}
