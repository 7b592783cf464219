import {
  EmptyState,
  InfoCard,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  ArtifactSupplyChain,
  SbomPackage,
  securityReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';
import useAsync from 'react-use/esm/useAsync';
import { securityApiRef } from '../../api';
import { SecurityErrorPanel } from '../SecurityErrorPanel';

const packageColumns: TableColumn<SbomPackage>[] = [
  { title: 'Package', field: 'name' },
  { title: 'Version', render: p => p.version ?? '' },
  { title: 'Licenses', render: p => p.licenses.join(', ') || 'unknown' },
  {
    title: 'purl',
    render: p => (p.purl ? <code>{p.purl}</code> : ''),
  },
];

function Provenance(props: { supplyChain: ArtifactSupplyChain }) {
  const { signature, slsaLevel } = props.supplyChain;
  return (
    <dl style={{ margin: 0 }}>
      <Typography component="dt" variant="subtitle2">
        Signature
      </Typography>
      <Typography component="dd" variant="body2" style={{ marginLeft: 0 }}>
        <StatusChip status={signature.status} />
        {signature.identity && (
          <div>
            Signed by {signature.identity}
            {signature.issuer && ` (issuer ${signature.issuer})`}
          </div>
        )}
        {signature.verifiedAt && (
          <div>
            Verified{' '}
            <time dateTime={signature.verifiedAt}>
              {new Date(signature.verifiedAt).toLocaleString()}
            </time>
          </div>
        )}
        {signature.reason && <div>{signature.reason}</div>}
      </Typography>
      <Typography component="dt" variant="subtitle2" style={{ marginTop: 8 }}>
        SLSA build level
      </Typography>
      <Typography component="dd" variant="body2" style={{ marginLeft: 0 }}>
        {slsaLevel === null
          ? 'No verified provenance'
          : `SLSA Build L${slsaLevel}`}
      </Typography>
    </dl>
  );
}

/**
 * What an artifact is made of and who built it: the SBOM's packages with
 * their licenses and a license summary, the signature and the SLSA level.
 */
export function SupplyChainCard(props: {
  entityRef: string;
  artifactDigest: string;
  reloadToken: number;
}) {
  const { entityRef, artifactDigest } = props;
  const api = useApi(securityApiRef);
  const state = useAsync(
    () => api.getSupplyChain(entityRef, artifactDigest),
    [api, entityRef, artifactDigest, props.reloadToken],
  );

  let body;
  if (state.loading && !state.value) {
    body = <Progress />;
  } else if (state.error) {
    body = (
      <SecurityErrorPanel
        error={state.error}
        permission={securityReadPermission}
      />
    );
  } else if (state.value) {
    const { sbom } = state.value;
    body = (
      <Grid container spacing={2}>
        <Grid item xs={12} md={4}>
          <Provenance supplyChain={state.value} />
          {sbom && sbom.licenses.length > 0 && (
            <Box mt={2}>
              <Typography variant="subtitle2" component="h3">
                Licenses
              </Typography>
              <table aria-label="License summary">
                <tbody>
                  {sbom.licenses.map(l => (
                    <tr key={l.license}>
                      <td>{l.license}</td>
                      <td style={{ textAlign: 'right' }}>{l.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Box>
          )}
        </Grid>
        <Grid item xs={12} md={8}>
          {sbom ? (
            <Table<SbomPackage>
              title={`SBOM: ${sbom.packages.length} packages`}
              columns={packageColumns}
              data={sbom.packages}
              options={{
                search: true,
                paging: sbom.packages.length > 10,
                pageSize: 10,
                padding: 'dense',
              }}
            />
          ) : (
            <EmptyState
              missing="data"
              title="No SBOM for this artifact"
              description="Upload a CycloneDX report for this digest to list its packages and licenses."
            />
          )}
        </Grid>
      </Grid>
    );
  }

  return (
    <InfoCard title="Supply chain" subheader={<code>{artifactDigest}</code>}>
      {body}
    </InfoCard>
  );
}
