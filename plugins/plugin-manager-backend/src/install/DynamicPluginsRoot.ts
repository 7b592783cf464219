import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CustomErrorBase, InputError } from '@backstage/errors';
import {
  DynamicPluginsFile,
  dynamicPluginsFileSchema,
} from '@idp-platform/backstage-plugin-idp-common';
import yaml from 'js-yaml';
import ssri from 'ssri';
import * as tar from 'tar';
import { FilesystemTransaction } from './FilesystemTransaction';

const STALE_STAGING_MS = 60 * 60 * 1000;

/** RHDH's name of the hash file in every installed folder. */
export const HASH_FILE = 'dynamic-plugin-config.hash';
/** The manager's record of the installed plugins, in RHDH's format. */
export const DYNAMIC_PLUGINS_FILE = 'dynamic-plugins.yaml';
/** The merged `pluginConfig` of every enabled plugin, for the app's config. */
export const APP_CONFIG_FILE = 'app-config.dynamic-plugins.yaml';

/** A tarball whose bytes do not match the registry's `dist.integrity`. */
export class IntegrityError extends CustomErrorBase {
  name = 'IntegrityError' as const;
}

/** A package unpacked into the staging folder, not yet active. */
export interface StagedPackage {
  path: string;
  manifest: Record<string, any>;
  /** `dist/.config-schema.json`, when the package ships one. */
  configSchema?: unknown;
}

/** The hash RHDH keeps per folder: a re-install of the same package and integrity is a no-op. */
export function installHash(reference: string, integrity: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ package: reference, integrity }))
    .digest('hex');
}

/**
 * The dynamic plugins root (`dynamicPlugins.rootDirectory`, what the backend
 * loads) and the manager's storage beside it: `versions/<folder>/<version>`
 * keeps every version that is not active, `staging/` receives downloads.
 * Both must be on one filesystem so that activating a version is a rename.
 */
export class DynamicPluginsRoot {
  private constructor(
    readonly rootDirectory: string,
    readonly storageDirectory: string,
  ) {}

  static async create(
    rootDirectory: string,
    storageDirectory: string = `${rootDirectory}.plugin-manager`,
  ): Promise<DynamicPluginsRoot> {
    await fs.mkdir(rootDirectory, { recursive: true });
    // Leftovers of a process that stopped mid-operation were never active;
    // recent ones may belong to another replica sharing the volume.
    const staging = path.join(storageDirectory, 'staging');
    const cutoff = Date.now() - STALE_STAGING_MS;
    for (const entry of await fs.readdir(staging).catch(() => [])) {
      const stat = await fs.stat(path.join(staging, entry)).catch(() => null);
      if (stat && stat.mtimeMs < cutoff) {
        await fs.rm(path.join(staging, entry), {
          recursive: true,
          force: true,
        });
      }
    }
    await fs.mkdir(path.join(storageDirectory, 'staging'), { recursive: true });
    await fs.mkdir(path.join(storageDirectory, 'versions'), {
      recursive: true,
    });
    return new DynamicPluginsRoot(
      path.resolve(rootDirectory),
      path.resolve(storageDirectory),
    );
  }

  livePath(folder: string): string {
    return path.join(this.rootDirectory, folder);
  }

  keptPath(folder: string, version: string): string {
    return path.join(this.storageDirectory, 'versions', folder, version);
  }

  /** The version of the active folder, from its package.json. */
  async liveVersion(folder: string): Promise<string | undefined> {
    return this.readVersion(this.livePath(folder));
  }

  /** Whether a kept copy of this version exists with the expected hash. */
  async hasKept(folder: string, version: string, hash: string) {
    const stored = await fs
      .readFile(path.join(this.keptPath(folder, version), HASH_FILE), 'utf8')
      .catch(() => undefined);
    return stored?.trim() === hash;
  }

  async keptVersions(folder: string): Promise<string[]> {
    return fs
      .readdir(path.join(this.storageDirectory, 'versions', folder))
      .catch(() => []);
  }

  /**
   * Verifies the tarball against `integrity` (ssri), then unpacks it into a
   * fresh staging folder and writes the hash file. Nothing outside staging
   * is touched.
   */
  async stage(
    tarball: Buffer,
    expected: { name: string; version: string; integrity: string },
  ): Promise<StagedPackage> {
    if (!ssri.checkData(tarball, expected.integrity)) {
      const actual = ssri.fromData(tarball, {
        algorithms: [ssri.parse(expected.integrity).pickAlgorithm() as any],
      });
      throw new IntegrityError(
        `Integrity check failed for ${expected.name}@${expected.version}: expected ${expected.integrity}, got ${actual}`,
      );
    }
    const target = path.join(this.storageDirectory, 'staging', randomUUID());
    await fs.mkdir(target, { recursive: true });
    try {
      const archive = `${target}.tgz`;
      await fs.writeFile(archive, tarball);
      try {
        await tar.x({ file: archive, cwd: target, strip: 1 });
      } finally {
        await fs.rm(archive, { force: true });
      }
      const manifest = JSON.parse(
        await fs.readFile(path.join(target, 'package.json'), 'utf8'),
      );
      if (
        manifest.name !== expected.name ||
        manifest.version !== expected.version
      ) {
        throw new InputError(
          `The tarball holds ${manifest.name}@${manifest.version}, not ${expected.name}@${expected.version}`,
        );
      }
      await fs.writeFile(
        path.join(target, HASH_FILE),
        installHash(`${expected.name}@${expected.version}`, expected.integrity),
      );
      const schemaText = await fs
        .readFile(path.join(target, 'dist', '.config-schema.json'), 'utf8')
        .catch(() => undefined);
      return {
        path: target,
        manifest,
        configSchema: schemaText ? JSON.parse(schemaText) : undefined,
      };
    } catch (error) {
      await fs.rm(target, { recursive: true, force: true });
      throw error;
    }
  }

  async discard(staged: StagedPackage | undefined): Promise<void> {
    if (staged) await fs.rm(staged.path, { recursive: true, force: true });
  }

  /**
   * Makes `source` (a staged folder, or a kept version) the active folder:
   * the active version, if any, is kept under versions/ first. Both are
   * renames inside one transaction.
   */
  async activate(
    tx: FilesystemTransaction,
    folder: string,
    source: string,
  ): Promise<void> {
    await this.deactivate(tx, folder);
    await tx.move(source, this.livePath(folder));
  }

  /** Moves the active folder, if any, to versions/<folder>/<version>. */
  async deactivate(tx: FilesystemTransaction, folder: string): Promise<void> {
    const live = this.livePath(folder);
    const version = await this.readVersion(live);
    if (!version) return;
    const kept = this.keptPath(folder, version);
    if (await exists(kept)) {
      await tx.move(
        kept,
        path.join(this.storageDirectory, 'trash', randomUUID()),
      );
    }
    await tx.move(live, kept);
  }

  /** Writes dynamic-plugins.yaml and app-config.dynamic-plugins.yaml. */
  async writeState(
    tx: FilesystemTransaction,
    file: DynamicPluginsFile,
    appConfig: Record<string, unknown>,
  ): Promise<void> {
    await tx.writeFile(
      path.join(this.rootDirectory, DYNAMIC_PLUGINS_FILE),
      yaml.dump(file, { noRefs: true, sortKeys: false }),
    );
    await tx.writeFile(
      path.join(this.rootDirectory, APP_CONFIG_FILE),
      yaml.dump(appConfig, { noRefs: true }),
    );
  }

  async readState(): Promise<DynamicPluginsFile> {
    const text = await fs
      .readFile(path.join(this.rootDirectory, DYNAMIC_PLUGINS_FILE), 'utf8')
      .catch(() => undefined);
    if (!text) return { plugins: [] };
    return dynamicPluginsFileSchema.parse(yaml.load(text) ?? {});
  }

  /** Removes folders replaced by a committed change. */
  async emptyTrash(): Promise<void> {
    await fs.rm(path.join(this.storageDirectory, 'trash'), {
      recursive: true,
      force: true,
    });
  }

  private async readVersion(folder: string): Promise<string | undefined> {
    try {
      return JSON.parse(
        await fs.readFile(path.join(folder, 'package.json'), 'utf8'),
      ).version;
    } catch {
      return undefined;
    }
  }
}

async function exists(file: string): Promise<boolean> {
  return fs
    .stat(file)
    .then(() => true)
    .catch(() => false);
}
