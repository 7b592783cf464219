import { randomUUID } from 'node:crypto';
import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  FINAL_PROMOTION_STATES,
  GateVerdict,
  promotionSignalChannel,
  PromotionSignalMessage,
  PromotionState,
} from '@idp-platform/backstage-plugin-idp-common';
import { ChangeRequestService } from '@idp-platform/backstage-plugin-idp-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { DateTime, Duration } from 'luxon';
import {
  PromotionChanges,
  PromotionRecord,
  PromotionStore,
} from '../database/PromotionStore';
import { DeploymentExecutor } from '../execution/DeploymentExecutor';
import { PipelineResolver } from '../pipeline/PipelineResolver';
import { EntityLoader } from './EntityLoader';
import { GateEvaluator } from './GateEvaluator';

const GATE_STATES: PromotionState[] = [
  'requested',
  'waiting-for-gates',
  'waiting-for-approval',
];

/** What the worker needs. */
export interface PromotionWorkerOptions {
  store: PromotionStore;
  gates: GateEvaluator;
  executor: DeploymentExecutor;
  pipelines: PipelineResolver;
  loadEntity: EntityLoader;
  changeRequests: ChangeRequestService;
  signals: SignalsService;
  auditor: AuditorService;
  logger: LoggerService;
  leaseDuration: Duration;
  now?: () => DateTime;
}

function sameVerdicts(a: GateVerdict[], b: GateVerdict[]): boolean {
  const key = (verdicts: GateVerdict[]) =>
    JSON.stringify(verdicts.map(v => [v.type, v.status, v.reason]));
  return key(a) === key(b);
}

/**
 * Moves promotions through their states: gates, approvals, deploy, verify,
 * and automatic rollback. Every state lives in the database, so a restarted
 * backend (or another instance) picks up where this one stopped; a lease per
 * promotion keeps two workers from running the same step.
 */
export class PromotionWorker {
  private readonly owner = randomUUID();
  private readonly inFlight = new Set<string>();
  private wakeRequested = false;
  private draining?: Promise<void>;

  constructor(private readonly options: PromotionWorkerOptions) {}

  private now(): DateTime {
    return (this.options.now ?? (() => DateTime.utc()))().toUTC();
  }

  /** Runs pending work soon, in the background. */
  wake(): void {
    this.wakeRequested = true;
    if (!this.draining) {
      this.draining = this.drain().finally(() => {
        this.draining = undefined;
      });
    }
  }

  /** Resolves when the background work started by `wake` is done. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    while (this.wakeRequested) {
      this.wakeRequested = false;
      try {
        await this.runPending();
      } catch (error) {
        this.options.logger.error(`Promotion worker failed: ${error}`);
      }
    }
  }

  /**
   * Advances every active promotion as far as it can go now. One queue per
   * stage, oldest first; stages run side by side.
   */
  async runPending(): Promise<void> {
    const active = await this.options.store.listActive();
    const queues = new Map<string, PromotionRecord[]>();
    for (const promotion of active) {
      const queue = queues.get(promotion.environment) ?? [];
      queue.push(promotion);
      queues.set(promotion.environment, queue);
    }
    await Promise.all(
      [...queues.values()].map(async queue => {
        for (const promotion of queue) {
          let next: string | undefined = promotion.id;
          // A failed deploy queues its rollback, which runs right after it.
          while (next) next = await this.process(next);
        }
      }),
    );
  }

  /** Judges the gates of one promotion now, without deploying; used right after a request. */
  async evaluateGates(id: string): Promise<void> {
    await this.withLease(id, async () => {
      const promotion = await this.options.store.getPromotion(id);
      if (promotion && GATE_STATES.includes(promotion.state)) {
        await this.judge(promotion);
      }
    });
  }

  /** Advances one promotion; returns the id of a rollback it queued. */
  private async process(id: string): Promise<string | undefined> {
    let rollback: string | undefined;
    await this.withLease(id, async () => {
      for (;;) {
        const promotion = await this.options.store.getPromotion(id);
        if (!promotion || FINAL_PROMOTION_STATES.includes(promotion.state)) {
          return;
        }
        if (GATE_STATES.includes(promotion.state)) {
          const moved = await this.judge(promotion);
          if (!moved || (await this.stateOf(id)) !== 'deploying') return;
          continue;
        }
        rollback = await this.execute(promotion);
        return;
      }
    });
    return rollback;
  }

  private async stateOf(id: string): Promise<PromotionState | undefined> {
    return (await this.options.store.getPromotion(id))?.state;
  }

  private async withLease(id: string, work: () => Promise<void>) {
    if (this.inFlight.has(id)) return;
    this.inFlight.add(id);
    try {
      const now = this.now();
      const claimed = await this.options.store.claim(
        id,
        this.owner,
        now.toISO()!,
        now.plus(this.options.leaseDuration).toISO()!,
      );
      if (!claimed) return;
      try {
        await work();
      } finally {
        await this.options.store.release(id, this.owner);
      }
    } finally {
      this.inFlight.delete(id);
    }
  }

  private async context(promotion: PromotionRecord) {
    const { store, pipelines, loadEntity } = this.options;
    const artifact = await store.getArtifact(promotion.artifactId);
    if (!artifact) {
      throw new Error(`artifact ${promotion.artifactId} is not registered`);
    }
    const entity = await loadEntity(promotion.entityRef);
    const pipeline = pipelines.resolve(entity);
    const index = pipeline.stages.findIndex(
      s => s.environment.name === promotion.environment,
    );
    if (index < 0) {
      throw new Error(
        `${promotion.environment} is not a stage of pipeline ${pipeline.name}`,
      );
    }
    return {
      artifact,
      entity,
      pipeline,
      stage: pipeline.stages[index],
      previousStage: index > 0 ? pipeline.stages[index - 1] : undefined,
    };
  }

  /** Judges the gates; returns whether the promotion moved to another state. */
  private async judge(promotion: PromotionRecord): Promise<boolean> {
    const { store } = this.options;
    let evaluation;
    try {
      const context = await this.context(promotion);
      evaluation = await this.options.gates.evaluate({
        ...context,
        promotion,
        stageStates: await store.getStageStates(promotion.entityRef),
        verifiedHistory: await store.listSucceeded(promotion.entityRef),
        now: this.now(),
      });
    } catch (error) {
      await this.finish(
        promotion,
        'failed',
        `gates could not be judged: ${(error as Error).message}`,
      );
      return true;
    }
    const { outcome, verdicts } = evaluation;
    const changes: PromotionChanges = {
      gates: verdicts,
      changeRequestId: evaluation.changeRequestId,
    };
    if (outcome === 'fail') {
      const failed = verdicts.find(
        v => v.status === 'fail' || v.status === 'override-fail',
      );
      await this.finish(
        promotion,
        'failed',
        `${failed?.type} gate failed: ${failed?.reason}`,
        verdicts,
        changes,
      );
      return true;
    }
    if (outcome === 'pending') {
      const state: PromotionState = evaluation.awaitingApproval
        ? 'waiting-for-approval'
        : 'waiting-for-gates';
      if (
        state === promotion.state &&
        sameVerdicts(verdicts, promotion.gates)
      ) {
        return false;
      }
      const waiting = verdicts.filter(v => v.status === 'pending');
      return this.move(
        promotion,
        state,
        waiting.map(v => `${v.type}: ${v.reason}`).join('; '),
        verdicts,
        changes,
      );
    }
    const current = await store.getStageState(
      promotion.entityRef,
      promotion.environment,
    );
    return this.move(
      promotion,
      'deploying',
      'every gate passed; deploying',
      verdicts,
      {
        ...changes,
        previousArtifactId:
          current && current.artifactId !== promotion.artifactId
            ? current.artifactId
            : undefined,
      },
    );
  }

  /** Deploys and verifies; on failure rolls back. Returns a queued rollback's id. */
  private async execute(
    promotion: PromotionRecord,
  ): Promise<string | undefined> {
    const { store, auditor, executor } = this.options;
    const event = await auditor.createEvent({
      eventId:
        promotion.kind === 'rollback'
          ? 'promotion-rollback'
          : 'promotion-deploy',
      severityLevel: 'medium',
      meta: {
        promotionId: promotion.id,
        entityRef: promotion.entityRef,
        environment: promotion.environment,
        artifactId: promotion.artifactId,
      },
    });
    let phase = promotion.state === 'deploying' ? 'deploy' : 'verification';
    try {
      const { artifact, entity, stage } = await this.context(promotion);
      const target = executor.targetOf(entity, stage.environment);
      let current = promotion;
      if (current.state === 'deploying') {
        await executor.apply(target, artifact);
        const running = await store.getStageState(
          promotion.entityRef,
          promotion.environment,
        );
        if (running?.artifactId !== artifact.id) {
          await store.upsertStageState({
            entityRef: promotion.entityRef,
            environment: promotion.environment,
            artifactId: artifact.id,
            since: this.now().toISO()!,
            verified: false,
            promotionId: promotion.id,
          });
        }
        await executor.waitForRollout(target, artifact);
        await this.move(
          current,
          'verifying',
          `rollout of ${artifact.imageReference} complete; verifying`,
        );
        current = (await store.getPromotion(promotion.id))!;
      }
      phase = 'verification';
      const result = await executor.verify(target, artifact);
      const at = this.now().toISO()!;
      await store.upsertStageState({
        entityRef: promotion.entityRef,
        environment: promotion.environment,
        artifactId: artifact.id,
        since:
          (
            await store.getStageState(
              promotion.entityRef,
              promotion.environment,
            )
          )?.since ?? at,
        verified: true,
        verifiedAt: at,
        promotionId: promotion.id,
      });
      await this.finish(current, 'succeeded', result);
      await event.success();
      return undefined;
    } catch (error) {
      await event.fail({ error: error as Error });
      const latest = (await store.getPromotion(promotion.id)) ?? promotion;
      return this.recover(
        latest,
        `${phase} failed: ${(error as Error).message}`,
      );
    }
  }

  /** After a failed deploy or verification: roll back to what ran before, unless this is a rollback. */
  private async recover(
    promotion: PromotionRecord,
    message: string,
  ): Promise<string | undefined> {
    const { store } = this.options;
    if (promotion.kind === 'rollback' || !promotion.previousArtifactId) {
      await this.finish(
        promotion,
        'failed',
        promotion.kind === 'rollback'
          ? `${message}; a failed rollback is not rolled back`
          : `${message}; nothing ran before, so there is nothing to roll back to`,
      );
      return undefined;
    }
    const rollbackId = randomUUID();
    const at = this.now().toISO()!;
    await store.transaction(async tx => {
      const moved = await tx.transition(promotion.id, promotion.version, {
        state: 'rolled-back',
        actor: 'system',
        message: `${message}; rolling back to ${promotion.previousArtifactId} (promotion ${rollbackId})`,
        at,
      });
      if (!moved)
        throw new Error(`promotion ${promotion.id} changed concurrently`);
      const inserted = await tx.insertPromotion({
        id: rollbackId,
        entityRef: promotion.entityRef,
        environment: promotion.environment,
        artifactId: promotion.previousArtifactId!,
        kind: 'rollback',
        state: 'deploying',
        requestedBy: 'system',
        requestedAt: at,
        reason: message,
        rollbackOf: promotion.id,
        previousArtifactId: promotion.artifactId,
        message: `automatic rollback of promotion ${promotion.id}; gates are not judged for an automatic rollback`,
      });
      if (!inserted.inserted)
        throw new Error('the rollback could not be queued');
    });
    await this.signal(promotion, 'rolled-back', message);
    await this.closeChangeRequest(promotion, 'failed', message);
    return rollbackId;
  }

  private async move(
    promotion: PromotionRecord,
    state: PromotionState,
    message: string,
    verdicts?: GateVerdict[],
    changes?: PromotionChanges,
  ): Promise<boolean> {
    const moved = await this.options.store.transition(
      promotion.id,
      promotion.version,
      { state, actor: 'system', message, at: this.now().toISO()!, verdicts },
      changes,
    );
    if (moved) await this.signal(promotion, state, message);
    return moved;
  }

  private async finish(
    promotion: PromotionRecord,
    state: 'succeeded' | 'failed',
    message: string,
    verdicts?: GateVerdict[],
    changes?: PromotionChanges,
  ): Promise<void> {
    const moved = await this.move(promotion, state, message, verdicts, changes);
    if (moved) {
      await this.closeChangeRequest(
        {
          ...promotion,
          changeRequestId:
            changes?.changeRequestId ?? promotion.changeRequestId,
        },
        state === 'succeeded' ? 'applied' : 'failed',
        message,
      );
    }
  }

  private async closeChangeRequest(
    promotion: PromotionRecord,
    outcome: 'applied' | 'failed',
    message: string,
  ): Promise<void> {
    if (!promotion.changeRequestId) return;
    try {
      const request = await this.options.changeRequests.get(
        promotion.changeRequestId,
      );
      if (request.state === 'approved') {
        await this.options.changeRequests.recordOutcome(
          request.id,
          'system',
          outcome === 'applied'
            ? { applied: true }
            : { applied: false, error: message },
        );
      }
    } catch (error) {
      this.options.logger.warn(
        `Could not record the outcome of change request ${promotion.changeRequestId}: ${error}`,
      );
    }
  }

  private async signal(
    promotion: PromotionRecord,
    state: PromotionState,
    message: string,
  ): Promise<void> {
    const payload: PromotionSignalMessage = {
      promotionId: promotion.id,
      entityRef: promotion.entityRef,
      environment: promotion.environment,
      state,
      message,
    };
    try {
      await this.options.signals.publish({
        recipients: { type: 'broadcast' },
        channel: promotionSignalChannel(promotion.entityRef),
        message: payload,
      });
    } catch (error) {
      this.options.logger.warn(`Could not publish promotion signal: ${error}`);
    }
  }
}
