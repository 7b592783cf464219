import {
  InfoCard,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import {
  SecurityWaiver,
  changeRequestReadPermission,
  securityReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';
import useAsync from 'react-use/esm/useAsync';
import { securityApiRef } from '../../api';
import { SecurityErrorPanel } from '../SecurityErrorPanel';
import { PendingWaiverApprovals } from './PendingWaiverApprovals';

const columns: TableColumn<SecurityWaiver>[] = [
  {
    title: 'Vulnerability',
    render: w => (
      <>
        <strong>{w.vulnerabilityId}</strong>
        {w.packageName ? (
          <>
            {' '}
            in <code>{w.packageName}</code>
          </>
        ) : (
          ' in every package'
        )}
      </>
    ),
  },
  { title: 'State', render: w => <StatusChip status={w.state} /> },
  {
    title: 'Expires',
    render: w => (
      <time dateTime={w.expiresAt}>
        {new Date(w.expiresAt).toLocaleDateString()}
      </time>
    ),
  },
  { title: 'Requested by', field: 'requestedBy' },
  { title: 'Approved by', render: w => w.approvedBy.join(', ') },
  { title: 'Justification', field: 'justification' },
  { title: 'Change request', render: w => <code>{w.changeRequestId}</code> },
];

/**
 * The entity's waivers (active, expired, pending) and the waiver change
 * requests waiting for approval. Reloads when `reloadToken` changes.
 */
export function WaiversCard(props: {
  entityRef: string;
  reloadToken: number;
  onDecided: () => void;
}) {
  const { entityRef, reloadToken } = props;
  const api = useApi(securityApiRef);
  const waivers = useAsync(
    () => api.listWaivers(entityRef),
    [api, entityRef, reloadToken],
  );
  const pending = useAsync(
    async () =>
      (await api.listPendingChangeRequests()).filter(
        request => request.entityRef === entityRef,
      ),
    [api, entityRef, reloadToken],
  );

  let body;
  if (waivers.loading && !waivers.value) {
    body = <Progress />;
  } else if (waivers.error) {
    body = (
      <SecurityErrorPanel
        error={waivers.error}
        permission={securityReadPermission}
      />
    );
  } else if (!waivers.value?.length) {
    body = (
      <Typography variant="body2" color="textSecondary">
        No waivers. Request one from a finding when its risk is accepted for a
        while.
      </Typography>
    );
  } else {
    body = (
      <Table<SecurityWaiver>
        columns={columns}
        data={waivers.value}
        options={{
          search: false,
          toolbar: false,
          paging: false,
          padding: 'dense',
        }}
      />
    );
  }

  return (
    <InfoCard title="Waivers">
      {body}
      {pending.error && (
        <SecurityErrorPanel
          error={pending.error}
          permission={changeRequestReadPermission}
        />
      )}
      {!!pending.value?.length && (
        <PendingWaiverApprovals
          changeRequests={pending.value}
          onDecided={props.onDecided}
        />
      )}
    </InfoCard>
  );
}
