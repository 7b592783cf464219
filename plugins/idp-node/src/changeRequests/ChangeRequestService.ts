import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { Duration, DateTime } from 'luxon';
import { AuditorService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  ChangeRequest,
  ChangeRequestCreate,
  ChangeRequestDecision,
  ChangeRequestState,
  FINAL_CHANGE_REQUEST_STATES,
} from '@idp-platform/backstage-plugin-idp-common';
import { ChangeRequestFilter, ChangeRequestStore } from './ChangeRequestStore';

/** Who acts on a change request. @public */
export interface ChangeRequestActor {
  userEntityRef: string;
  /** The user's own ref and the refs of the groups they belong to. */
  ownershipEntityRefs: string[];
}

/** Options shared by every change. @public */
export interface ChangeRequestCallOptions {
  /** The HTTP request that caused the change, attached to the audit event. */
  request?: Request<any, any, any, any, any>;
}

/** What a plugin decides when it opens a request. @public */
export interface ChangeRequestOpenOptions extends ChangeRequestCallOptions {
  pluginId: string;
  requester: ChangeRequestActor;
  input: ChangeRequestCreate;
  requiredApprovals: number;
  /** Entity refs allowed to approve: groups (membership counts) or users. */
  approvers: string[];
}

/**
 * The change-request engine: requests, approvals with separation of duties,
 * expiry and a stored, audited history of every transition.
 *
 * @public
 */
export class ChangeRequestService {
  constructor(
    private readonly store: ChangeRequestStore,
    private readonly auditor: AuditorService,
    private readonly options: {
      defaultExpiry: Duration;
      now?: () => DateTime;
    },
  ) {}

  // Timestamps are stored as UTC ISO strings so they compare correctly as text.
  private now(): DateTime {
    return (this.options.now ?? (() => DateTime.utc()))().toUTC();
  }

  async open(options: ChangeRequestOpenOptions): Promise<ChangeRequest> {
    const { input, requester } = options;
    return this.audited(
      'change-request-open',
      options,
      { kind: input.kind, environment: input.environment },
      async () => {
        if (
          options.requiredApprovals < 0 ||
          !Number.isInteger(options.requiredApprovals)
        ) {
          throw new InputError(
            'requiredApprovals must be a whole number of at least 0',
          );
        }
        if (options.requiredApprovals > 0 && options.approvers.length === 0) {
          throw new InputError(
            `approvers must name at least one group or user for environment ${input.environment}`,
          );
        }
        const expiry = input.expiresIn
          ? Duration.fromISO(input.expiresIn)
          : this.options.defaultExpiry;
        if (!expiry.isValid || expiry.toMillis() <= 0) {
          throw new InputError(
            `expiresIn must be a positive ISO 8601 duration, got "${input.expiresIn}"`,
          );
        }
        const now = this.now();
        const at = now.toISO()!;
        const state: ChangeRequestState =
          options.requiredApprovals === 0 ? 'approved' : 'pending';
        const request: ChangeRequest = {
          id: randomUUID(),
          pluginId: options.pluginId,
          kind: input.kind,
          title: input.title,
          description: input.description,
          environment: input.environment,
          entityRef: input.entityRef,
          requester: requester.userEntityRef,
          requiredApprovals: options.requiredApprovals,
          approvers: [...new Set(options.approvers)],
          payload: input.payload ?? null,
          state,
          createdAt: at,
          updatedAt: at,
          expiresAt: now.plus(expiry).toISO()!,
          version: 1,
          approvals: [],
          history: [],
        };
        await this.store.transaction(async tx => {
          await tx.insert(request);
          await tx.insertTransition(request.id, {
            from: null,
            to: 'pending',
            actor: requester.userEntityRef,
            at,
          });
          if (state === 'approved') {
            await tx.insertTransition(request.id, {
              from: 'pending',
              to: 'approved',
              actor: requester.userEntityRef,
              reason: 'no approvals required',
              at,
            });
          }
        });
        return this.get(request.id);
      },
    );
  }

  /** Reads a request, expiring it first when its time is up. */
  async get(id: string): Promise<ChangeRequest> {
    await this.expireIfDue(id);
    const request = await this.store.get(id);
    if (!request) throw new NotFoundError(`No change request with id ${id}`);
    return request;
  }

  async list(filter: ChangeRequestFilter): Promise<ChangeRequest[]> {
    await this.expireDue();
    return this.store.list(filter);
  }

  /**
   * Records an approval or rejection. The requester may not decide their own
   * request; only eligible approvers may decide; each approver decides once.
   * Concurrent deciders are serialised: each sees the other's decision.
   */
  async decide(
    id: string,
    actor: ChangeRequestActor,
    decision: ChangeRequestDecision,
    options?: ChangeRequestCallOptions,
  ): Promise<ChangeRequest> {
    return this.audited(
      'change-request-decide',
      options,
      { id, decision: decision.decision },
      async () => {
        await this.expireIfDue(id);
        await this.store.transaction(async tx => {
          const request = await tx.get(id, { forUpdate: true });
          if (!request)
            throw new NotFoundError(`No change request with id ${id}`);
          if (request.state !== 'pending') {
            throw new ConflictError(
              `Change request ${id} is ${request.state}, not pending`,
            );
          }
          if (request.requester === actor.userEntityRef) {
            throw new NotAllowedError(
              'The requester of a change request cannot approve or reject it',
            );
          }
          if (!isEligible(request, actor)) {
            throw new NotAllowedError(
              `Only members of ${request.approvers.join(
                ', ',
              )} may decide change request ${id}`,
            );
          }
          if (request.approvals.some(a => a.approver === actor.userEntityRef)) {
            throw new ConflictError(
              `${actor.userEntityRef} has already decided change request ${id}`,
            );
          }
          const at = this.now().toISO()!;
          await tx.insertDecision(id, {
            approver: actor.userEntityRef,
            decision: decision.decision,
            comment: decision.comment,
            decidedAt: at,
          });
          const approvals =
            request.approvals.filter(a => a.decision === 'approve').length +
            (decision.decision === 'approve' ? 1 : 0);
          let next: ChangeRequestState | undefined;
          if (decision.decision === 'reject') next = 'rejected';
          else if (approvals >= request.requiredApprovals) next = 'approved';
          const moved = await tx.transition(id, request.version, {
            from: request.state,
            to: next ?? request.state,
            actor: actor.userEntityRef,
            reason:
              decision.comment ??
              `${decision.decision} (${approvals} of ${request.requiredApprovals})`,
            at,
          });
          if (!moved)
            throw new ConflictError(
              `Change request ${id} was changed concurrently; reload and retry`,
            );
        });
        return this.get(id);
      },
    );
  }

  /**
   * Replaces the payload of a pending request. Editing revokes every approval
   * given so far: approvers approved the old content, not the new one.
   */
  async edit(
    id: string,
    actor: ChangeRequestActor,
    payload: unknown,
    expectedVersion: number,
    options?: ChangeRequestCallOptions,
  ): Promise<ChangeRequest> {
    return this.audited('change-request-edit', options, { id }, async () => {
      await this.store.transaction(async tx => {
        const request = await this.requireState(tx, id, [
          'pending',
          'approved',
        ]);
        if (request.requester !== actor.userEntityRef) {
          throw new NotAllowedError(
            'Only the requester may edit a change request',
          );
        }
        await tx.deleteDecisions(id);
        const moved = await tx.transition(
          id,
          expectedVersion,
          {
            from: request.state,
            to: request.requiredApprovals > 0 ? 'pending' : 'approved',
            actor: actor.userEntityRef,
            reason: 'edited; approvals revoked',
            at: this.now().toISO()!,
          },
          { payload },
        );
        if (!moved)
          throw new ConflictError(
            `Change request ${id} has changed since version ${expectedVersion}`,
          );
      });
      return this.get(id);
    });
  }

  async cancel(
    id: string,
    actor: ChangeRequestActor,
    options?: ChangeRequestCallOptions,
  ): Promise<ChangeRequest> {
    return this.audited('change-request-cancel', options, { id }, async () => {
      await this.store.transaction(async tx => {
        const request = await this.requireState(tx, id, [
          'pending',
          'approved',
        ]);
        if (request.requester !== actor.userEntityRef) {
          throw new NotAllowedError(
            'Only the requester may cancel a change request',
          );
        }
        await this.move(
          tx,
          request,
          'cancelled',
          actor.userEntityRef,
          'cancelled by requester',
        );
      });
      return this.get(id);
    });
  }

  /**
   * Approves a request without approvals in an emergency. The caller must
   * have checked the emergency-bypass permission; the reason is mandatory.
   */
  async bypass(
    id: string,
    actor: ChangeRequestActor,
    reason: string,
    options?: ChangeRequestCallOptions,
  ): Promise<ChangeRequest> {
    return this.audited(
      'change-request-bypass',
      { ...options, severityLevel: 'high' },
      { id },
      async () => {
        if (!reason.trim())
          throw new InputError('reason is required for an emergency bypass');
        await this.store.transaction(async tx => {
          const request = await this.requireState(tx, id, ['pending']);
          await this.move(
            tx,
            request,
            'approved',
            actor.userEntityRef,
            `emergency bypass: ${reason}`,
          );
        });
        return this.get(id);
      },
    );
  }

  /** Records that an approved request was applied, or failed to apply. */
  async recordOutcome(
    id: string,
    actor: string,
    outcome: { applied: true } | { applied: false; error: string },
    options?: ChangeRequestCallOptions,
  ): Promise<ChangeRequest> {
    return this.audited(
      'change-request-apply',
      options,
      { id, applied: outcome.applied },
      async () => {
        await this.store.transaction(async tx => {
          const request = await this.requireState(tx, id, ['approved']);
          await this.move(
            tx,
            request,
            outcome.applied ? 'applied' : 'failed',
            actor,
            outcome.applied ? undefined : outcome.error,
          );
        });
        return this.get(id);
      },
    );
  }

  /** Expires every pending request whose time is up; run on a schedule. */
  async expireDue(): Promise<number> {
    const ids = await this.store.listExpired(this.now().toISO()!);
    for (const id of ids) await this.expireIfDue(id);
    return ids.length;
  }

  private async expireIfDue(id: string): Promise<void> {
    const now = this.now();
    await this.store.transaction(async tx => {
      const request = await tx.get(id, { forUpdate: true });
      if (!request || request.state !== 'pending') return;
      if (DateTime.fromISO(request.expiresAt) > now) return;
      await tx.transition(id, request.version, {
        from: 'pending',
        to: 'expired',
        actor: 'system',
        reason: `not approved before ${request.expiresAt}`,
        at: now.toISO()!,
      });
    });
  }

  private async requireState(
    tx: ChangeRequestStore,
    id: string,
    states: ChangeRequestState[],
  ): Promise<ChangeRequest> {
    const request = await tx.get(id, { forUpdate: true });
    if (!request) throw new NotFoundError(`No change request with id ${id}`);
    if (!states.includes(request.state)) {
      const final = FINAL_CHANGE_REQUEST_STATES.includes(request.state)
        ? ' and can no longer change'
        : '';
      throw new ConflictError(
        `Change request ${id} is ${request.state}${final}`,
      );
    }
    return request;
  }

  private async move(
    tx: ChangeRequestStore,
    request: ChangeRequest,
    to: ChangeRequestState,
    actor: string,
    reason?: string,
  ): Promise<void> {
    const moved = await tx.transition(request.id, request.version, {
      from: request.state,
      to,
      actor,
      reason,
      at: this.now().toISO()!,
    });
    if (!moved)
      throw new ConflictError(
        `Change request ${request.id} was changed concurrently; reload and retry`,
      );
  }

  private async audited<T>(
    eventId: string,
    options:
      | (ChangeRequestCallOptions & {
          severityLevel?: 'low' | 'medium' | 'high';
        })
      | undefined,
    meta: Record<string, string | number | boolean>,
    fn: () => Promise<T>,
  ): Promise<T> {
    const event = await this.auditor.createEvent({
      eventId,
      severityLevel: options?.severityLevel ?? 'medium',
      request: options?.request,
      meta,
    });
    try {
      const result = await fn();
      await event.success();
      return result;
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  }
}

function isEligible(
  request: ChangeRequest,
  actor: ChangeRequestActor,
): boolean {
  const refs = new Set(
    [actor.userEntityRef, ...actor.ownershipEntityRefs].map(r =>
      r.toLocaleLowerCase('en-US'),
    ),
  );
  return request.approvers.some(ref =>
    refs.has(ref.toLocaleLowerCase('en-US')),
  );
}
