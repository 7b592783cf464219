import fs from 'node:fs/promises';
import path from 'node:path';
import {
  artifactRegistrationSchema,
  GATE_STATUSES,
  GATE_TYPES,
  PROMOTION_KINDS,
  PROMOTION_STATES,
} from '@idp-platform/backstage-plugin-idp-common';
import { z } from 'zod';
import { PromotionStore } from '../database/PromotionStore';
import { artifactIdOf } from '../service/artifactIdOf';

const verdictSchema = z.object({
  type: z.enum(GATE_TYPES),
  status: z.enum(GATE_STATUSES),
  reason: z.string(),
  judgedBy: z.string(),
  judgedAt: z.string(),
  comment: z.string().optional(),
});

/** One demo file: a component's artifacts (by tag), promotion history and stages. */
const demoFileSchema = z.object({
  entityRef: z.string().min(1),
  artifacts: z.array(
    artifactRegistrationSchema.omit({ entityRef: true }).extend({
      createdBy: z.string().optional(),
      createdAt: z.string(),
    }),
  ),
  promotions: z.array(
    z.object({
      id: z.string().uuid(),
      environment: z.string(),
      artifactTag: z.string(),
      previousArtifactTag: z.string().optional(),
      kind: z.enum(PROMOTION_KINDS),
      state: z.enum(PROMOTION_STATES),
      requestedBy: z.string(),
      requestedAt: z.string(),
      finishedAt: z.string().optional(),
      reason: z.string().optional(),
      rollbackOf: z.string().uuid().optional(),
      gates: z.array(verdictSchema),
      steps: z
        .array(
          z.object({
            state: z.enum(PROMOTION_STATES),
            actor: z.string(),
            message: z.string(),
            at: z.string(),
            verdicts: z.array(verdictSchema).optional(),
          }),
        )
        .min(1),
    }),
  ),
  stages: z.array(
    z.object({
      environment: z.string(),
      artifactTag: z.string(),
      since: z.string(),
      verifiedAt: z.string().optional(),
    }),
  ),
});

/**
 * Loads every `*.json` file of `directory` (see examples/promotion): artifacts,
 * finished promotions with their steps, and what runs in each stage. Loading
 * twice changes nothing. Returns how many promotions were added.
 */
export async function loadDemoData(
  store: PromotionStore,
  directory: string,
): Promise<number> {
  const files = (await fs.readdir(directory))
    .filter(file => file.endsWith('.json'))
    .sort();
  let added = 0;
  for (const file of files) {
    const parsed = demoFileSchema.safeParse(
      JSON.parse(await fs.readFile(path.join(directory, file), 'utf8')),
    );
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `Invalid demo data ${file}: ${issue.path.join('.')}: ${issue.message}`,
      );
    }
    const demo = parsed.data;
    const ids = new Map<string, string>();
    for (const artifact of demo.artifacts) {
      const id = artifactIdOf(artifact);
      ids.set(artifact.tag, id);
      await store.insertArtifact({
        id,
        entityRef: demo.entityRef,
        imageRepository: artifact.imageRepository,
        tag: artifact.tag,
        digest: artifact.digest,
        commit: artifact.commit,
        imageReference: `${artifact.imageRepository}:${artifact.tag}@${artifact.digest}`,
        committers: artifact.committers ?? [],
        provenance: artifact.provenance,
        signed: false,
        createdBy: artifact.createdBy,
        createdAt: artifact.createdAt,
      });
    }
    const idOf = (tag: string) => {
      const id = ids.get(tag);
      if (!id)
        throw new Error(
          `Invalid demo data ${file}: unknown artifact tag ${tag}`,
        );
      return id;
    };
    for (const promotion of demo.promotions) {
      const last = promotion.steps[promotion.steps.length - 1];
      const inserted = await store.importPromotion({
        id: promotion.id,
        entityRef: demo.entityRef,
        environment: promotion.environment,
        artifactId: idOf(promotion.artifactTag),
        previousArtifactId: promotion.previousArtifactTag
          ? idOf(promotion.previousArtifactTag)
          : undefined,
        kind: promotion.kind,
        state: promotion.state,
        requestedBy: promotion.requestedBy,
        requestedAt: promotion.requestedAt,
        updatedAt: last.at,
        finishedAt: promotion.finishedAt,
        reason: promotion.reason,
        message: last.message,
        rollbackOf: promotion.rollbackOf,
        gates: promotion.gates,
        steps: promotion.steps,
      });
      if (inserted) added++;
    }
    for (const stage of demo.stages) {
      if (await store.getStageState(demo.entityRef, stage.environment))
        continue;
      await store.upsertStageState({
        entityRef: demo.entityRef,
        environment: stage.environment,
        artifactId: idOf(stage.artifactTag),
        since: stage.since,
        verified: Boolean(stage.verifiedAt),
        verifiedAt: stage.verifiedAt,
      });
    }
  }
  return added;
}
