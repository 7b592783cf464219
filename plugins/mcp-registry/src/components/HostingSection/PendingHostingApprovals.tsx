import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  ChangeRequest,
  Environment,
} from '@idp-platform/backstage-plugin-idp-common';
import { ChangeRequestApprovalList } from '@idp-platform/backstage-plugin-idp-react';
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

  return (
    <Box mt={2}>
      <Typography variant="h6">Hosting changes waiting for approval</Typography>
      {/* The backend checks the decide permission; a refusal is shown by the panel. */}
      <ChangeRequestApprovalList
        changeRequests={props.changeRequests}
        environments={props.environments}
        api={api}
        onDecided={props.onDecided}
      />
    </Box>
  );
}
