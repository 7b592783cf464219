import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import {
  ChangeRequest,
  Environment,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  ChangeRequestApprovalList,
  ChangeRequestDecisionApi,
} from './ChangeRequestApprovalList';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/**
 * Props of {@link PendingChangeRequestsCard}.
 *
 * @public
 */
export interface PendingChangeRequestsCardProps {
  title: string;
  /** Shown when nothing waits for approval. */
  emptyTitle: string;
  emptyDescription: string;
  /** Loads the change requests that wait for approval. */
  loadChangeRequests: () => Promise<ChangeRequest[]>;
  /** The owning plugin's API, which records the decisions. */
  api: ChangeRequestDecisionApi;
  /** Called after a decision was recorded and the list reloaded. */
  onDecided?: () => void;
  /** Whether the signed-in user may decide, see {@link ChangeRequestApprovalListProps}. */
  canDecide?: boolean;
  /** The environments for the chips; `idp.environments` when not given. */
  environments?: Environment[];
  /** The list loads again whenever this changes, for example after an apply. */
  reloadKey?: unknown;
  /** Whether the card offers a Refresh button; it does by default. */
  refreshButton?: boolean;
}

/**
 * A card of the change requests waiting for approval, each with Approve and
 * Reject, that reloads after every decision.
 *
 * @public
 */
export function PendingChangeRequestsCard(
  props: PendingChangeRequestsCardProps,
) {
  const { loadChangeRequests, reloadKey, onDecided } = props;
  const requests = useAsyncRetry(loadChangeRequests, [reloadKey]);

  let body;
  if (requests.loading && !requests.value) {
    body = <Progress />;
  } else if (requests.error) {
    body = <ResponseErrorPanel error={requests.error} />;
  } else if (!requests.value?.length) {
    body = (
      <EmptyState
        missing="data"
        title={props.emptyTitle}
        description={props.emptyDescription}
      />
    );
  } else {
    body = (
      <ChangeRequestApprovalList
        changeRequests={requests.value}
        api={props.api}
        canDecide={props.canDecide}
        environments={props.environments}
        onDecided={() => {
          requests.retry();
          onDecided?.();
        }}
      />
    );
  }

  return (
    <InfoCard
      title={props.title}
      action={
        props.refreshButton === false ? undefined : (
          <Button onClick={requests.retry}>Refresh</Button>
        )
      }
    >
      {body}
    </InfoCard>
  );
}
