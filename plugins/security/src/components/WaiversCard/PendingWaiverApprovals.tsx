import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ChangeRequest,
  changeRequestDecidePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  ApprovalPanel,
  describeBackendError,
  useEnvironments,
} from '@idp-platform/backstage-plugin-idp-react';
import useAsync from 'react-use/esm/useAsync';
import { securityApiRef } from '../../api';

/** Waiver change requests of an entity that wait for approval, one panel each. */
export function PendingWaiverApprovals(props: {
  changeRequests: ChangeRequest[];
  onDecided: () => void;
}) {
  const api = useApi(securityApiRef);
  const identityApi = useApi(identityApiRef);
  // Without environments the panels still work, only without chips.
  const { environments } = useEnvironments();
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );

  if (identity.loading) return <Progress />;
  if (identity.error) return <ResponseErrorPanel error={identity.error} />;

  return (
    <Box mt={2}>
      <Typography variant="h6" component="h3">
        Waivers waiting for approval
      </Typography>
      {props.changeRequests.map(request => (
        <Box key={request.id} mt={1}>
          <ApprovalPanel
            changeRequest={request}
            currentUserRef={identity.value!.userEntityRef}
            // The backend checks the decide permission; the panel shows a refusal.
            canDecide
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
      ))}
    </Box>
  );
}
