import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import {
  Artifact,
  FINAL_PROMOTION_STATES,
  GateVerdict,
  Promotion,
  PromotionKind,
  PromotionState,
  PromotionStep,
} from '@idp-platform/backstage-plugin-idp-common';
import { Knex } from 'knex';
import { isUniqueViolation } from './isUniqueViolation';

const migrationsDir = resolvePackagePath(
  '@idp-platform/backstage-plugin-promotion-backend',
  'migrations',
);

const ARTIFACTS = 'promotion_artifacts';
const PROMOTIONS = 'promotion_promotions';
const STEPS = 'promotion_steps';
const STAGES = 'promotion_stage_states';

/** An artifact as stored, with the signature bundle the API does not return. */
export interface ArtifactRecord extends Artifact {
  signatureBundle?: Record<string, unknown>;
}

/** What runs in one stage of one component. */
export interface StageState {
  entityRef: string;
  environment: string;
  artifactId: string;
  since: string;
  verified: boolean;
  verifiedAt?: string;
  promotionId?: string;
}

/** A promotion to insert, in its first state. */
export interface NewPromotion {
  id: string;
  entityRef: string;
  environment: string;
  artifactId: string;
  kind: PromotionKind;
  state: PromotionState;
  requestedBy: string;
  requestedAt: string;
  reason?: string;
  rollbackOf?: string;
  retryOf?: string;
  previousArtifactId?: string;
  idempotencyKey?: string;
  message: string;
}

/** A promotion as stored, with what the worker needs beyond the API shape. */
export interface PromotionRecord extends Promotion {
  version: number;
  idempotencyKey?: string;
}

/** Fields a transition may change besides the state. */
export interface PromotionChanges {
  gates?: GateVerdict[];
  changeRequestId?: string;
  previousArtifactId?: string;
}

/** Filters of a promotion listing. */
export interface PromotionFilter {
  entityRef?: string;
  environment?: string;
  state?: PromotionState;
  kind?: PromotionKind;
  states?: PromotionState[];
}

type ArtifactRow = {
  id: string;
  entity_ref: string;
  image_repository: string;
  tag: string;
  digest: string;
  commit_sha: string;
  committers: string;
  provenance: string | null;
  signature_bundle: string | null;
  created_by: string | null;
  created_at: string;
};

type PromotionRow = {
  id: string;
  entity_ref: string;
  environment: string;
  artifact_id: string;
  kind: PromotionKind;
  state: PromotionState;
  active_slot: number | null;
  version: number | string;
  requested_by: string;
  requested_at: string;
  updated_at: string;
  finished_at: string | null;
  reason: string | null;
  message: string | null;
  previous_artifact_id: string | null;
  rollback_of: string | null;
  retry_of: string | null;
  change_request_id: string | null;
  idempotency_key: string | null;
  gates: string;
  lease_owner: string | null;
  lease_until: string | null;
};

type StepRow = {
  id: number | string;
  promotion_id: string;
  state: PromotionState;
  actor: string;
  message: string;
  verdicts: string | null;
  at: string;
};

type StageRow = {
  entity_ref: string;
  environment: string;
  artifact_id: string;
  since: string;
  verified: boolean | number;
  verified_at: string | null;
  promotion_id: string | null;
};

function isFinal(state: PromotionState): boolean {
  return FINAL_PROMOTION_STATES.includes(state);
}

function toArtifact(row: ArtifactRow): ArtifactRecord {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    imageRepository: row.image_repository,
    tag: row.tag,
    digest: row.digest,
    commit: row.commit_sha,
    imageReference: `${row.image_repository}:${row.tag}@${row.digest}`,
    committers: JSON.parse(row.committers),
    provenance: row.provenance ? JSON.parse(row.provenance) : undefined,
    signed: row.signature_bundle !== null,
    signatureBundle: row.signature_bundle
      ? JSON.parse(row.signature_bundle)
      : undefined,
    createdBy: row.created_by ?? undefined,
    createdAt: row.created_at,
  };
}

function toStep(row: StepRow): PromotionStep {
  return {
    state: row.state,
    actor: row.actor,
    message: row.message,
    at: row.at,
    ...(row.verdicts ? { verdicts: JSON.parse(row.verdicts) } : {}),
  };
}

function toStageState(row: StageRow): StageState {
  return {
    entityRef: row.entity_ref,
    environment: row.environment,
    artifactId: row.artifact_id,
    since: row.since,
    verified: Boolean(row.verified),
    verifiedAt: row.verified_at ?? undefined,
    promotionId: row.promotion_id ?? undefined,
  };
}

/**
 * Persists artifacts, promotions and stage states with knex. The database
 * enforces one active promotion per component and stage.
 */
export class PromotionStore {
  static async create(database: DatabaseService): Promise<PromotionStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({
        directory: migrationsDir,
        tableName: 'promotion_knex_migrations',
      });
    }
    return new PromotionStore(client);
  }

  constructor(private readonly db: Knex) {}

  transaction<T>(fn: (store: PromotionStore) => Promise<T>): Promise<T> {
    return this.db.transaction(tx => fn(new PromotionStore(tx)));
  }

  /** Inserts an artifact; registering the same contents again returns the stored one. */
  async insertArtifact(
    artifact: ArtifactRecord,
  ): Promise<{ artifact: ArtifactRecord; created: boolean }> {
    try {
      await this.db<ArtifactRow>(ARTIFACTS).insert({
        id: artifact.id,
        entity_ref: artifact.entityRef,
        image_repository: artifact.imageRepository,
        tag: artifact.tag,
        digest: artifact.digest,
        commit_sha: artifact.commit,
        committers: JSON.stringify(artifact.committers),
        provenance: artifact.provenance
          ? JSON.stringify(artifact.provenance)
          : null,
        signature_bundle: artifact.signatureBundle
          ? JSON.stringify(artifact.signatureBundle)
          : null,
        created_by: artifact.createdBy ?? null,
        created_at: artifact.createdAt,
      });
      return { artifact, created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.getArtifact(artifact.id);
      if (!existing) throw error;
      return { artifact: existing, created: false };
    }
  }

  async getArtifact(id: string): Promise<ArtifactRecord | undefined> {
    const row = await this.db<ArtifactRow>(ARTIFACTS).where({ id }).first();
    return row ? toArtifact(row) : undefined;
  }

  async listArtifacts(
    entityRef: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: ArtifactRecord[]; totalCount: number }> {
    const [{ count }] = await this.db(ARTIFACTS)
      .where({ entity_ref: entityRef })
      .count({ count: '*' });
    const rows = await this.db<ArtifactRow>(ARTIFACTS)
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(page.limit)
      .offset(page.offset);
    return { items: rows.map(toArtifact), totalCount: Number(count) };
  }

  async getArtifactsByIds(ids: string[]): Promise<ArtifactRecord[]> {
    if (!ids.length) return [];
    const rows = await this.db<ArtifactRow>(ARTIFACTS).whereIn('id', ids);
    return rows.map(toArtifact);
  }

  /**
   * Inserts a promotion with its first step. When the component already has
   * an active promotion to that stage, or the idempotency key was used, the
   * unique indexes refuse it and the result says which.
   */
  async insertPromotion(
    promotion: NewPromotion,
  ): Promise<
    { inserted: true } | { inserted: false; conflict: 'active' | 'key' }
  > {
    try {
      await this.db.transaction(async tx => {
        await tx<PromotionRow>(PROMOTIONS).insert({
          id: promotion.id,
          entity_ref: promotion.entityRef,
          environment: promotion.environment,
          artifact_id: promotion.artifactId,
          kind: promotion.kind,
          state: promotion.state,
          active_slot: isFinal(promotion.state) ? null : 1,
          version: 1,
          requested_by: promotion.requestedBy,
          requested_at: promotion.requestedAt,
          updated_at: promotion.requestedAt,
          finished_at: isFinal(promotion.state) ? promotion.requestedAt : null,
          reason: promotion.reason ?? null,
          message: promotion.message,
          previous_artifact_id: promotion.previousArtifactId ?? null,
          rollback_of: promotion.rollbackOf ?? null,
          retry_of: promotion.retryOf ?? null,
          change_request_id: null,
          idempotency_key: promotion.idempotencyKey ?? null,
          gates: '[]',
          lease_owner: null,
          lease_until: null,
        });
        await tx<StepRow>(STEPS).insert({
          promotion_id: promotion.id,
          state: promotion.state,
          actor: promotion.requestedBy,
          message: promotion.message,
          verdicts: null,
          at: promotion.requestedAt,
        });
      });
      return { inserted: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const keyTaken =
        promotion.idempotencyKey !== undefined &&
        (await this.findByIdempotencyKey(
          promotion.entityRef,
          promotion.idempotencyKey,
        )) !== undefined;
      return { inserted: false, conflict: keyTaken ? 'key' : 'active' };
    }
  }

  async getPromotion(id: string): Promise<PromotionRecord | undefined> {
    const row = await this.db<PromotionRow>(PROMOTIONS).where({ id }).first();
    if (!row) return undefined;
    const [promotion] = await this.withSteps([row]);
    return promotion;
  }

  async findActivePromotion(
    entityRef: string,
    environment: string,
  ): Promise<PromotionRecord | undefined> {
    const row = await this.db<PromotionRow>(PROMOTIONS)
      .where({ entity_ref: entityRef, environment, active_slot: 1 })
      .first();
    if (!row) return undefined;
    const [promotion] = await this.withSteps([row]);
    return promotion;
  }

  async findByIdempotencyKey(
    entityRef: string,
    key: string,
  ): Promise<PromotionRecord | undefined> {
    const row = await this.db<PromotionRow>(PROMOTIONS)
      .where({ entity_ref: entityRef, idempotency_key: key })
      .first();
    if (!row) return undefined;
    const [promotion] = await this.withSteps([row]);
    return promotion;
  }

  async findByChangeRequest(
    changeRequestId: string,
  ): Promise<PromotionRecord | undefined> {
    const row = await this.db<PromotionRow>(PROMOTIONS)
      .where({ change_request_id: changeRequestId })
      .first();
    if (!row) return undefined;
    const [promotion] = await this.withSteps([row]);
    return promotion;
  }

  /** Newest first. */
  async listPromotions(
    filter: PromotionFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: PromotionRecord[]; totalCount: number }> {
    const where = (query: Knex.QueryBuilder) => {
      if (filter.entityRef) query.where('entity_ref', filter.entityRef);
      if (filter.environment) query.where('environment', filter.environment);
      if (filter.state) query.where('state', filter.state);
      if (filter.states) query.whereIn('state', filter.states);
      if (filter.kind) query.where('kind', filter.kind);
      return query;
    };
    const [{ count }] = await where(this.db(PROMOTIONS)).count({
      count: '*',
    });
    const rows: PromotionRow[] = await where(this.db(PROMOTIONS))
      .orderBy([
        { column: 'requested_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(page.limit)
      .offset(page.offset);
    return { items: await this.withSteps(rows), totalCount: Number(count) };
  }

  /** Promotions that are not final, oldest first: the stage queues. */
  async listActive(): Promise<PromotionRecord[]> {
    const rows = await this.db<PromotionRow>(PROMOTIONS)
      .where({ active_slot: 1 })
      .orderBy([
        { column: 'requested_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return this.withSteps(rows);
  }

  /** Succeeded promotions of a component, oldest first: the verification history. */
  async listSucceeded(entityRef: string): Promise<PromotionRecord[]> {
    const rows = await this.db<PromotionRow>(PROMOTIONS)
      .where({ entity_ref: entityRef, state: 'succeeded' })
      .orderBy([
        { column: 'finished_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return this.withSteps(rows, { steps: false });
  }

  /**
   * Moves a promotion to a new state if it still has `expectedVersion`, and
   * records the step. Returns false when someone else moved it first.
   */
  async transition(
    id: string,
    expectedVersion: number,
    step: PromotionStep,
    changes: PromotionChanges = {},
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const final = isFinal(step.state);
      const updated = await tx<PromotionRow>(PROMOTIONS)
        .where({ id, version: expectedVersion })
        .update({
          state: step.state,
          version: expectedVersion + 1,
          updated_at: step.at,
          message: step.message,
          active_slot: final ? null : 1,
          ...(final ? { finished_at: step.at } : {}),
          ...(changes.gates ? { gates: JSON.stringify(changes.gates) } : {}),
          ...(changes.changeRequestId
            ? { change_request_id: changes.changeRequestId }
            : {}),
          ...(changes.previousArtifactId
            ? { previous_artifact_id: changes.previousArtifactId }
            : {}),
        });
      if (updated === 0) return false;
      await tx<StepRow>(STEPS).insert({
        promotion_id: id,
        state: step.state,
        actor: step.actor,
        message: step.message,
        verdicts: step.verdicts ? JSON.stringify(step.verdicts) : null,
        at: step.at,
      });
      return true;
    });
  }

  /**
   * Takes the worker lease of a promotion until `until`, unless another
   * worker holds an unexpired one.
   */
  async claim(
    id: string,
    owner: string,
    now: string,
    until: string,
  ): Promise<boolean> {
    const updated = await this.db<PromotionRow>(PROMOTIONS)
      .where({ id })
      .whereNotNull('active_slot')
      .where(query =>
        query
          .whereNull('lease_until')
          .orWhere('lease_until', '<', now)
          .orWhere('lease_owner', owner),
      )
      .update({ lease_owner: owner, lease_until: until });
    return updated > 0;
  }

  async release(id: string, owner: string): Promise<void> {
    await this.db<PromotionRow>(PROMOTIONS)
      .where({ id, lease_owner: owner })
      .update({ lease_owner: null, lease_until: null });
  }

  async getStageStates(entityRef: string): Promise<StageState[]> {
    const rows = await this.db<StageRow>(STAGES).where({
      entity_ref: entityRef,
    });
    return rows.map(toStageState);
  }

  async getStageState(
    entityRef: string,
    environment: string,
  ): Promise<StageState | undefined> {
    const row = await this.db<StageRow>(STAGES)
      .where({ entity_ref: entityRef, environment })
      .first();
    return row ? toStageState(row) : undefined;
  }

  async upsertStageState(state: StageState): Promise<void> {
    await this.db<StageRow>(STAGES)
      .insert({
        entity_ref: state.entityRef,
        environment: state.environment,
        artifact_id: state.artifactId,
        since: state.since,
        verified: state.verified,
        verified_at: state.verifiedAt ?? null,
        promotion_id: state.promotionId ?? null,
      })
      .onConflict(['entity_ref', 'environment'])
      .merge();
  }

  /** Inserts a finished promotion with its recorded steps, as demo data does; false if it exists. */
  async importPromotion(
    promotion: Promotion & { steps: PromotionStep[] },
  ): Promise<boolean> {
    if (await this.getPromotion(promotion.id)) return false;
    await this.db.transaction(async tx => {
      await tx<PromotionRow>(PROMOTIONS).insert({
        id: promotion.id,
        entity_ref: promotion.entityRef,
        environment: promotion.environment,
        artifact_id: promotion.artifactId,
        kind: promotion.kind,
        state: promotion.state,
        active_slot: isFinal(promotion.state) ? null : 1,
        version: 1,
        requested_by: promotion.requestedBy,
        requested_at: promotion.requestedAt,
        updated_at: promotion.updatedAt,
        finished_at: promotion.finishedAt ?? null,
        reason: promotion.reason ?? null,
        message: promotion.message ?? null,
        previous_artifact_id: promotion.previousArtifactId ?? null,
        rollback_of: promotion.rollbackOf ?? null,
        retry_of: promotion.retryOf ?? null,
        change_request_id: null,
        idempotency_key: null,
        gates: JSON.stringify(promotion.gates),
        lease_owner: null,
        lease_until: null,
      });
      for (const step of promotion.steps) {
        await tx<StepRow>(STEPS).insert({
          promotion_id: promotion.id,
          state: step.state,
          actor: step.actor,
          message: step.message,
          verdicts: step.verdicts ? JSON.stringify(step.verdicts) : null,
          at: step.at,
        });
      }
    });
    return true;
  }

  private async withSteps(
    rows: PromotionRow[],
    options: { steps: boolean } = { steps: true },
  ): Promise<PromotionRecord[]> {
    if (!rows.length) return [];
    const steps: StepRow[] = options.steps
      ? await this.db<StepRow>(STEPS)
          .whereIn(
            'promotion_id',
            rows.map(row => row.id),
          )
          .orderBy('id', 'asc')
      : [];
    return rows.map(row => ({
      id: row.id,
      entityRef: row.entity_ref,
      environment: row.environment,
      artifactId: row.artifact_id,
      kind: row.kind,
      state: row.state,
      version: Number(row.version),
      requestedBy: row.requested_by,
      requestedAt: row.requested_at,
      updatedAt: row.updated_at,
      finishedAt: row.finished_at ?? undefined,
      reason: row.reason ?? undefined,
      message: row.message ?? undefined,
      previousArtifactId: row.previous_artifact_id ?? undefined,
      rollbackOf: row.rollback_of ?? undefined,
      retryOf: row.retry_of ?? undefined,
      changeRequestId: row.change_request_id ?? undefined,
      idempotencyKey: row.idempotency_key ?? undefined,
      gates: JSON.parse(row.gates),
      steps: steps.filter(step => step.promotion_id === row.id).map(toStep),
    }));
  }
}
