import { discoveryApiRef, useApi } from '@backstage/core-plugin-api';
import { CodeSnippet, EmptyState } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

/** The registration call CI makes after pushing an image (`POST /artifacts`). */
function curlExample(options: {
  baseUrl: string;
  entityRef: string;
  imageRepository: string;
}): string {
  const body = {
    entityRef: options.entityRef,
    imageRepository: options.imageRepository,
    tag: '${IMAGE_TAG}',
    digest: '${IMAGE_DIGEST}',
    commit: '${GIT_COMMIT}',
  };
  return [
    `curl -X POST ${options.baseUrl}/artifacts \\`,
    `  -H "Authorization: Bearer $BACKSTAGE_TOKEN" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d "$(cat <<EOF`,
    JSON.stringify(body, null, 2),
    'EOF',
    ')"',
  ].join('\n');
}

/** The component has no artifacts: how CI registers one. */
export function NoArtifactsEmptyState(props: {
  entityRef: string;
  imageRepository?: string;
}) {
  const discoveryApi = useApi(discoveryApiRef);
  const baseUrl = useAsync(
    () => discoveryApi.getBaseUrl('promotion'),
    [discoveryApi],
  );
  return (
    <EmptyState
      missing="data"
      title="No artifacts yet — register one from CI"
      description="An artifact is an immutable image build. Once CI registers one, it can move stage by stage through this pipeline."
      action={
        <Box maxWidth={720}>
          <Typography variant="body2" gutterBottom>
            After pushing the image, let CI call (with a static token that may
            register artifacts, <code>idp.promotion.artifact.register</code>):
          </Typography>
          <CodeSnippet
            language="bash"
            showCopyCodeButton
            text={curlExample({
              baseUrl: baseUrl.value ?? '<backstage-backend>/api/promotion',
              entityRef: props.entityRef,
              imageRepository:
                props.imageRepository ?? 'ghcr.io/acme/payments-api',
            })}
          />
        </Box>
      }
    />
  );
}
