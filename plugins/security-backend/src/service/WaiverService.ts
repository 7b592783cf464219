import { AuditorService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ChangeRequest,
  SecurityWaiver,
  WaiverRequest,
  WaiverRequestResult,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  ChangeRequestActor,
  ChangeRequestService,
  EnvironmentService,
} from '@idp-platform/backstage-plugin-idp-node';
import { z } from 'zod';
import { SecurityStore } from '../database/SecurityStore';

/** Change requests of this kind ask for a waiver. */
export const SECURITY_WAIVER_KIND = 'security-waiver';

const DAY_MS = 24 * 60 * 60 * 1000;

const waiverPayloadSchema = z.object({
  entityRef: z.string(),
  vulnerabilityId: z.string(),
  packageName: z.string().optional(),
  justification: z.string(),
  expiresAt: z.string(),
});

type WaiverPayload = z.infer<typeof waiverPayloadSchema>;

/** A date alone means midnight UTC at the start of that day. */
function normaliseExpiry(expiresAt: string): string {
  return new Date(
    /^\d{4}-\d{2}-\d{2}$/.test(expiresAt)
      ? `${expiresAt}T00:00:00.000Z`
      : expiresAt,
  ).toISOString();
}

// Bypassed requests have no approvals; whoever moved them to approved counts.
function approversOf(request: ChangeRequest): string[] {
  const approvals = request.approvals
    .filter(approval => approval.decision === 'approve')
    .map(approval => approval.approver);
  if (approvals.length) return approvals;
  const approved = [...request.history]
    .reverse()
    .find(t => t.to === 'approved');
  return approved ? [approved.actor] : [];
}

/**
 * Waivers through the change-request engine: a request opens a change request
 * in the most protected environment; its approval stores the waiver, which
 * the gate then honours until it expires.
 */
export class WaiverService {
  constructor(
    private readonly options: {
      store: SecurityStore;
      changeRequests: ChangeRequestService;
      environments: EnvironmentService;
      auditor: AuditorService;
      /** How far ahead a waiver may expire, in days. */
      maxDays: number;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /**
   * Opens the change request for a waiver. The last environment is the most
   * protected: its approvers (or else the entity's owner) decide, and at
   * least one approval is always needed.
   */
  async request(input: {
    waiver: WaiverRequest;
    requester: ChangeRequestActor;
    ownerRef?: string;
  }): Promise<WaiverRequestResult> {
    const { waiver } = input;
    const now = this.now().getTime();
    const expiresAt = normaliseExpiry(waiver.expiresAt);
    if (Date.parse(expiresAt) <= now) {
      throw new InputError(
        `Invalid request: expiresAt: must be in the future, got ${expiresAt}`,
      );
    }
    const latest = now + this.options.maxDays * DAY_MS;
    if (Date.parse(expiresAt) > latest) {
      throw new InputError(
        `Invalid request: expiresAt: must be at most ${
          this.options.maxDays
        } days ahead (${new Date(latest).toISOString()})`,
      );
    }
    const environments = this.options.environments.list();
    const environment = environments[environments.length - 1];
    const approvers = environment.approvers.length
      ? environment.approvers
      : [input.ownerRef].filter((ref): ref is string => Boolean(ref));
    if (!approvers.length) {
      throw new InputError(
        `${waiver.entityRef} has no owner and ${environment.name} names no approvers; nobody could approve the waiver`,
      );
    }
    const payload: WaiverPayload = {
      entityRef: waiver.entityRef,
      vulnerabilityId: waiver.vulnerabilityId,
      packageName: waiver.packageName,
      justification: waiver.justification,
      expiresAt,
    };
    const inPackage = waiver.packageName ? ` in ${waiver.packageName}` : '';
    const request = await this.options.changeRequests.open({
      pluginId: 'security',
      requester: input.requester,
      input: {
        kind: SECURITY_WAIVER_KIND,
        title: `Waive ${waiver.vulnerabilityId}${inPackage} for ${
          waiver.entityRef
        } until ${expiresAt.slice(0, 10)}`.slice(0, 200),
        description: waiver.justification,
        environment: environment.name,
        entityRef: waiver.entityRef,
        payload,
      },
      requiredApprovals: Math.max(1, environment.requiredApprovals),
      approvers,
    });
    return { status: 'pending-approval', changeRequestId: request.id };
  }

  /**
   * Stores the waiver of an approved change request and records the request
   * as applied. Requests of other kinds or states are left alone.
   */
  async applyApproved(request: ChangeRequest): Promise<void> {
    if (request.kind !== SECURITY_WAIVER_KIND || request.state !== 'approved') {
      return;
    }
    const { store, changeRequests, auditor } = this.options;
    const event = await auditor.createEvent({
      eventId: 'security-waiver-apply',
      severityLevel: 'medium',
      meta: { changeRequestId: request.id, entityRef: request.entityRef ?? '' },
    });
    try {
      const payload = waiverPayloadSchema.parse(request.payload);
      await store.insertWaiver({
        id: request.id,
        entityRef: payload.entityRef,
        vulnerabilityId: payload.vulnerabilityId,
        packageName: payload.packageName,
        justification: payload.justification,
        requestedBy: request.requester,
        approvedBy: approversOf(request),
        approvedAt: this.now().toISOString(),
        createdAt: request.createdAt,
        expiresAt: payload.expiresAt,
      });
      await changeRequests.recordOutcome(request.id, 'plugin:security', {
        applied: true,
      });
      await event.success();
    } catch (error) {
      await event.fail({ error: error as Error });
      await changeRequests
        .recordOutcome(request.id, 'plugin:security', {
          applied: false,
          error: String(error),
        })
        .catch(() => undefined);
      throw error;
    }
  }

  /**
   * The entity's waivers: stored ones (active or expired) and those whose
   * change request is still open (pending), newest first.
   */
  async list(entityRef: string): Promise<SecurityWaiver[]> {
    const { store, changeRequests } = this.options;
    const stored = await store.listWaivers(entityRef, this.now().toISOString());
    const storedIds = new Set(stored.map(waiver => waiver.id));
    const open = await changeRequests.list({
      pluginId: 'security',
      entityRef,
      states: ['pending', 'approved'],
    });
    const pending = open
      .filter(r => r.kind === SECURITY_WAIVER_KIND && !storedIds.has(r.id))
      .map((request): SecurityWaiver => {
        const payload = waiverPayloadSchema.parse(request.payload);
        return {
          id: request.id,
          entityRef: payload.entityRef,
          vulnerabilityId: payload.vulnerabilityId,
          packageName: payload.packageName,
          justification: payload.justification,
          requestedBy: request.requester,
          approvedBy: [],
          changeRequestId: request.id,
          createdAt: request.createdAt,
          expiresAt: payload.expiresAt,
          state: 'pending',
        };
      });
    return [...pending, ...stored];
  }
}
