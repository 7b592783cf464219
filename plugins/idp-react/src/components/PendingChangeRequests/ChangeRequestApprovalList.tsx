import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import {
  ChangeRequest,
  ChangeRequestDecision,
  Environment,
  changeRequestDecidePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { useEnvironments } from '../../environments';
import { describeBackendError } from '../../errors';
import { ApprovalPanel } from '../ApprovalPanel';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/**
 * The part of a plugin's API that records a decision on its change requests.
 *
 * @public
 */
export interface ChangeRequestDecisionApi {
  decideChangeRequest(
    id: string,
    decision: ChangeRequestDecision['decision'],
    comment?: string,
  ): Promise<unknown>;
}

/**
 * Props of {@link ChangeRequestApprovalList}.
 *
 * @public
 */
export interface ChangeRequestApprovalListProps {
  changeRequests: ChangeRequest[];
  /** The owning plugin's API, which records the decisions. */
  api: ChangeRequestDecisionApi;
  /** Called after a decision was recorded. */
  onDecided?: () => void;
  /**
   * Whether the signed-in user may decide; by default the buttons are
   * enabled and a refusal of the backend is shown by the panel.
   */
  canDecide?: boolean;
  /** The environments for the chips; `idp.environments` when not given. */
  environments?: Environment[];
}

/**
 * One {@link ApprovalPanel} per change request, for the signed-in user, with
 * a failed decision described for the user (a missing permission by name).
 *
 * @public
 */
export function ChangeRequestApprovalList(
  props: ChangeRequestApprovalListProps,
) {
  const { changeRequests, api, onDecided, canDecide = true } = props;
  const identityApi = useApi(identityApiRef);
  const identity = useAsyncRetry(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const configured = useEnvironments();
  const environments = props.environments ?? configured.environments;

  if (identity.error) return <ResponseErrorPanel error={identity.error} />;
  if (!identity.value) return <Progress />;
  const currentUserRef = identity.value.userEntityRef;

  return (
    <>
      {changeRequests.map(request => (
        <Box key={request.id} mt={1}>
          <ApprovalPanel
            changeRequest={request}
            currentUserRef={currentUserRef}
            canDecide={canDecide}
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
              onDecided?.();
            }}
          />
        </Box>
      ))}
    </>
  );
}
