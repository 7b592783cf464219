import { z } from 'zod';
import { GateVerdict } from './gateVerdicts';

/**
 * The states of a promotion, in order. `succeeded`, `failed` and
 * `rolled-back` are final; a rolled-back promotion's change was undone by a
 * rollback promotion.
 *
 * @public
 */
export const PROMOTION_STATES = [
  'requested',
  'waiting-for-gates',
  'waiting-for-approval',
  'deploying',
  'verifying',
  'succeeded',
  'failed',
  'rolled-back',
] as const;

/** @public */
export type PromotionState = (typeof PROMOTION_STATES)[number];

/** @public */
export const FINAL_PROMOTION_STATES: PromotionState[] = [
  'succeeded',
  'failed',
  'rolled-back',
];

/**
 * `promotion` moves stage by stage; `hotfix` may skip stages (still passing
 * the security gate) and needs a reason; `rollback` returns a stage to an
 * artifact verified there before.
 *
 * @public
 */
export const PROMOTION_KINDS = ['promotion', 'hotfix', 'rollback'] as const;

/** @public */
export type PromotionKind = (typeof PROMOTION_KINDS)[number];

/**
 * One recorded step of a promotion: every state change, with the gate
 * verdicts judged at that moment.
 *
 * @public
 */
export interface PromotionStep {
  state: PromotionState;
  actor: string;
  message: string;
  at: string;
  verdicts?: GateVerdict[];
}

/**
 * A request to run one artifact in one environment, and what became of it.
 *
 * @public
 */
export interface Promotion {
  id: string;
  entityRef: string;
  environment: string;
  artifactId: string;
  kind: PromotionKind;
  state: PromotionState;
  requestedBy: string;
  requestedAt: string;
  updatedAt: string;
  finishedAt?: string;
  reason?: string;
  /** The last step's message. */
  message?: string;
  /** What ran in the environment when deploying began; the rollback target. */
  previousArtifactId?: string;
  /** For a rollback: the promotion it undoes. */
  rollbackOf?: string;
  /** For a retry: the promotion it repeats. */
  retryOf?: string;
  changeRequestId?: string;
  /** The latest verdict of every gate judged so far. */
  gates: GateVerdict[];
  steps: PromotionStep[];
}

/**
 * Body of `POST /promotions` (and the `promotion:promote` action).
 *
 * @public
 */
export const promoteRequestSchema = z
  .object({
    entityRef: z.string().min(1),
    artifactId: z
      .string()
      .regex(/^[a-f0-9]{64}$/, 'must be an artifact id (64 hex characters)'),
    environment: z.string().min(1),
    kind: z.enum(PROMOTION_KINDS).default('promotion'),
    reason: z.string().trim().max(2000).optional(),
    /** Repeating a request with the same key returns the same promotion. */
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .refine(request => request.kind !== 'hotfix' || !!request.reason, {
    message: 'is required for a hotfix',
    path: ['reason'],
  });

/** @public */
export type PromoteRequest = z.input<typeof promoteRequestSchema>;

/** Query of `GET /promotions` and `GET /history`. @public */
export const promotionListQuerySchema = z.object({
  entityRef: z.string().min(1).optional(),
  environment: z.string().min(1).optional(),
  state: z.enum(PROMOTION_STATES).optional(),
  kind: z.enum(PROMOTION_KINDS).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).default(0),
});

/** @public */
export type PromotionListQuery = z.infer<typeof promotionListQuerySchema>;

/** @public */
export interface PromotionPage {
  items: Promotion[];
  totalCount: number;
  limit: number;
  offset: number;
  /** Offset of the next page, absent on the last one. */
  nextOffset?: number;
}

/**
 * The message of a signal on channel `promotion:<entityRef>`, sent on every
 * state change.
 *
 * @public
 */
export interface PromotionSignalMessage {
  promotionId: string;
  entityRef: string;
  environment: string;
  state: PromotionState;
  message: string;
  [key: string]: string;
}

/** The signal channel of a component's promotions. @public */
export function promotionSignalChannel(entityRef: string): string {
  return `promotion:${entityRef}`;
}
