import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useSignal } from '@backstage/plugin-signals-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  WaiverRequestResult,
  securityReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { useEffect, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { securityApiRef } from '../../api';
import { FindingsCard } from '../FindingsCard';
import { NoReportsEmptyState } from '../NoReportsEmptyState';
import { SecurityErrorPanel } from '../SecurityErrorPanel';
import { SupplyChainCard } from '../SupplyChainCard';
import { WaiversCard } from '../WaiversCard';
import { ArtifactSelector, artifactsOf } from './ArtifactSelector';
import { ExportButtons } from './ExportButtons';
import { FindingTrendCard } from './FindingTrendCard';
import { OpenFindingsCard } from './OpenFindingsCard';

/** The signal channel the backend publishes on after each ingest. */
export const securitySignalChannel = (entityRef: string) =>
  `security:${entityRef}`;

/**
 * The entity's "Security" tab: open findings per severity, a 30-day trend,
 * the findings table with waivers, the artifact's supply chain, waivers and
 * their approvals, and the compliance export. Reloads on the entity's signal.
 */
export function EntitySecurityContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(securityApiRef);
  const [reloadToken, setReloadToken] = useState(0);
  const reload = () => setReloadToken(token => token + 1);
  const [selectedDigest, setSelectedDigest] = useState<string>();
  const [waiverNotice, setWaiverNotice] = useState<WaiverRequestResult>();

  const { lastSignal } = useSignal(securitySignalChannel(entityRef));
  useEffect(() => {
    if (lastSignal) setReloadToken(token => token + 1);
  }, [lastSignal]);

  const reports = useAsync(
    () => api.listReports(entityRef),
    [api, entityRef, reloadToken],
  );
  const artifacts = useMemo(
    () => artifactsOf(reports.value ?? []),
    [reports.value],
  );
  const artifactDigest =
    artifacts.find(a => a.digest === selectedDigest)?.digest ??
    artifacts[0]?.digest;
  const scanners = useMemo(
    () => [...new Set(artifacts.flatMap(a => a.scanners))].sort(),
    [artifacts],
  );

  if (reports.loading && !reports.value) return <Progress />;
  if (reports.error) {
    return (
      <SecurityErrorPanel
        error={reports.error}
        permission={securityReadPermission}
      />
    );
  }
  if (!artifactDigest) return <NoReportsEmptyState entityRef={entityRef} />;

  const onWaiverRequested = (outcome: WaiverRequestResult) => {
    setWaiverNotice(outcome);
    reload();
  };

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Box
          display="flex"
          flexWrap="wrap"
          justifyContent="space-between"
          alignItems="center"
          style={{ gap: 16 }}
        >
          <ArtifactSelector
            artifacts={artifacts}
            value={artifactDigest}
            onChange={setSelectedDigest}
          />
          <ExportButtons entityRef={entityRef} />
        </Box>
      </Grid>
      {waiverNotice && (
        <Grid item xs={12}>
          <Alert severity="info" onClose={() => setWaiverNotice(undefined)}>
            <AlertTitle>Waiver requested</AlertTitle>
            Change request {waiverNotice.changeRequestId} waits for approval.
          </Alert>
        </Grid>
      )}
      <Grid item xs={12} md={5}>
        <OpenFindingsCard
          entityRef={entityRef}
          artifactDigest={artifactDigest}
          reloadToken={reloadToken}
        />
      </Grid>
      <Grid item xs={12} md={7}>
        <FindingTrendCard entityRef={entityRef} reloadToken={reloadToken} />
      </Grid>
      <Grid item xs={12}>
        <FindingsCard
          entityRef={entityRef}
          artifactDigest={artifactDigest}
          scanners={scanners}
          reloadToken={reloadToken}
          onWaiverRequested={onWaiverRequested}
        />
      </Grid>
      <Grid item xs={12}>
        <SupplyChainCard
          entityRef={entityRef}
          artifactDigest={artifactDigest}
          reloadToken={reloadToken}
        />
      </Grid>
      <Grid item xs={12}>
        <WaiversCard
          entityRef={entityRef}
          reloadToken={reloadToken}
          onDecided={reload}
        />
      </Grid>
    </Grid>
  );
}
