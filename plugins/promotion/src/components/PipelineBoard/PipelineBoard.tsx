import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import {
  Artifact,
  FINAL_PROMOTION_STATES,
  PipelineView,
  Promotion,
  promotionPromotePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { useEnvironments } from '@idp-platform/backstage-plugin-idp-react';
import { PipelineStageColumn } from './PipelineStageColumn';

/**
 * A component's pipeline as columns of stages, in promotion order. A live
 * promotion (from a signal) replaces the stage's active promotion when newer.
 */
export function PipelineBoard(props: {
  pipeline: PipelineView;
  artifacts: Artifact[];
  livePromotion?: Promotion;
  currentUserRef: string;
  onChanged: () => void;
}) {
  const { pipeline, livePromotion } = props;
  // The stages carry what the chips need; a broken config costs only details.
  const { environments } = useEnvironments();
  const promote = usePermission({
    permission: promotionPromotePermission,
    resourceRef: pipeline.entityRef,
  });

  const activeOf = (environment: string, active?: Promotion) => {
    const live = livePromotion;
    if (live?.environment !== environment) return active;
    if (FINAL_PROMOTION_STATES.includes(live.state)) {
      return active?.id === live.id ? undefined : active;
    }
    if (
      !active ||
      active.id === live.id ||
      live.updatedAt >= active.updatedAt
    ) {
      return live;
    }
    return active;
  };

  return (
    <Box
      display="grid"
      gridGap={16}
      style={{
        gridTemplateColumns: `repeat(${pipeline.stages.length}, minmax(240px, 1fr))`,
        overflowX: 'auto',
      }}
    >
      {pipeline.stages.map((stage, index) => (
        <PipelineStageColumn
          key={stage.environment.name}
          entityRef={pipeline.entityRef}
          stage={stage}
          previousStage={index > 0 ? pipeline.stages[index - 1] : undefined}
          environment={environments.find(
            e => e.name === stage.environment.name,
          )}
          activePromotion={activeOf(
            stage.environment.name,
            stage.activePromotion,
          )}
          artifacts={props.artifacts}
          // While the permission is being asked, the backend still refuses with a 403.
          canPromote={promote.loading || promote.allowed}
          currentUserRef={props.currentUserRef}
          onChanged={props.onChanged}
        />
      ))}
    </Box>
  );
}
