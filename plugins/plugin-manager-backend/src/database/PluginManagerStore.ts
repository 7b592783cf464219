import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  DynamicPluginEntry,
  InstalledPlugin,
  PluginAction,
  PluginRevision,
} from '@idp-platform/backstage-plugin-idp-common';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@idp-platform/backstage-plugin-plugin-manager-backend',
  'migrations',
);

/** A new revision and the installation records it changes. */
export interface PluginRevisionInput {
  /** The revision the change was planned on. */
  expectedRevision: number;
  action: PluginAction;
  package: string;
  fromVersion?: string;
  toVersion?: string;
  author: string;
  message?: string;
  plugins: DynamicPluginEntry[];
  changeRequestId?: string;
  /** The installation records the change rewrites; `record: null` removes one. */
  installations: Array<{ package: string; record: InstalledPlugin | null }>;
  now: Date;
}

type RevisionRow = {
  revision: number;
  action: string;
  package: string;
  from_version: string | null;
  to_version: string | null;
  author: string;
  message: string | null;
  created_at: Date | string;
  plugins: string;
  change_request_id: string | null;
};

type InstallationRow = {
  package: string;
  version: string;
  folder: string;
  disabled: boolean | number;
  integrity: string;
  role: string | null;
  plugin_id: string | null;
  plugin_config: string | null;
  installed_at: Date | string;
  installed_by: string;
  previous_versions: string;
};

function toIso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function isUniqueViolation(error: unknown): boolean {
  return /unique|duplicate key/i.test(String((error as Error)?.message));
}

/** Persists revisions, installed plugins and the errors observed per plugin. */
export class PluginManagerStore {
  static async create(database: DatabaseService): Promise<PluginManagerStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new PluginManagerStore(client);
  }

  constructor(private readonly db: Knex) {}

  async currentRevision(): Promise<number> {
    const row = await this.db('plugin_manager_revisions')
      .max({ revision: 'revision' })
      .first();
    return Number(row?.revision ?? 0);
  }

  /**
   * Stores revision `expectedRevision + 1` and the installation record in one
   * transaction; a concurrent change that took that number first makes this
   * one a ConflictError.
   */
  async saveRevision(input: PluginRevisionInput): Promise<PluginRevision> {
    const revision = input.expectedRevision + 1;
    try {
      await this.db.transaction(async tx => {
        await tx<RevisionRow>('plugin_manager_revisions').insert({
          revision,
          action: input.action,
          package: input.package,
          from_version: input.fromVersion ?? null,
          to_version: input.toVersion ?? null,
          author: input.author,
          message: input.message ?? null,
          created_at: input.now,
          plugins: JSON.stringify(input.plugins),
          change_request_id: input.changeRequestId ?? null,
        });
        for (const { package: name, record: plugin } of input.installations) {
          await tx('plugin_manager_installations')
            .where({ package: name })
            .delete();
          if (!plugin) continue;
          await tx<InstallationRow>('plugin_manager_installations').insert({
            package: plugin.package,
            version: plugin.version,
            folder: plugin.folder,
            disabled: plugin.disabled,
            integrity: plugin.integrity,
            role: plugin.role ?? null,
            plugin_id: plugin.pluginId ?? null,
            plugin_config: plugin.pluginConfig
              ? JSON.stringify(plugin.pluginConfig)
              : null,
            installed_at: new Date(plugin.installedAt),
            installed_by: plugin.installedBy,
            previous_versions: JSON.stringify(plugin.previousVersions),
          });
        }
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `The installed plugins changed concurrently since revision ${input.expectedRevision}; reload and try again`,
        );
      }
      throw error;
    }
    return (await this.getRevision(revision))!;
  }

  async getRevision(revision: number): Promise<PluginRevision | undefined> {
    const row = await this.db<RevisionRow>('plugin_manager_revisions')
      .where({ revision })
      .first();
    return row ? this.toRevision(row) : undefined;
  }

  async listRevisions(packageName?: string): Promise<PluginRevision[]> {
    const query = this.db<RevisionRow>('plugin_manager_revisions').orderBy(
      'revision',
      'desc',
    );
    if (packageName) query.where({ package: packageName });
    return (await query).map(row => this.toRevision(row));
  }

  async listInstallations(): Promise<InstalledPlugin[]> {
    const rows = await this.db<InstallationRow>(
      'plugin_manager_installations',
    ).orderBy('package');
    return rows.map(row => this.toInstallation(row));
  }

  async getInstallation(
    packageName: string,
  ): Promise<InstalledPlugin | undefined> {
    const row = await this.db<InstallationRow>('plugin_manager_installations')
      .where({ package: packageName })
      .first();
    return row ? this.toInstallation(row) : undefined;
  }

  async recordError(packageName: string, message: string, at: Date) {
    await this.db('plugin_manager_errors').insert({
      package: packageName,
      message: message.slice(0, 4000),
      occurred_at: at,
    });
  }

  /** Forgets errors older than `before`. */
  async pruneErrors(before: Date) {
    await this.db('plugin_manager_errors')
      .where('occurred_at', '<', before)
      .delete();
  }

  async recentErrors(
    since: Date,
  ): Promise<Map<string, { at: string; message: string }[]>> {
    const rows = await this.db('plugin_manager_errors')
      .where('occurred_at', '>=', since)
      .orderBy('occurred_at', 'desc');
    const byPackage = new Map<string, { at: string; message: string }[]>();
    for (const row of rows) {
      const list = byPackage.get(row.package) ?? [];
      list.push({ at: toIso(row.occurred_at), message: row.message });
      byPackage.set(row.package, list);
    }
    return byPackage;
  }

  private toRevision(row: RevisionRow): PluginRevision {
    return {
      revision: Number(row.revision),
      action: row.action as PluginAction,
      package: row.package,
      ...(row.from_version ? { fromVersion: row.from_version } : {}),
      ...(row.to_version ? { toVersion: row.to_version } : {}),
      author: row.author,
      ...(row.message ? { message: row.message } : {}),
      createdAt: toIso(row.created_at),
      plugins: JSON.parse(row.plugins),
      ...(row.change_request_id
        ? { changeRequestId: row.change_request_id }
        : {}),
    };
  }

  private toInstallation(row: InstallationRow): InstalledPlugin {
    return {
      package: row.package,
      version: row.version,
      folder: row.folder,
      disabled: Boolean(row.disabled),
      integrity: row.integrity,
      ...(row.role ? { role: row.role } : {}),
      ...(row.plugin_id ? { pluginId: row.plugin_id } : {}),
      ...(row.plugin_config
        ? { pluginConfig: JSON.parse(row.plugin_config) }
        : {}),
      installedAt: toIso(row.installed_at),
      installedBy: row.installed_by,
      previousVersions: JSON.parse(row.previous_versions),
    };
  }
}
