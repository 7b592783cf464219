import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  ApplicationConfigurationSpec,
  ConfigApplyResult,
  ConfigChangeKind,
  ConfigChangeSet,
  ConfigDriftReport,
} from '@idp-platform/backstage-plugin-idp-common';
import { KubernetesObject } from '@idp-platform/backstage-plugin-idp-node';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@idp-platform/backstage-plugin-config-backend',
  'migrations',
);

/** The current version of an application configuration. */
export interface ConfigApplicationRecord {
  name: string;
  entityRef: string;
  description?: string;
  version: number;
  spec: ApplicationConfigurationSpec;
  updatedBy: string;
  updatedAt: string;
}

/** A change set with the spec as of its version. */
export interface ConfigChangeSetRecord extends ConfigChangeSet {
  spec: ApplicationConfigurationSpec;
}

/** A new version to store. */
export interface ConfigVersionInput {
  name: string;
  entityRef: string;
  description?: string;
  /** The version the change was made on; 0 creates the application. */
  expectedVersion: number;
  spec: ApplicationConfigurationSpec;
  kind: ConfigChangeKind;
  author: string;
  message?: string;
  changedKeys: string[];
  changeRequestId?: string;
  now: Date;
}

/** One apply of a configuration to an environment, successful or not. */
export interface ConfigDeliveryRecord {
  id: string;
  application: string;
  environment: string;
  version: number;
  status: 'applied' | 'failed';
  cluster: string;
  namespace: string;
  configMapName: string;
  objects: KubernetesObject[];
  workload?: ConfigApplyResult['workload'];
  error?: string;
  deliveredBy: string;
  deliveredAt: string;
}

type ApplicationRow = {
  name: string;
  entity_ref: string;
  description: string | null;
  version: number;
  spec: string;
  updated_by: string;
  updated_at: Date | string;
};

type ChangeSetRow = {
  id: number | string;
  application: string;
  version: number;
  kind: string;
  author: string;
  message: string | null;
  changed_keys: string;
  spec: string;
  change_request_id: string | null;
  created_at: Date | string;
};

type DeliveryRow = {
  id: number | string;
  application: string;
  environment: string;
  version: number;
  status: string;
  cluster: string;
  namespace: string;
  config_map_name: string;
  objects: string;
  workload: string | null;
  error: string | null;
  delivered_by: string;
  delivered_at: Date | string;
};

type DriftRow = {
  id: number | string;
  application: string;
  environment: string;
  status: string;
  report: string;
  checked_at: Date | string;
};

function toIso(value: Date | string): string {
  return new Date(value).toISOString();
}

function isUniqueViolation(error: unknown): boolean {
  return /unique|duplicate key/i.test(String((error as Error)?.message));
}

/** Persists application configurations, their versions, deliveries and drift reports. */
export class ConfigStore {
  static async create(database: DatabaseService): Promise<ConfigStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new ConfigStore(client);
  }

  constructor(private readonly db: Knex) {}

  /**
   * Stores a new version if the application is still at `expectedVersion`:
   * a compare-and-swap on the version column plus a unique (application,
   * version) change set, in one transaction, so of two writers that edited
   * the same version exactly one wins and the other gets a ConflictError.
   */
  async saveVersion(input: ConfigVersionInput): Promise<ConfigChangeSet> {
    const version = input.expectedVersion + 1;
    try {
      await this.db.transaction(async tx => {
        if (input.expectedVersion === 0) {
          await tx<ApplicationRow>('config_applications').insert({
            name: input.name,
            entity_ref: input.entityRef,
            description: input.description ?? null,
            version,
            spec: JSON.stringify(input.spec),
            updated_by: input.author,
            updated_at: input.now,
          });
        } else {
          const updated = await tx<ApplicationRow>('config_applications')
            .where({ name: input.name, version: input.expectedVersion })
            .update({
              entity_ref: input.entityRef,
              description: input.description ?? null,
              version,
              spec: JSON.stringify(input.spec),
              updated_by: input.author,
              updated_at: input.now,
            });
          if (updated !== 1) {
            const current = await tx<ApplicationRow>('config_applications')
              .where({ name: input.name })
              .first();
            if (!current) {
              throw new NotFoundError(
                `No configuration for application ${input.name}`,
              );
            }
            throw new ConflictError(
              `Configuration ${input.name} is at version ${current.version}, not ${input.expectedVersion}; reload and apply your change again`,
            );
          }
        }
        await tx<ChangeSetRow>('config_change_sets').insert({
          application: input.name,
          version,
          kind: input.kind,
          author: input.author,
          message: input.message ?? null,
          changed_keys: JSON.stringify(input.changedKeys),
          spec: JSON.stringify(input.spec),
          change_request_id: input.changeRequestId ?? null,
          created_at: input.now,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          input.expectedVersion === 0
            ? `Configuration ${input.name} already exists; load it and edit its current version`
            : `Configuration ${input.name} was changed concurrently from version ${input.expectedVersion}; reload and apply your change again`,
        );
      }
      throw error;
    }
    return {
      application: input.name,
      version,
      kind: input.kind,
      author: input.author,
      message: input.message,
      changedKeys: input.changedKeys,
      createdAt: input.now.toISOString(),
      changeRequestId: input.changeRequestId,
    };
  }

  async getApplication(
    name: string,
  ): Promise<ConfigApplicationRecord | undefined> {
    const row = await this.db<ApplicationRow>('config_applications')
      .where({ name })
      .first();
    return row ? this.toApplication(row) : undefined;
  }

  async listApplications(): Promise<ConfigApplicationRecord[]> {
    const rows = await this.db<ApplicationRow>('config_applications').orderBy(
      'name',
    );
    return rows.map(row => this.toApplication(row));
  }

  /** Change sets newest first, without their specs. */
  async listChangeSets(application: string): Promise<ConfigChangeSet[]> {
    const rows = await this.db<ChangeSetRow>('config_change_sets')
      .where({ application })
      .orderBy('version', 'desc');
    return rows.map(row => {
      const { spec, ...changeSet } = this.toChangeSet(row);
      return changeSet;
    });
  }

  async getChangeSet(
    application: string,
    version: number,
  ): Promise<ConfigChangeSetRecord | undefined> {
    const row = await this.db<ChangeSetRow>('config_change_sets')
      .where({ application, version })
      .first();
    return row ? this.toChangeSet(row) : undefined;
  }

  /** Change sets after `version`, oldest first. */
  async listChangeSetsAfter(
    application: string,
    version: number,
  ): Promise<ConfigChangeSet[]> {
    const rows = await this.db<ChangeSetRow>('config_change_sets')
      .where({ application })
      .andWhere('version', '>', version)
      .orderBy('version', 'asc');
    return rows.map(row => {
      const { spec, ...changeSet } = this.toChangeSet(row);
      return changeSet;
    });
  }

  async recordDelivery(
    record: Omit<ConfigDeliveryRecord, 'id'>,
  ): Promise<ConfigDeliveryRecord> {
    const [inserted] = await this.db<DeliveryRow>('config_deliveries')
      .insert({
        application: record.application,
        environment: record.environment,
        version: record.version,
        status: record.status,
        cluster: record.cluster,
        namespace: record.namespace,
        config_map_name: record.configMapName,
        objects: JSON.stringify(record.objects),
        workload: record.workload ? JSON.stringify(record.workload) : null,
        error: record.error ?? null,
        delivered_by: record.deliveredBy,
        delivered_at: new Date(record.deliveredAt),
      })
      .returning('id');
    const id = typeof inserted === 'object' ? inserted.id : inserted;
    return { ...record, id: String(id) };
  }

  /** The deliveries of an application, newest first. */
  async listDeliveries(application: string): Promise<ConfigDeliveryRecord[]> {
    const rows = await this.db<DeliveryRow>('config_deliveries')
      .where({ application })
      .orderBy('id', 'desc');
    return rows.map(row => this.toDelivery(row));
  }

  /** The last successful delivery to every environment of every application. */
  async listLatestDeliveries(
    application?: string,
  ): Promise<ConfigDeliveryRecord[]> {
    const latest = this.db<DeliveryRow>('config_deliveries')
      .max('id as id')
      .where({ status: 'applied' })
      .groupBy('application', 'environment');
    if (application) latest.andWhere({ application });
    const rows = await this.db<DeliveryRow>('config_deliveries')
      .whereIn('id', latest)
      .orderBy(['application', 'environment']);
    return rows.map(row => this.toDelivery(row));
  }

  async recordDriftReport(report: ConfigDriftReport): Promise<void> {
    await this.db<DriftRow>('config_drift_reports').insert({
      application: report.application,
      environment: report.environment,
      status: report.status,
      report: JSON.stringify(report),
      checked_at: new Date(report.checkedAt),
    });
  }

  /** The newest drift report of every environment of an application. */
  async latestDriftReports(application: string): Promise<ConfigDriftReport[]> {
    const latest = this.db<DriftRow>('config_drift_reports')
      .max('id as id')
      .where({ application })
      .groupBy('environment');
    const rows = await this.db<DriftRow>('config_drift_reports')
      .whereIn('id', latest)
      .orderBy('environment');
    return rows.map(row => JSON.parse(row.report));
  }

  private toApplication(row: ApplicationRow): ConfigApplicationRecord {
    return {
      name: row.name,
      entityRef: row.entity_ref,
      description: row.description ?? undefined,
      version: Number(row.version),
      spec: JSON.parse(row.spec),
      updatedBy: row.updated_by,
      updatedAt: toIso(row.updated_at),
    };
  }

  private toChangeSet(row: ChangeSetRow): ConfigChangeSetRecord {
    return {
      application: row.application,
      version: Number(row.version),
      kind: row.kind as ConfigChangeKind,
      author: row.author,
      message: row.message ?? undefined,
      changedKeys: JSON.parse(row.changed_keys),
      createdAt: toIso(row.created_at),
      changeRequestId: row.change_request_id ?? undefined,
      spec: JSON.parse(row.spec),
    };
  }

  private toDelivery(row: DeliveryRow): ConfigDeliveryRecord {
    return {
      id: String(row.id),
      application: row.application,
      environment: row.environment,
      version: Number(row.version),
      status: row.status as 'applied' | 'failed',
      cluster: row.cluster,
      namespace: row.namespace,
      configMapName: row.config_map_name,
      objects: JSON.parse(row.objects),
      workload: row.workload ? JSON.parse(row.workload) : undefined,
      error: row.error ?? undefined,
      deliveredBy: row.delivered_by,
      deliveredAt: toIso(row.delivered_at),
    };
  }
}
