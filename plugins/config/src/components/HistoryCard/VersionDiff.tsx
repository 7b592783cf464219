import { useApi } from '@backstage/core-plugin-api';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { DiffView } from '@idp-platform/backstage-plugin-idp-react';
import useAsync from 'react-use/esm/useAsync';
import { configManagerApiRef } from '../../api';

/** The exported documents of two versions side by side, with the changed paths. */
export function VersionDiff(props: {
  application: string;
  from: number;
  to: number;
}) {
  const { application, from, to } = props;
  const api = useApi(configManagerApiRef);
  const state = useAsync(async () => {
    const [before, after, diff] = await Promise.all([
      from === 0 ? Promise.resolve('') : api.exportYaml(application, from),
      api.exportYaml(application, to),
      api.diff(application, from, to),
    ]);
    return { before, after, diff };
  }, [api, application, from, to]);

  if (state.loading) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const { before, after, diff } = state.value!;
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" gutterBottom>
        {diff.entries.length} changed{' '}
        {diff.entries.length === 1 ? 'path' : 'paths'}:{' '}
        {diff.entries.map(e => `${e.path} (${e.kind})`).join(', ')}
      </Typography>
      <DiffView
        before={before}
        after={after}
        beforeLabel={from === 0 ? 'Empty' : `Version ${from}`}
        afterLabel={`Version ${to}`}
        mode="split"
      />
    </Box>
  );
}
