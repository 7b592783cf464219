import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { PluginRevision } from '@idp-platform/backstage-plugin-idp-common';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { pluginManagerApiRef } from '../../api';
import { RevisionDiff } from './RevisionDiff';

function versions(revision: PluginRevision) {
  const { fromVersion, toVersion } = revision;
  if (fromVersion && toVersion && fromVersion !== toVersion) {
    return `${fromVersion} → ${toVersion}`;
  }
  return toVersion ?? fromVersion ?? '';
}

/**
 * Every revision of dynamic-plugins.yaml, newest first, with its diff and a
 * revert to it.
 */
export function RevisionHistoryCard(props: {
  reloadKey: number;
  canInstall: boolean;
  /** The revision installed now, which cannot be reverted to. */
  currentRevision?: number;
  /** Only the revisions of this package, when given. */
  packageName?: string;
  onShowAll: () => void;
  onRevert: (revision: PluginRevision, currentRevision: number) => void;
}) {
  const { reloadKey, canInstall, currentRevision, packageName } = props;
  const api = useApi(pluginManagerApiRef);
  const revisions = useAsync(
    () => api.listRevisions(packageName),
    [api, reloadKey, packageName],
  );
  const [shown, setShown] = useState<number>();

  let body;
  if (revisions.error) {
    body = <ResponseErrorPanel error={revisions.error} />;
  } else if (!revisions.value) {
    body = <Progress />;
  } else if (!revisions.value.length) {
    body = (
      <EmptyState
        missing="data"
        title={
          packageName ? `No revisions of ${packageName}` : 'No revisions yet'
        }
        description="Every install, upgrade, disable, rollback and revert is recorded here as a revision of dynamic-plugins.yaml."
      />
    );
  } else {
    const current = currentRevision ?? revisions.value[0].revision;
    body = (
      <>
        <Table size="small" aria-label="Revisions">
          <TableHead>
            <TableRow>
              <TableCell>Revision</TableCell>
              <TableCell>Change</TableCell>
              <TableCell>Package</TableCell>
              <TableCell>Version</TableCell>
              <TableCell>Author</TableCell>
              <TableCell>Message</TableCell>
              <TableCell>When</TableCell>
              <TableCell>Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {revisions.value.map(revision => (
              <TableRow key={revision.revision}>
                <TableCell>{revision.revision}</TableCell>
                <TableCell>{revision.action}</TableCell>
                <TableCell>{revision.package}</TableCell>
                <TableCell>{versions(revision)}</TableCell>
                <TableCell>{revision.author}</TableCell>
                <TableCell>{revision.message ?? ''}</TableCell>
                <TableCell>
                  <time dateTime={revision.createdAt}>
                    {new Date(revision.createdAt).toLocaleString()}
                  </time>
                </TableCell>
                <TableCell>
                  <Button
                    size="small"
                    aria-pressed={shown === revision.revision}
                    onClick={() =>
                      setShown(
                        shown === revision.revision
                          ? undefined
                          : revision.revision,
                      )
                    }
                  >
                    Diff of revision {revision.revision}
                  </Button>
                  {canInstall && revision.revision !== current && (
                    <Button
                      size="small"
                      onClick={() => props.onRevert(revision, current)}
                    >
                      Revert to revision {revision.revision}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {shown !== undefined && <RevisionDiff revision={shown} />}
      </>
    );
  }
  return (
    <InfoCard
      title={packageName ? `History of ${packageName}` : 'History'}
      action={
        packageName ? (
          <Button onClick={props.onShowAll}>All packages</Button>
        ) : undefined
      }
    >
      {body}
    </InfoCard>
  );
}
