import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  Environment,
  IDP_ANNOTATIONS,
} from '@idp-platform/backstage-plugin-idp-common';
import { EnvironmentService } from '@idp-platform/backstage-plugin-idp-node';
import { Duration } from 'luxon';
import { PipelineDefinition } from '../readPromotionConfig';

/** A pipeline stage with its environment resolved. */
export interface ResolvedStage {
  environment: Environment;
  minSoak: Duration;
  requireSignature: boolean;
}

/** The pipeline one component follows. */
export interface ResolvedPipeline {
  name: string;
  stages: ResolvedStage[];
}

/**
 * Finds the pipeline of a component: the one its
 * `idp-platform/promotion-pipeline` annotation names, else the default, with
 * each stage's environment from idp-node's environment service.
 */
export class PipelineResolver {
  constructor(
    private readonly environments: EnvironmentService,
    private readonly pipelines: PipelineDefinition[],
    private readonly defaultPipeline: string,
  ) {}

  resolve(entity: Entity): ResolvedPipeline {
    const name =
      entity.metadata.annotations?.[IDP_ANNOTATIONS.promotionPipeline] ??
      this.defaultPipeline;
    const definition = this.pipelines.find(pipeline => pipeline.name === name);
    if (!definition) {
      throw new InputError(
        `${
          IDP_ANNOTATIONS.promotionPipeline
        }: unknown pipeline "${name}"; known: ${this.pipelines
          .map(pipeline => pipeline.name)
          .join(', ')}`,
      );
    }
    return {
      name,
      stages: definition.stages.map(stage => ({
        environment: this.environments.get(stage.environment),
        minSoak: stage.minSoak,
        requireSignature: stage.requireSignature,
      })),
    };
  }
}
