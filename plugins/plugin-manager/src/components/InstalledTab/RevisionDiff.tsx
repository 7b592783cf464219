import { useApi } from '@backstage/core-plugin-api';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { DynamicPluginEntry } from '@idp-platform/backstage-plugin-idp-common';
import { DiffView } from '@idp-platform/backstage-plugin-idp-react';
import useAsync from 'react-use/esm/useAsync';
import { pluginManagerApiRef } from '../../api';

const asText = (plugins: DynamicPluginEntry[]) =>
  JSON.stringify({ plugins }, null, 2);

/** What a revision changed in dynamic-plugins.yaml: the packages and the document's lines. */
export function RevisionDiff(props: { revision: number }) {
  const { revision } = props;
  const api = useApi(pluginManagerApiRef);
  const state = useAsync(async () => {
    const diff = await api.diffRevision(revision);
    const [before, after] = await Promise.all([
      diff.from === 0 ? Promise.resolve(undefined) : api.getRevision(diff.from),
      api.getRevision(diff.to),
    ]);
    return { diff, before: before?.plugins ?? [], after: after.plugins };
  }, [api, revision]);

  if (state.loading) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const { diff, before, after } = state.value!;
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" gutterBottom>
        {diff.changes.length} changed{' '}
        {diff.changes.length === 1 ? 'package' : 'packages'}:{' '}
        {diff.changes.map(c => `${c.package} (${c.change})`).join(', ')}
      </Typography>
      <DiffView
        before={asText(before)}
        after={asText(after)}
        beforeLabel={
          diff.from === 0 ? 'Nothing installed' : `Revision ${diff.from}`
        }
        afterLabel={`Revision ${diff.to}`}
        mode="split"
      />
    </Box>
  );
}
