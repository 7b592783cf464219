import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  PolicyApplyRecord,
  PolicyVersion,
} from '@idp-platform/backstage-plugin-idp-common';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@idp-platform/backstage-plugin-policy-backend',
  'migrations',
);

/** The current version of a policy. */
export interface PolicyRecord {
  name: string;
  source: string;
  entityRef?: string;
  description?: string;
  version: number;
  updatedBy: string;
  updatedAt: string;
}

/** A stored version with its YAML. */
export interface PolicyVersionRecord extends PolicyVersion {
  yaml: string;
}

/** A new version to store. */
export interface PolicyVersionInput {
  name: string;
  source: string;
  entityRef?: string;
  description?: string;
  /** The version the change was made on; 0 creates the policy. */
  expectedVersion: number;
  yaml: string;
  author: string;
  message?: string;
  now: Date;
}

type PolicyRow = {
  name: string;
  source: string;
  entity_ref: string | null;
  description: string | null;
  version: number;
  updated_by: string;
  updated_at: Date | string;
};

type VersionRow = {
  policy: string;
  version: number;
  yaml: string;
  author: string;
  message: string | null;
  created_at: Date | string;
};

type ApplyRow = {
  id: string;
  policy: string;
  environment: string;
  version: number;
  kind: string;
  status: string;
  cluster: string;
  namespace: string;
  objects: string;
  error: string | null;
  applied_by: string;
  applied_at: Date | string;
  change_request_id: string | null;
  message: string | null;
};

const toIso = (value: Date | string) => new Date(value).toISOString();

function isUniqueViolation(error: unknown): boolean {
  return /unique|duplicate key/i.test(String((error as Error)?.message));
}

/** Persists policies, their versions and their applies. */
export class PolicyStore {
  static async create(database: DatabaseService): Promise<PolicyStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new PolicyStore(client);
  }

  constructor(private readonly db: Knex) {}

  /**
   * Stores a new version if the policy is still at `expectedVersion`: a
   * compare-and-swap on the version column plus the (policy, version)
   * primary key, in one transaction, so of two writers that edited the same
   * version exactly one wins and the other gets a ConflictError.
   */
  async saveVersion(input: PolicyVersionInput): Promise<PolicyVersionRecord> {
    const version = input.expectedVersion + 1;
    const row = {
      source: input.source,
      entity_ref: input.entityRef ?? null,
      description: input.description ?? null,
      version,
      updated_by: input.author,
      updated_at: input.now,
    };
    try {
      await this.db.transaction(async tx => {
        if (input.expectedVersion === 0) {
          await tx<PolicyRow>('policy_policies').insert({
            name: input.name,
            ...row,
          });
        } else {
          const updated = await tx<PolicyRow>('policy_policies')
            .where({ name: input.name, version: input.expectedVersion })
            .update(row);
          if (updated !== 1) {
            const current = await tx<PolicyRow>('policy_policies')
              .where({ name: input.name })
              .first();
            if (!current) throw new NotFoundError(`No policy ${input.name}`);
            throw new ConflictError(
              `Policy ${input.name} is at version ${current.version}, not ${input.expectedVersion}; reload and edit the current version`,
            );
          }
        }
        await tx<VersionRow>('policy_versions').insert({
          policy: input.name,
          version,
          yaml: input.yaml,
          author: input.author,
          message: input.message ?? null,
          created_at: input.now,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          input.expectedVersion === 0
            ? `Policy ${input.name} already exists; load it and edit its current version`
            : `Policy ${input.name} was changed concurrently from version ${input.expectedVersion}; reload and edit the current version`,
        );
      }
      throw error;
    }
    return {
      name: input.name,
      version,
      yaml: input.yaml,
      author: input.author,
      message: input.message,
      createdAt: input.now.toISOString(),
    };
  }

  async getPolicy(name: string): Promise<PolicyRecord | undefined> {
    const row = await this.db<PolicyRow>('policy_policies')
      .where({ name })
      .first();
    return row ? this.toPolicy(row) : undefined;
  }

  async listPolicies(): Promise<PolicyRecord[]> {
    const rows = await this.db<PolicyRow>('policy_policies').orderBy('name');
    return rows.map(row => this.toPolicy(row));
  }

  /** Versions newest first, without their YAML. */
  async listVersions(name: string): Promise<PolicyVersion[]> {
    const rows = await this.db<VersionRow>('policy_versions')
      .where({ policy: name })
      .orderBy('version', 'desc');
    return rows.map(row => {
      const { yaml, ...version } = this.toVersion(row);
      return version;
    });
  }

  async getVersion(
    name: string,
    version: number,
  ): Promise<PolicyVersionRecord | undefined> {
    const row = await this.db<VersionRow>('policy_versions')
      .where({ policy: name, version })
      .first();
    return row ? this.toVersion(row) : undefined;
  }

  async recordApply(
    input: Omit<PolicyApplyRecord, 'id' | 'appliedAt'> & { appliedAt: Date },
  ): Promise<PolicyApplyRecord> {
    const id = randomUUID();
    await this.db<ApplyRow>('policy_applies').insert({
      id,
      policy: input.policy,
      environment: input.environment,
      version: input.version,
      kind: input.kind,
      status: input.status,
      cluster: input.cluster,
      namespace: input.namespace,
      objects: JSON.stringify(input.objects),
      error: input.error ?? null,
      applied_by: input.appliedBy,
      applied_at: input.appliedAt,
      change_request_id: input.changeRequestId ?? null,
      message: input.message ?? null,
    });
    return { ...input, id, appliedAt: input.appliedAt.toISOString() };
  }

  /** Applies newest first, optionally of one environment. */
  async listApplies(
    policy: string,
    environment?: string,
  ): Promise<PolicyApplyRecord[]> {
    const rows = await this.db<ApplyRow>('policy_applies')
      .where({ policy, ...(environment && { environment }) })
      .orderBy('seq', 'desc');
    return rows.map(row => this.toApply(row));
  }

  /** The last successful apply per environment. */
  async lastApplied(policy: string): Promise<Map<string, PolicyApplyRecord>> {
    const last = new Map<string, PolicyApplyRecord>();
    for (const record of await this.listApplies(policy)) {
      if (record.status === 'applied' && !last.has(record.environment)) {
        last.set(record.environment, record);
      }
    }
    return last;
  }

  private toPolicy(row: PolicyRow): PolicyRecord {
    return {
      name: row.name,
      source: row.source,
      ...(row.entity_ref && { entityRef: row.entity_ref }),
      ...(row.description && { description: row.description }),
      version: Number(row.version),
      updatedBy: row.updated_by,
      updatedAt: toIso(row.updated_at),
    };
  }

  private toVersion(row: VersionRow): PolicyVersionRecord {
    return {
      name: row.policy,
      version: Number(row.version),
      yaml: row.yaml,
      author: row.author,
      ...(row.message && { message: row.message }),
      createdAt: toIso(row.created_at),
    };
  }

  private toApply(row: ApplyRow): PolicyApplyRecord {
    return {
      id: row.id,
      policy: row.policy,
      environment: row.environment,
      version: Number(row.version),
      kind: row.kind as PolicyApplyRecord['kind'],
      status: row.status as PolicyApplyRecord['status'],
      cluster: row.cluster,
      namespace: row.namespace,
      objects: JSON.parse(row.objects),
      ...(row.error && { error: row.error }),
      appliedBy: row.applied_by,
      appliedAt: toIso(row.applied_at),
      ...(row.change_request_id && { changeRequestId: row.change_request_id }),
      ...(row.message && { message: row.message }),
    };
  }
}
