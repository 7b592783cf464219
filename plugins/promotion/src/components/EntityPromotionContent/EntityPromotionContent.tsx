import { useEffect, useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { useSignal } from '@backstage/plugin-signals-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import {
  IDP_ANNOTATIONS,
  PromotionSignalMessage,
  promotionSignalChannel,
} from '@idp-platform/backstage-plugin-idp-common';
import useAsync from 'react-use/esm/useAsync';
import { promotionApiRef } from '../../api';
import { ArtifactsTable } from '../ArtifactsTable';
import { PipelineBoard } from '../PipelineBoard';
import { PromotionHistory } from '../PromotionHistory';
import { useCurrentUserRef } from '../useCurrentUserRef';
import { NoArtifactsEmptyState } from './NoArtifactsEmptyState';

// The promote dialog offers at most this many artifacts, newest first (the backend's page limit).
const CHOOSABLE_ARTIFACTS = 100;

/**
 * The Promotion tab of a component: its pipeline as columns of stages with
 * promote, approve and retry, its artifacts and its promotion history. Every
 * signal on `promotion:<entityRef>` reloads the pipeline and the promotion it
 * names, so progress shows live.
 */
export function EntityPromotionContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(promotionApiRef);
  const currentUser = useCurrentUserRef();
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = () => setRefreshKey(key => key + 1);

  const { lastSignal } = useSignal<PromotionSignalMessage>(
    promotionSignalChannel(entityRef),
  );
  useEffect(() => {
    if (lastSignal) setRefreshKey(key => key + 1);
  }, [lastSignal]);
  const livePromotion = useAsync(
    async () =>
      lastSignal ? api.getPromotion(lastSignal.promotionId) : undefined,
    [api, lastSignal],
  );

  const pipeline = useAsync(
    () => api.getPipeline(entityRef),
    [api, entityRef, refreshKey],
  );
  const artifacts = useAsync(
    () => api.listArtifacts({ entityRef, limit: CHOOSABLE_ARTIFACTS }),
    [api, entityRef, refreshKey],
  );

  const error = pipeline.error ?? artifacts.error ?? currentUser.error;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!pipeline.value || !artifacts.value || !currentUser.value) {
    return <Progress />;
  }
  if (artifacts.value.totalCount === 0) {
    return (
      <NoArtifactsEmptyState
        entityRef={entityRef}
        imageRepository={
          entity.metadata.annotations?.[IDP_ANNOTATIONS.imageRepository]
        }
      />
    );
  }

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="Pipeline"
          subheader={`${pipeline.value.pipeline} · ${pipeline.value.stages.length} stages`}
        >
          {lastSignal && (
            <Box mb={2}>
              <Alert severity="info" aria-live="polite">
                {lastSignal.environment}: {lastSignal.state} —{' '}
                {lastSignal.message}
              </Alert>
            </Box>
          )}
          <PipelineBoard
            pipeline={pipeline.value}
            artifacts={artifacts.value.items}
            livePromotion={livePromotion.value}
            currentUserRef={currentUser.value}
            onChanged={refresh}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <ArtifactsTable entityRef={entityRef} refreshKey={refreshKey} />
      </Grid>
      <Grid item xs={12}>
        <PromotionHistory
          entityRef={entityRef}
          artifacts={artifacts.value.items}
          refreshKey={refreshKey}
          onChanged={refresh}
        />
      </Grid>
    </Grid>
  );
}
