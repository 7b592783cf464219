import { EmptyState } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { PolicySummary } from '@idp-platform/backstage-plugin-idp-common';

/** Where each version is applied, e.g. `development v2, production v1 (pending)`. */
function describeEnvironments(policy: PolicySummary) {
  const parts = policy.environments
    .filter(e => e.appliedVersion || e.pendingChangeRequestId)
    .map(e => {
      const applied = e.appliedVersion ? ` v${e.appliedVersion}` : '';
      const pending = e.pendingChangeRequestId ? ' (approval pending)' : '';
      return `${e.environment}${applied}${pending}`;
    });
  return parts.length ? parts.join(', ') : 'not applied';
}

/** The stored policies; a row opens its policy in the workbench. */
export function PoliciesTable(props: {
  policies: PolicySummary[];
  selected?: string;
  onOpen: (name: string) => void;
}) {
  const { policies, selected, onOpen } = props;
  if (!policies.length) {
    return (
      <EmptyState
        missing="content"
        title="No policies yet"
        description="Select a service on the map, or start a new policy, to say what it may call."
      />
    );
  }
  return (
    <Table size="small" aria-label="Policies">
      <TableHead>
        <TableRow>
          <TableCell>Policy</TableCell>
          <TableCell>Source service</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>Applied</TableCell>
          <TableCell>Updated</TableCell>
          <TableCell />
        </TableRow>
      </TableHead>
      <TableBody>
        {policies.map(policy => (
          <TableRow key={policy.name} selected={policy.name === selected}>
            <TableCell>
              {policy.name}
              {policy.description && (
                <Typography variant="caption" display="block">
                  {policy.description}
                </Typography>
              )}
            </TableCell>
            <TableCell>{policy.source}</TableCell>
            <TableCell>{policy.version}</TableCell>
            <TableCell>{describeEnvironments(policy)}</TableCell>
            <TableCell>
              <time dateTime={policy.updatedAt}>
                {new Date(policy.updatedAt).toLocaleString()}
              </time>{' '}
              by {policy.updatedBy}
            </TableCell>
            <TableCell>
              <Button
                size="small"
                onClick={() => onOpen(policy.name)}
                aria-label={`Open policy ${policy.name}`}
              >
                Open
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
