import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { changeRequestDecidePermission } from '@idp-platform/backstage-plugin-idp-common';
import {
  ApprovalPanel,
  describeBackendError,
  useEnvironments,
} from '@idp-platform/backstage-plugin-idp-react';
import useAsync from 'react-use/esm/useAsync';
import { promotionApiRef } from '../../api';

/**
 * A promotion's change request in the shared approval panel, with the
 * backend's refusal (a 403 names the permission) shown in words.
 */
export function ChangeRequestReview(props: {
  changeRequestId: string;
  environment: string;
  currentUserRef: string;
  onDecided: () => void;
}) {
  const api = useApi(promotionApiRef);
  const { environments } = useEnvironments();
  const decide = usePermission({ permission: changeRequestDecidePermission });
  const [reloads, setReloads] = useState(0);
  const request = useAsync(
    () => api.getChangeRequest(props.changeRequestId),
    [api, props.changeRequestId, reloads],
  );
  if (request.loading && !request.value) return <Progress />;
  if (request.error) return <ResponseErrorPanel error={request.error} />;
  return (
    <ApprovalPanel
      changeRequest={request.value!}
      currentUserRef={props.currentUserRef}
      // Until the permission is known, let the backend decide and show its 403.
      canDecide={decide.loading || decide.allowed}
      environment={environments.find(e => e.name === props.environment)}
      onDecide={async (decision, comment) => {
        try {
          await api.decideChangeRequest(
            props.changeRequestId,
            decision,
            comment,
          );
        } catch (error) {
          throw new Error(
            describeBackendError(error as Error, {
              permission: changeRequestDecidePermission,
            }),
          );
        }
        setReloads(count => count + 1);
        props.onDecided();
      }}
    />
  );
}
