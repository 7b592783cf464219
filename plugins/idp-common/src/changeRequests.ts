import { z } from 'zod';

/**
 * The states of a change request. `pending` waits for approvals; `approved`
 * may be applied; `applied` and `failed` record the outcome of applying it.
 *
 * @public
 */
export const CHANGE_REQUEST_STATES = [
  'pending',
  'approved',
  'rejected',
  'expired',
  'cancelled',
  'applied',
  'failed',
] as const;

/** @public */
export type ChangeRequestState = (typeof CHANGE_REQUEST_STATES)[number];

/** States from which a request can no longer move. @public */
export const FINAL_CHANGE_REQUEST_STATES: ChangeRequestState[] = [
  'rejected',
  'expired',
  'cancelled',
  'applied',
  'failed',
];

/** @public */
export interface ChangeRequestApproval {
  approver: string;
  decision: 'approve' | 'reject';
  comment?: string;
  decidedAt: string;
}

/** @public */
export interface ChangeRequestTransition {
  from: ChangeRequestState | null;
  to: ChangeRequestState;
  actor: string;
  reason?: string;
  at: string;
}

/**
 * A change that needs approvals before it reaches a protected environment.
 *
 * @public
 */
export interface ChangeRequest {
  id: string;
  /** Plugin that owns the change, for example `promotion`. */
  pluginId: string;
  /** What kind of change, for example `promote` or `config-change`. */
  kind: string;
  title: string;
  description?: string;
  environment: string;
  /** Catalog entity the change belongs to, if any. */
  entityRef?: string;
  requester: string;
  requiredApprovals: number;
  /** Group or user entity refs allowed to approve. */
  approvers: string[];
  /** The change itself, interpreted by the owning plugin. */
  payload: unknown;
  state: ChangeRequestState;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  /** Optimistic-concurrency version, increased on every change. */
  version: number;
  approvals: ChangeRequestApproval[];
  history: ChangeRequestTransition[];
}

/** @public */
export const changeRequestCreateSchema = z.object({
  kind: z.string().min(1).max(100),
  title: z.string().min(1).max(200),
  description: z.string().max(5000).optional(),
  environment: z.string().min(1),
  entityRef: z.string().optional(),
  payload: z.unknown(),
  /** ISO 8601 duration; defaults to the engine's configured expiry. */
  expiresIn: z.string().optional(),
});

/** @public */
export type ChangeRequestCreate = z.infer<typeof changeRequestCreateSchema>;

/** @public */
export const changeRequestDecisionSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().max(2000).optional(),
});

/** @public */
export type ChangeRequestDecision = z.infer<typeof changeRequestDecisionSchema>;
