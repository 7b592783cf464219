import { Knex } from 'knex';
import { changeRequestMigrations } from './changeRequestMigrations';
import {
  ChangeRequest,
  ChangeRequestApproval,
  ChangeRequestState,
  ChangeRequestTransition,
} from '@idp-platform/backstage-plugin-idp-common';

const REQUESTS = 'idp_change_requests';
const DECISIONS = 'idp_change_request_decisions';
const TRANSITIONS = 'idp_change_request_transitions';

type RequestRow = {
  id: string;
  plugin_id: string;
  kind: string;
  title: string;
  description: string | null;
  environment: string;
  entity_ref: string | null;
  requester: string;
  required_approvals: number;
  approvers: string;
  payload: string;
  state: ChangeRequestState;
  version: number;
  created_at: string;
  updated_at: string;
  expires_at: string;
};

/** Filters for listing change requests. @public */
export interface ChangeRequestFilter {
  pluginId?: string;
  states?: ChangeRequestState[];
  entityRef?: string;
  environment?: string;
  requester?: string;
}

/**
 * Persists change requests with knex; knows nothing of permissions or rules.
 * Its tables live in the database of the plugin that uses the engine, with
 * their own migrations table so they never collide with the plugin's own.
 *
 * @public
 */
export class ChangeRequestStore {
  static async create(knex: Knex): Promise<ChangeRequestStore> {
    await knex.migrate.latest({
      migrationSource: changeRequestMigrations,
      tableName: 'idp_change_requests_knex_migrations',
    });
    return new ChangeRequestStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  transaction<T>(fn: (store: ChangeRequestStore) => Promise<T>): Promise<T> {
    return this.knex.transaction(tx => fn(new ChangeRequestStore(tx)));
  }

  async insert(request: ChangeRequest): Promise<void> {
    await this.knex<RequestRow>(REQUESTS).insert({
      id: request.id,
      plugin_id: request.pluginId,
      kind: request.kind,
      title: request.title,
      description: request.description ?? null,
      environment: request.environment,
      entity_ref: request.entityRef ?? null,
      requester: request.requester,
      required_approvals: request.requiredApprovals,
      approvers: JSON.stringify(request.approvers),
      payload: JSON.stringify(request.payload ?? null),
      state: request.state,
      version: request.version,
      created_at: request.createdAt,
      updated_at: request.updatedAt,
      expires_at: request.expiresAt,
    });
  }

  /** Reads one request; `forUpdate` locks its row until the transaction ends (PostgreSQL). */
  async get(
    id: string,
    options?: { forUpdate?: boolean },
  ): Promise<ChangeRequest | undefined> {
    let query = this.knex<RequestRow>(REQUESTS).where({ id });
    if (options?.forUpdate && this.knex.client.config.client === 'pg') {
      query = query.forUpdate();
    }
    const row = await query.first();
    if (!row) return undefined;
    const [withDetails] = await this.withDetails([row]);
    return withDetails;
  }

  async list(filter: ChangeRequestFilter): Promise<ChangeRequest[]> {
    const query = this.knex<RequestRow>(REQUESTS).orderBy('created_at', 'desc');
    if (filter.pluginId) query.where('plugin_id', filter.pluginId);
    if (filter.states?.length) query.whereIn('state', filter.states);
    if (filter.entityRef) query.where('entity_ref', filter.entityRef);
    if (filter.environment) query.where('environment', filter.environment);
    if (filter.requester) query.where('requester', filter.requester);
    return this.withDetails(await query);
  }

  /** Ids of pending requests whose expiry is at or before `now`. */
  async listExpired(now: string): Promise<string[]> {
    const rows = await this.knex<RequestRow>(REQUESTS)
      .where('state', 'pending')
      .where('expires_at', '<=', now)
      .select('id');
    return rows.map(row => row.id);
  }

  async insertDecision(
    requestId: string,
    approval: ChangeRequestApproval,
  ): Promise<void> {
    await this.knex(DECISIONS).insert({
      request_id: requestId,
      approver: approval.approver,
      decision: approval.decision,
      comment: approval.comment ?? null,
      decided_at: approval.decidedAt,
    });
  }

  async deleteDecisions(requestId: string): Promise<void> {
    await this.knex(DECISIONS).where({ request_id: requestId }).delete();
  }

  /**
   * Moves a request to a new state if it still has `expectedVersion`.
   * Returns false when someone else changed it first.
   */
  async transition(
    id: string,
    expectedVersion: number,
    transition: ChangeRequestTransition,
    changes?: { payload?: unknown },
  ): Promise<boolean> {
    const updated = await this.knex<RequestRow>(REQUESTS)
      .where({ id, version: expectedVersion })
      .update({
        state: transition.to,
        version: expectedVersion + 1,
        updated_at: transition.at,
        ...(changes && 'payload' in changes
          ? { payload: JSON.stringify(changes.payload ?? null) }
          : {}),
      });
    if (updated === 0) return false;
    await this.insertTransition(id, transition);
    return true;
  }

  async insertTransition(
    requestId: string,
    transition: ChangeRequestTransition,
  ): Promise<void> {
    await this.knex(TRANSITIONS).insert({
      request_id: requestId,
      from_state: transition.from,
      to_state: transition.to,
      actor: transition.actor,
      reason: transition.reason ?? null,
      at: transition.at,
    });
  }

  private async withDetails(rows: RequestRow[]): Promise<ChangeRequest[]> {
    if (!rows.length) return [];
    const ids = rows.map(row => row.id);
    const decisions = await this.knex(DECISIONS)
      .whereIn('request_id', ids)
      .orderBy('decided_at', 'asc');
    const transitions = await this.knex(TRANSITIONS)
      .whereIn('request_id', ids)
      .orderBy('id', 'asc');
    return rows.map(row => ({
      id: row.id,
      pluginId: row.plugin_id,
      kind: row.kind,
      title: row.title,
      description: row.description ?? undefined,
      environment: row.environment,
      entityRef: row.entity_ref ?? undefined,
      requester: row.requester,
      requiredApprovals: Number(row.required_approvals),
      approvers: JSON.parse(row.approvers),
      payload: JSON.parse(row.payload),
      state: row.state,
      version: Number(row.version),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      expiresAt: row.expires_at,
      approvals: decisions
        .filter(d => d.request_id === row.id)
        .map(d => ({
          approver: d.approver,
          decision: d.decision,
          comment: d.comment ?? undefined,
          decidedAt: d.decided_at,
        })),
      history: transitions
        .filter(t => t.request_id === row.id)
        .map(t => ({
          from: t.from_state ?? null,
          to: t.to_state,
          actor: t.actor,
          reason: t.reason ?? undefined,
          at: t.at,
        })),
    }));
  }
}
