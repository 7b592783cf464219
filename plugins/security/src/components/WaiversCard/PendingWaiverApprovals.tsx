import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ChangeRequest } from '@idp-platform/backstage-plugin-idp-common';
import { ChangeRequestApprovalList } from '@idp-platform/backstage-plugin-idp-react';
import { securityApiRef } from '../../api';

/** Waiver change requests of an entity that wait for approval, one panel each. */
export function PendingWaiverApprovals(props: {
  changeRequests: ChangeRequest[];
  onDecided: () => void;
}) {
  const api = useApi(securityApiRef);

  return (
    <Box mt={2}>
      <Typography variant="h6" component="h3">
        Waivers waiting for approval
      </Typography>
      {/* The backend checks the decide permission; the panel shows a refusal. */}
      <ChangeRequestApprovalList
        changeRequests={props.changeRequests}
        api={api}
        onDecided={props.onDecided}
      />
    </Box>
  );
}
