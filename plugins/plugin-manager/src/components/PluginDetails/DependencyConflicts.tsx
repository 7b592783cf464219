import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { DependencyConflict } from '@idp-platform/backstage-plugin-idp-common';

/**
 * The candidate's dependency ranges that what is installed does not satisfy,
 * each with the version of the candidate that would resolve it.
 */
export function DependencyConflicts(props: {
  conflicts: DependencyConflict[];
  /** Chooses the proposed version of the candidate. */
  onChooseVersion?: (version: string) => void;
}) {
  if (!props.conflicts.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        No dependency conflicts with what is installed.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Dependency conflicts">
      <TableHead>
        <TableRow>
          <TableCell>Dependency</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Wants</TableCell>
          <TableCell>Installed</TableCell>
          <TableCell>Proposed version</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.conflicts.map(conflict => (
          <TableRow key={`${conflict.type}/${conflict.dependency}`}>
            <TableCell>
              {conflict.dependency}
              {conflict.singleton && ' (one copy per app)'}
            </TableCell>
            <TableCell>{conflict.type}</TableCell>
            <TableCell>{conflict.range}</TableCell>
            <TableCell>{conflict.installed}</TableCell>
            <TableCell>
              {conflict.resolution ? (
                <>
                  {conflict.resolution.version} (wants{' '}
                  {conflict.resolution.range})
                  {props.onChooseVersion && (
                    <Button
                      size="small"
                      onClick={() =>
                        props.onChooseVersion!(conflict.resolution!.version)
                      }
                    >
                      Use {conflict.resolution.version}
                    </Button>
                  )}
                </>
              ) : (
                'No published version resolves it'
              )}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
