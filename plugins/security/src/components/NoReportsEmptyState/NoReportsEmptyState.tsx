import { CodeSnippet, EmptyState } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** The CI upload from the security backend's README, for one entity. */
export function ciUploadExample(entityRef: string): string {
  return [
    'trivy image --format json --output trivy.json "$IMAGE@$DIGEST"',
    'curl --fail -X POST \\',
    '  -H "Authorization: Bearer $BACKSTAGE_CI_TOKEN" \\',
    "  -H 'Content-Type: application/json' \\",
    '  --data-binary @trivy.json \\',
    `  "$BACKSTAGE_URL/api/security/reports?entityRef=${entityRef}&artifactDigest=$DIGEST&format=trivy"`,
  ].join('\n');
}

/** Shown until CI has uploaded a first scanner report. */
export function NoReportsEmptyState(props: { entityRef?: string }) {
  const entityRef = props.entityRef ?? 'component:default/payments-api';
  return (
    <EmptyState
      missing="data"
      title="No scanner reports yet — upload one from CI"
      description="Trivy, CycloneDX and SARIF reports are accepted; a static token in backend.auth.externalAccess lets CI upload them."
      action={
        <Box maxWidth={900}>
          <Typography variant="subtitle2" gutterBottom>
            Upload a Trivy report from CI
          </Typography>
          <CodeSnippet
            language="bash"
            text={ciUploadExample(entityRef)}
            showCopyCodeButton
          />
        </Box>
      }
    />
  );
}
