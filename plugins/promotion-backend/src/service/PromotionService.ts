import { randomUUID } from 'node:crypto';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  Artifact,
  ArtifactFacts,
  ArtifactRegistration,
  ArtifactWithFacts,
  IDP_ANNOTATIONS,
  PendingPromotionApproval,
  PipelineView,
  Promotion,
  PromotionKind,
  PromotionListQuery,
  PromotionPage,
} from '@idp-platform/backstage-plugin-idp-common';
import { ChangeRequestService } from '@idp-platform/backstage-plugin-idp-node';
import { DateTime, Duration } from 'luxon';
import {
  ArtifactRecord,
  PromotionRecord,
  PromotionStore,
} from '../database/PromotionStore';
import { FreezeCalendar } from '../pipeline/FreezeCalendar';
import { PipelineResolver } from '../pipeline/PipelineResolver';
import { artifactIdOf } from './artifactIdOf';
import { EntityLoader } from './EntityLoader';
import { PromotionWorker } from './PromotionWorker';

/** A validated promotion request. */
export interface PromotionInput {
  entityRef: string;
  artifactId: string;
  environment: string;
  kind: PromotionKind;
  reason?: string;
  idempotencyKey?: string;
}

/** What the service needs. */
export interface PromotionServiceOptions {
  store: PromotionStore;
  worker: PromotionWorker;
  pipelines: PipelineResolver;
  freezeCalendar: FreezeCalendar;
  loadEntity: EntityLoader;
  changeRequests: ChangeRequestService;
  now?: () => DateTime;
}

function toArtifact(record: ArtifactRecord): Artifact {
  const { signatureBundle, ...artifact } = record;
  return artifact;
}

function toPromotion(record: PromotionRecord): Promotion {
  const { version, idempotencyKey, ...promotion } = record;
  return promotion;
}

/**
 * The promotion domain: artifacts, promotion requests, pipeline views and
 * history. It decides; the worker executes; the store persists.
 */
export class PromotionService {
  constructor(private readonly options: PromotionServiceOptions) {}

  private now(): DateTime {
    return (this.options.now ?? (() => DateTime.utc()))().toUTC();
  }

  /** Registers a build. The same contents again return the stored artifact. */
  async registerArtifact(
    input: ArtifactRegistration,
    createdBy: string | undefined,
  ): Promise<{ artifact: Artifact; created: boolean }> {
    const entity = await this.options.loadEntity(input.entityRef);
    const expected =
      entity.metadata.annotations?.[IDP_ANNOTATIONS.imageRepository];
    if (expected && expected !== input.imageRepository) {
      throw new InputError(
        `Invalid request: imageRepository: ${input.imageRepository} is not the repository of ${input.entityRef} (${IDP_ANNOTATIONS.imageRepository}: ${expected})`,
      );
    }
    const id = artifactIdOf(input);
    const result = await this.options.store.insertArtifact({
      id,
      entityRef: input.entityRef,
      imageRepository: input.imageRepository,
      tag: input.tag,
      digest: input.digest,
      commit: input.commit,
      imageReference: `${input.imageRepository}:${input.tag}@${input.digest}`,
      committers: input.committers ?? [],
      provenance: input.provenance,
      signatureBundle: input.signatureBundle,
      signed: Boolean(input.signatureBundle),
      createdBy,
      createdAt: this.now().toISO()!,
    });
    if (result.artifact.entityRef !== input.entityRef) {
      throw new ConflictError(
        `Artifact ${id} is registered for ${result.artifact.entityRef}`,
      );
    }
    return { artifact: toArtifact(result.artifact), created: result.created };
  }

  async getArtifact(id: string): Promise<ArtifactWithFacts> {
    const artifact = await this.options.store.getArtifact(id);
    if (!artifact) throw new NotFoundError(`No artifact with id ${id}`);
    const [withFacts] = await this.withFacts(artifact.entityRef, [artifact]);
    return withFacts;
  }

  async listArtifacts(
    entityRef: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: ArtifactWithFacts[]; totalCount: number }> {
    const result = await this.options.store.listArtifacts(entityRef, page);
    return {
      items: await this.withFacts(entityRef, result.items),
      totalCount: result.totalCount,
    };
  }

  /**
   * Requests a promotion and judges its gates at once. A second request for
   * a stage with an active promotion is a ConflictError (409); the same
   * request again (or the same idempotency key) returns the same promotion.
   */
  async promote(
    input: PromotionInput,
    requestedBy: string,
    options: { retryOf?: string } = {},
  ): Promise<{ promotion: Promotion; created: boolean }> {
    const { store } = this.options;
    const entity = await this.options.loadEntity(input.entityRef);
    const artifact = await store.getArtifact(input.artifactId);
    if (!artifact) {
      throw new NotFoundError(`No artifact with id ${input.artifactId}`);
    }
    if (artifact.entityRef !== input.entityRef) {
      throw new InputError(
        `Invalid request: artifactId: artifact ${artifact.id} belongs to ${artifact.entityRef}`,
      );
    }
    const pipeline = this.options.pipelines.resolve(entity);
    if (!pipeline.stages.some(s => s.environment.name === input.environment)) {
      throw new InputError(
        `Invalid request: environment: ${
          input.environment
        } is not a stage of pipeline ${pipeline.name} (${pipeline.stages
          .map(s => s.environment.name)
          .join(', ')})`,
      );
    }

    const existing = await this.findSameRequest(input, requestedBy);
    if (existing) return { promotion: toPromotion(existing), created: false };

    const id = randomUUID();
    const result = await store.insertPromotion({
      id,
      entityRef: input.entityRef,
      environment: input.environment,
      artifactId: input.artifactId,
      kind: input.kind,
      state: 'requested',
      requestedBy,
      requestedAt: this.now().toISO()!,
      reason: input.reason,
      retryOf: options.retryOf,
      idempotencyKey: input.idempotencyKey,
      message: `${requestedBy} requested ${input.kind} of ${artifact.tag} to ${input.environment}`,
    });
    if (!result.inserted) {
      const raced = await this.findSameRequest(input, requestedBy);
      if (raced) return { promotion: toPromotion(raced), created: false };
      const active = await store.findActivePromotion(
        input.entityRef,
        input.environment,
      );
      throw new ConflictError(
        `${input.entityRef} already has an active promotion to ${
          input.environment
        }${
          active ? ` (${active.id}, ${active.state})` : ''
        }; wait for it to finish`,
      );
    }
    await this.options.worker.evaluateGates(id);
    this.options.worker.wake();
    return { promotion: await this.getPromotion(id), created: true };
  }

  private async findSameRequest(
    input: PromotionInput,
    requestedBy: string,
  ): Promise<PromotionRecord | undefined> {
    const { store } = this.options;
    const same = (p: PromotionRecord) =>
      p.artifactId === input.artifactId &&
      p.environment === input.environment &&
      p.kind === input.kind;
    if (input.idempotencyKey) {
      const keyed = await store.findByIdempotencyKey(
        input.entityRef,
        input.idempotencyKey,
      );
      if (keyed && !same(keyed)) {
        throw new ConflictError(
          `Idempotency key ${input.idempotencyKey} was used for another request (promotion ${keyed.id})`,
        );
      }
      return keyed;
    }
    const active = await store.findActivePromotion(
      input.entityRef,
      input.environment,
    );
    return active && same(active) && active.requestedBy === requestedBy
      ? active
      : undefined;
  }

  /** Requests a failed or rolled-back promotion again, as a new promotion. */
  async retry(
    id: string,
    requestedBy: string,
  ): Promise<{ promotion: Promotion; created: boolean }> {
    const original = await this.getPromotion(id);
    if (original.state !== 'failed' && original.state !== 'rolled-back') {
      throw new ConflictError(
        `Promotion ${id} is ${original.state}; only a failed or rolled-back promotion can be retried`,
      );
    }
    if (original.kind === 'rollback' && original.requestedBy === 'system') {
      throw new ConflictError(
        `Promotion ${id} is an automatic rollback; request a rollback instead`,
      );
    }
    return this.promote(
      {
        entityRef: original.entityRef,
        artifactId: original.artifactId,
        environment: original.environment,
        kind: original.kind,
        reason: original.reason,
      },
      requestedBy,
      { retryOf: id },
    );
  }

  async getPromotion(id: string): Promise<Promotion> {
    const promotion = await this.options.store.getPromotion(id);
    if (!promotion) throw new NotFoundError(`No promotion with id ${id}`);
    return toPromotion(promotion);
  }

  async listPromotions(query: PromotionListQuery): Promise<PromotionPage> {
    const { limit, offset, ...filter } = query;
    const result = await this.options.store.listPromotions(filter, {
      limit,
      offset,
    });
    const next = offset + result.items.length;
    return {
      items: result.items.map(toPromotion),
      totalCount: result.totalCount,
      limit,
      offset,
      ...(next < result.totalCount && { nextOffset: next }),
    };
  }

  /** The stages of a component as columns: what runs, since when, verified, gates. */
  async pipelineView(entityRef: string): Promise<PipelineView> {
    const { store } = this.options;
    const entity = await this.options.loadEntity(entityRef);
    const pipeline = this.options.pipelines.resolve(entity);
    const states = await store.getStageStates(entityRef);
    const artifacts = await store.getArtifactsByIds(
      states.map(s => s.artifactId),
    );
    const now = this.now();
    const stages = await Promise.all(
      pipeline.stages.map(async stage => {
        const name = stage.environment.name;
        const state = states.find(s => s.environment === name);
        const artifact = artifacts.find(a => a.id === state?.artifactId);
        const [last] = (
          await store.listPromotions(
            { entityRef, environment: name },
            { limit: 1, offset: 0 },
          )
        ).items;
        const active = await store.findActivePromotion(entityRef, name);
        return {
          environment: {
            name,
            title: stage.environment.title,
            protected: stage.environment.protected,
            requiredApprovals: stage.environment.requiredApprovals,
          },
          ...(artifact && { artifact: toArtifact(artifact) }),
          ...(state && {
            since: state.since,
            ageSeconds: Math.floor(
              now.diff(DateTime.fromISO(state.since)).as('seconds'),
            ),
          }),
          verified: state?.verified ?? false,
          ...(state?.verifiedAt && { verifiedAt: state.verifiedAt }),
          ...(active && { activePromotion: toPromotion(active) }),
          ...(last && { lastPromotion: toPromotion(last) }),
          gates: last?.gates ?? [],
          freeze: this.options.freezeCalendar.status(name, now),
          ...(stage.minSoak.toMillis() > 0 && {
            minSoak: stage.minSoak.toISO()!,
          }),
        };
      }),
    );
    return { entityRef, pipeline: pipeline.name, stages };
  }

  /** Promotions waiting for approvals across the organisation, oldest first. */
  async pendingApprovals(): Promise<PendingPromotionApproval[]> {
    const waiting: PromotionRecord[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await this.options.store.listPromotions(
        { state: 'waiting-for-approval' },
        { limit: 100, offset },
      );
      waiting.push(...page.items);
      if (waiting.length >= page.totalCount || !page.items.length) break;
    }
    const result: PendingPromotionApproval[] = [];
    for (const promotion of waiting.reverse()) {
      if (!promotion.changeRequestId) continue;
      const request = await this.options.changeRequests.get(
        promotion.changeRequestId,
      );
      result.push({
        promotion: toPromotion(promotion),
        changeRequest: {
          id: request.id,
          requiredApprovals: request.requiredApprovals,
          approvals: request.approvals.filter(a => a.decision === 'approve')
            .length,
          approvers: request.approvers,
          expiresAt: request.expiresAt,
        },
      });
    }
    return result;
  }

  private async withFacts(
    entityRef: string,
    artifacts: ArtifactRecord[],
  ): Promise<ArtifactWithFacts[]> {
    const { store } = this.options;
    const states = await store.getStageStates(entityRef);
    const succeeded = await store.listSucceeded(entityRef);
    const now = this.now();
    return artifacts.map(artifact => {
      const facts: ArtifactFacts = {
        currentlyIn: {},
        verifiedIn: {},
        approvedFor: {},
      };
      for (const state of states) {
        if (state.artifactId === artifact.id) {
          facts.currentlyIn[state.environment] = { since: state.since };
        }
      }
      succeeded.forEach((promotion, index) => {
        if (promotion.artifactId !== artifact.id || !promotion.finishedAt) {
          return;
        }
        const environment = promotion.environment;
        const replaced = succeeded
          .slice(index + 1)
          .find(
            later =>
              later.environment === environment &&
              later.artifactId !== artifact.id,
          );
        const end = replaced?.finishedAt
          ? DateTime.fromISO(replaced.finishedAt)
          : now;
        const soak = end.diff(DateTime.fromISO(promotion.finishedAt));
        const known = facts.verifiedIn[environment];
        facts.verifiedIn[environment] = {
          verifiedAt: known?.verifiedAt ?? promotion.finishedAt,
          longestSoak:
            known &&
            soak.toMillis() <= Duration.fromISO(known.longestSoak).toMillis()
              ? known.longestSoak
              : soak.shiftTo('days', 'hours', 'minutes', 'seconds').toISO()!,
        };
        const approval = promotion.gates.find(
          gate => gate.type === 'approval' && gate.status === 'pass',
        );
        if (approval && approval.judgedBy !== 'system') {
          facts.approvedFor[environment] = {
            by: approval.judgedBy.split(', '),
            at: approval.judgedAt,
          };
        }
      });
      return { ...toArtifact(artifact), facts };
    });
  }
}
