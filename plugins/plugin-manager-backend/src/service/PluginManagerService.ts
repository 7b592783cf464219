import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  ChangeRequest,
  CompatibilityReport,
  DynamicPluginEntry,
  InstalledPlugin,
  PLUGIN_MANAGER_OPERATION_SIGNAL_CHANNEL,
  PluginAction,
  PluginInstallPlan,
  PluginInstallRequest,
  PluginOperationResult,
  PluginOperationStep,
  PluginPackageDetails,
  PluginRegistryInfo,
  PluginRestartOutcome,
  PluginRevision,
  PluginRevisionDiff,
  PluginRevisionDiffEntry,
  PluginSearchResponse,
  pluginSearchQuerySchema,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  ChangeRequestActor,
  ChangeRequestService,
  EnvironmentService,
  SigstoreSignatureVerifier,
} from '@idp-platform/backstage-plugin-idp-node';
import semver from 'semver';
import { z } from 'zod';
import { checkCompatibility } from '../compatibility/checkCompatibility';
import { InstalledVersions } from '../compatibility/InstalledVersions';
import { PluginManagerStore } from '../database/PluginManagerStore';
import { PluginDiscoveryService } from '../discovery/PluginDiscoveryService';
import { buildPlanChecks } from '../install/buildPlanChecks';
import {
  DynamicPluginsRoot,
  IntegrityError,
  StagedPackage,
  installHash,
} from '../install/DynamicPluginsRoot';
import {
  dynamicPluginFolder,
  packageReference,
  parsePackageReference,
} from '../install/dynamicPluginFolder';
import { FilesystemTransaction } from '../install/FilesystemTransaction';
import { BackstageDeploymentRestarter } from '../kubernetes/BackstageDeploymentRestarter';
import {
  NpmPackument,
  NpmRegistryClient,
  NpmVersionManifest,
} from '../registry/NpmRegistryClient';

/** The plugin id, as change requests record it. */
export const PLUGIN_MANAGER_PLUGIN_ID = 'plugin-manager';

/** Who asks for a change. */
export interface PluginManagerActor {
  ref: string;
  ownershipEntityRefs: string[];
}

/** A change, as it is executed now or stored in a change request until approved. */
export interface PluginOperation {
  action: PluginAction;
  package: string;
  version?: string;
  pluginConfig?: Record<string, unknown>;
  /** For `revert`: the revision to go back to. */
  revision?: number;
  expectedRevision?: number;
  message?: string;
}

/** Dependencies of {@link PluginManagerService}. */
export interface PluginManagerServiceOptions {
  store: PluginManagerStore;
  client: NpmRegistryClient;
  discovery: PluginDiscoveryService;
  installedVersions: InstalledVersions;
  /** Absent when `dynamicPlugins.rootDirectory` is not configured: reads work, changes do not. */
  root?: DynamicPluginsRoot;
  changeRequests: ChangeRequestService;
  environments: EnvironmentService;
  /** The environment this Backstage runs in. */
  environment?: string;
  restarter?: BackstageDeploymentRestarter;
  provenanceVerifier?: SigstoreSignatureVerifier;
  signals: SignalsService;
  logger: LoggerService;
  now?: () => Date;
}

/** A package version resolved from its registry. */
interface ResolvedVersion {
  packument: NpmPackument;
  manifest: NpmVersionManifest;
  integrity: string;
}

function deepMerge(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      existing &&
      typeof existing === 'object' &&
      !Array.isArray(existing)
    ) {
      deepMerge(existing as Record<string, unknown>, value as any);
    } else {
      target[key] = value;
    }
  }
  return target;
}

function entryName(entry: DynamicPluginEntry): string {
  return parsePackageReference(entry.package).name;
}

function entryVersion(entry: DynamicPluginEntry): string | undefined {
  return parsePackageReference(entry.package).version;
}

/**
 * The plugin manager: discovery and compatibility, and every change to the
 * installed dynamic plugins (install, upgrade, disable, enable, uninstall,
 * rollback, revert), each verified, staged, swapped in by renames, recorded
 * as a revision and, in Kubernetes, followed by a restart that is undone when
 * Backstage does not come up.
 */
export class PluginManagerService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PluginManagerServiceOptions) {}

  registries(): PluginRegistryInfo[] {
    return this.options.client.list().map(r => ({
      name: r.name,
      url: r.url,
      scopes: r.scopes,
      default: r.default,
    }));
  }

  async search(
    query: z.output<typeof pluginSearchQuerySchema>,
  ): Promise<PluginSearchResponse> {
    const installed = await this.options.store.listInstallations();
    return this.options.discovery.search(
      query,
      new Map(installed.map(p => [p.package, p.version])),
    );
  }

  async refresh() {
    const index = await this.options.discovery.refresh();
    return { packages: index.items.length, refreshedAt: index.refreshedAt };
  }

  async packageDetails(name: string): Promise<PluginPackageDetails> {
    const packument = await this.options.discovery.packument(name);
    const summary = await this.options.discovery.summary(name);
    const installed = await this.options.store.getInstallation(name);
    return {
      summary: installed
        ? { ...summary, installedVersion: installed.version }
        : summary,
      ...(packument.readme ? { readme: packument.readme } : {}),
      distTags: packument['dist-tags'] ?? {},
      versions: Object.keys(packument.versions)
        .filter(v => semver.valid(v))
        .sort(semver.rcompare)
        .map(version => ({
          version,
          ...(packument.time?.[version]
            ? { publishedAt: packument.time[version] }
            : {}),
          ...(packument.versions[version].deprecated
            ? { deprecated: packument.versions[version].deprecated }
            : {}),
        })),
      ...(installed ? { installed } : {}),
    };
  }

  async compatibility(
    name: string,
    version?: string,
  ): Promise<CompatibilityReport> {
    const { manifest, packument } = await this.resolve(name, version, true);
    return checkCompatibility(
      manifest,
      this.options.installedVersions,
      packument,
    );
  }

  async listInstalled() {
    return {
      items: await this.options.store.listInstallations(),
      revision: await this.options.store.currentRevision(),
    };
  }

  async listRevisions(packageName?: string) {
    return { items: await this.options.store.listRevisions(packageName) };
  }

  async getRevision(revision: number): Promise<PluginRevision> {
    if (revision === 0) return this.emptyRevision();
    const found = await this.options.store.getRevision(revision);
    if (!found) throw new NotFoundError(`No revision ${revision}`);
    return found;
  }

  async diff(revision: number, against?: number): Promise<PluginRevisionDiff> {
    const to = await this.getRevision(revision);
    const from = await this.getRevision(against ?? Math.max(0, revision - 1));
    const before = new Map(from.plugins.map(e => [entryName(e), e]));
    const after = new Map(to.plugins.map(e => [entryName(e), e]));
    const changes: PluginRevisionDiffEntry[] = [];
    for (const name of new Set([...before.keys(), ...after.keys()])) {
      const b = before.get(name);
      const a = after.get(name);
      let change: PluginRevisionDiffEntry['change'] | undefined;
      if (!b) change = 'added';
      else if (!a) change = 'removed';
      else if (b.package !== a.package) change = 'version';
      else if (Boolean(b.disabled) !== Boolean(a.disabled)) {
        change = a.disabled ? 'disabled' : 'enabled';
      } else if (
        JSON.stringify(b.pluginConfig ?? {}) !==
        JSON.stringify(a.pluginConfig ?? {})
      ) {
        change = 'config';
      }
      if (change) {
        changes.push({
          package: name,
          change,
          ...(b ? { before: b } : {}),
          ...(a ? { after: a } : {}),
        });
      }
    }
    changes.sort((x, y) => x.package.localeCompare(y.package));
    return { from: from.revision, to: to.revision, changes };
  }

  /** The dry run of an install or upgrade: downloads, verifies and inspects, writes nothing. */
  async plan(
    request: PluginInstallRequest,
    action: 'install' | 'upgrade' = 'install',
  ): Promise<PluginInstallPlan> {
    const root = this.requireRoot();
    const resolved = await this.resolve(request.package, request.version);
    const staged = await this.stage(resolved);
    try {
      return await this.buildPlan(request, action, resolved, staged);
    } finally {
      await root.discard(staged);
    }
  }

  /**
   * Runs a change now, or opens a change request for it when this Backstage
   * runs in a protected environment.
   */
  async request(
    operation: PluginOperation,
    actor: PluginManagerActor,
    options: { request?: any } = {},
  ): Promise<PluginOperationResult> {
    this.requireRoot();
    const environment = this.options.environment
      ? this.options.environments.get(this.options.environment)
      : undefined;
    await this.precheck(operation);
    if (environment?.protected) {
      const requester: ChangeRequestActor = {
        userEntityRef: actor.ref,
        ownershipEntityRefs: actor.ownershipEntityRefs,
      };
      const changeRequest = await this.options.changeRequests.open({
        pluginId: PLUGIN_MANAGER_PLUGIN_ID,
        requester,
        requiredApprovals: environment.requiredApprovals,
        approvers: environment.approvers,
        request: options.request,
        input: {
          kind: `plugin-${operation.action}`,
          title: `${operation.action} ${operation.package}${
            operation.version ? `@${operation.version}` : ''
          }`,
          description: operation.message,
          environment: environment.name,
          payload: operation,
        },
      });
      if (changeRequest.state === 'approved') {
        return this.applyApprovedChangeRequest(changeRequest);
      }
      return {
        status: 'pending-approval',
        operationId: changeRequest.id,
        changeRequest,
      };
    }
    return this.execute(operation, actor.ref);
  }

  /** Applies a change request once it is approved, and records the outcome on it. */
  async applyApprovedChangeRequest(
    changeRequest: ChangeRequest,
  ): Promise<PluginOperationResult> {
    const operation = changeRequest.payload as PluginOperation;
    try {
      const result = await this.execute(
        { ...operation, expectedRevision: undefined },
        changeRequest.requester,
        changeRequest.id,
      );
      const recorded = await this.options.changeRequests.recordOutcome(
        changeRequest.id,
        changeRequest.requester,
        result.restart?.status === 'rolled-back' ||
          result.restart?.status === 'failed'
          ? { applied: false, error: result.restart.message ?? 'rolled back' }
          : { applied: true },
      );
      return { ...result, changeRequest: recorded };
    } catch (error) {
      await this.options.changeRequests.recordOutcome(
        changeRequest.id,
        changeRequest.requester,
        { applied: false, error: (error as Error).message },
      );
      throw error;
    }
  }

  /** Cheap checks before a change request is opened, so a request is never opened for nothing. */
  private async precheck(operation: PluginOperation) {
    const installed = await this.options.store.getInstallation(
      operation.package,
    );
    const current = await this.options.store.currentRevision();
    if (
      operation.expectedRevision !== undefined &&
      operation.expectedRevision !== current
    ) {
      throw new ConflictError(
        `The installed plugins are at revision ${current}, not ${operation.expectedRevision}; reload and try again`,
      );
    }
    switch (operation.action) {
      case 'install':
        if (installed) {
          throw new ConflictError(
            `${operation.package} is already installed at ${installed.version}; upgrade it instead`,
          );
        }
        break;
      case 'revert':
        await this.getRevision(operation.revision ?? -1);
        break;
      default:
        if (!installed) {
          throw new NotFoundError(`${operation.package} is not installed`);
        }
        if (operation.action === 'rollback' && !installed.previousVersions[0]) {
          throw new ConflictError(
            `${operation.package} has no previous version to roll back to`,
          );
        }
    }
  }

  private execute(
    operation: PluginOperation,
    author: string,
    changeRequestId?: string,
  ): Promise<PluginOperationResult> {
    // One change at a time: each plans on the state the previous one left.
    const run = this.queue.then(() =>
      this.executeNow(operation, author, changeRequestId),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async executeNow(
    operation: PluginOperation,
    author: string,
    changeRequestId?: string,
  ): Promise<PluginOperationResult> {
    const root = this.requireRoot();
    const { store } = this.options;
    const operationId = randomUUID();
    const progress = (
      step: PluginOperationStep,
      status: 'running' | 'succeeded' | 'failed' = 'running',
      message?: string,
      version?: string,
    ) =>
      this.signal({
        operationId,
        action: operation.action,
        package: operation.package,
        version: version ?? operation.version,
        step,
        status,
        message,
      });

    const staged = new Map<string, StagedPackage>();
    const tx = new FilesystemTransaction();
    let committed = false;
    try {
      await this.precheck(operation);
      const currentRevision = await store.currentRevision();
      const current = (await this.getRevision(currentRevision)).plugins;
      const installations = new Map(
        (await store.listInstallations()).map(p => [p.package, p]),
      );
      const installed = installations.get(operation.package);

      await progress('resolve');
      let desired: DynamicPluginEntry[];
      let toVersion: string | undefined;
      switch (operation.action) {
        case 'install':
        case 'upgrade': {
          const resolved = await this.resolve(
            operation.package,
            operation.version,
          );
          toVersion = resolved.manifest.version;
          await progress('download', 'running', undefined, toVersion);
          const stagedPackage = await this.stage(resolved, progress);
          staged.set(
            packageReference(operation.package, toVersion),
            stagedPackage,
          );
          await progress('plan', 'running', undefined, toVersion);
          const plan = await this.buildPlan(
            {
              package: operation.package,
              pluginConfig: operation.pluginConfig,
            },
            operation.action,
            resolved,
            stagedPackage,
          );
          if (plan.blocked) {
            throw new ConflictError(
              `The plan for ${
                operation.package
              }@${toVersion} is blocked: ${plan.checks
                .filter(c => c.status === 'fail')
                .map(c => `${c.id}: ${c.message}`)
                .join('; ')}`,
            );
          }
          desired = [
            ...current.filter(e => entryName(e) !== operation.package),
            plan.entry,
          ];
          break;
        }
        case 'disable':
        case 'enable':
          desired = current.map(e =>
            entryName(e) === operation.package
              ? { ...e, disabled: operation.action === 'disable' }
              : e,
          );
          toVersion = installed!.version;
          break;
        case 'uninstall':
          desired = current.filter(e => entryName(e) !== operation.package);
          break;
        case 'rollback': {
          toVersion = installed!.previousVersions[0];
          const integrity = await this.integrityOf(
            operation.package,
            toVersion,
          );
          desired = current.map(e =>
            entryName(e) === operation.package
              ? {
                  ...e,
                  package: packageReference(operation.package, toVersion!),
                  integrity,
                }
              : e,
          );
          break;
        }
        case 'revert':
        default:
          desired = (await this.getRevision(operation.revision!)).plugins;
      }

      await progress('swap');
      const changed = await this.reconcile(tx, current, desired, staged);
      await this.writeState(tx, root, desired);

      const restart = await this.restartOrUndo(tx, progress);
      if (restart.status === 'rolled-back' || restart.status === 'failed') {
        await store.recordError(
          operation.package,
          `${operation.action} rolled back: ${restart.message}`,
          this.now(),
        );
        await progress('done', 'failed', restart.message);
        return { status: 'applied', operationId, restart };
      }

      await progress('record');
      const now = this.now();
      const records = await Promise.all(
        changed.map(async name => ({
          package: name,
          record: await this.installationRecord(
            name,
            desired.find(e => entryName(e) === name),
            installations.get(name),
            author,
            now,
          ),
        })),
      );
      let revision: PluginRevision;
      try {
        revision = await store.saveRevision({
          expectedRevision: currentRevision,
          action: operation.action,
          package: operation.package,
          fromVersion: installed?.version,
          toVersion,
          author,
          message: operation.message,
          plugins: desired,
          changeRequestId,
          installations: records,
          now,
        });
      } catch (error) {
        await tx.rollback();
        if (this.options.restarter) await this.options.restarter.restart();
        throw error;
      }
      committed = true;
      await root.emptyTrash();
      await progress('done', 'succeeded', undefined, toVersion);
      return {
        status: 'applied',
        operationId,
        revision,
        plugin:
          records.find(r => r.package === operation.package)?.record ??
          undefined,
        restart,
      };
    } catch (error) {
      if (!committed) {
        await tx.rollback();
      }
      if (
        !(error instanceof ConflictError) &&
        !(error instanceof NotFoundError) &&
        !(error instanceof InputError)
      ) {
        await store
          .recordError(
            operation.package,
            `${operation.action} failed: ${(error as Error).message}`,
            this.now(),
          )
          .catch(() => undefined);
      }
      await progress('done', 'failed', (error as Error).message);
      throw error;
    } finally {
      for (const stagedPackage of staged.values()) {
        await root.discard(stagedPackage);
      }
    }
  }

  /** Moves folders so that exactly the enabled entries of `desired` are active. */
  private async reconcile(
    tx: FilesystemTransaction,
    current: DynamicPluginEntry[],
    desired: DynamicPluginEntry[],
    staged: Map<string, StagedPackage>,
  ): Promise<string[]> {
    const root = this.requireRoot();
    const before = new Map(current.map(e => [entryName(e), e]));
    const after = new Map(desired.map(e => [entryName(e), e]));
    const changed: string[] = [];
    for (const name of new Set([...before.keys(), ...after.keys()])) {
      const want = after.get(name);
      if (JSON.stringify(want) !== JSON.stringify(before.get(name))) {
        changed.push(name);
      }
      const folder = dynamicPluginFolder(name);
      const live = await root.liveVersion(folder);
      if (!want || want.disabled) {
        if (live) await root.deactivate(tx, folder);
        continue;
      }
      const version = entryVersion(want)!;
      if (live === version) continue;
      const hash = installHash(want.package, want.integrity ?? '');
      let source = staged.get(want.package)?.path;
      if (!source && (await root.hasKept(folder, version, hash))) {
        source = root.keptPath(folder, version);
      }
      if (!source) {
        const resolved = await this.resolve(name, version);
        if (want.integrity && resolved.integrity !== want.integrity) {
          throw new IntegrityError(
            `${want.package} is now published with integrity ${resolved.integrity}, not the recorded ${want.integrity}`,
          );
        }
        const stagedPackage = await this.stage(resolved);
        staged.set(want.package, stagedPackage);
        source = stagedPackage.path;
      }
      await root.activate(tx, folder, source);
    }
    return changed;
  }

  private async writeState(
    tx: FilesystemTransaction,
    root: DynamicPluginsRoot,
    desired: DynamicPluginEntry[],
  ) {
    const appConfig: Record<string, unknown> = {};
    for (const entry of desired) {
      if (!entry.disabled && entry.pluginConfig) {
        deepMerge(appConfig, structuredClone(entry.pluginConfig));
      }
    }
    const existing = await root.readState();
    await root.writeState(
      tx,
      {
        ...(existing.includes ? { includes: existing.includes } : {}),
        plugins: desired,
      },
      appConfig,
    );
  }

  /** Restarts the Deployment; when it does not become ready, undoes the files and restarts again. */
  private async restartOrUndo(
    tx: FilesystemTransaction,
    progress: (
      step: PluginOperationStep,
      status?: any,
      message?: string,
    ) => Promise<void>,
  ): Promise<PluginRestartOutcome> {
    const restarter = this.options.restarter;
    if (!restarter) return { status: 'not-configured' };
    await progress('restart');
    try {
      await progress('wait-ready');
      await restarter.restart();
      return {
        status: 'ready',
        message: `Deployment ${restarter.target.namespace}/${restarter.target.name} is ready`,
      };
    } catch (error) {
      const reason = (error as Error).message;
      this.options.logger.warn(
        `Backstage did not become ready after the change, rolling back: ${reason}`,
      );
      await progress('rollback', 'running', reason);
      await tx.rollback();
      try {
        await restarter.restart();
      } catch (second) {
        return {
          status: 'failed',
          message: `Not ready after the change (${reason}); the files were restored but the restart failed too: ${
            (second as Error).message
          }`,
        };
      }
      return {
        status: 'rolled-back',
        message: `Not ready after the change (${reason}); the previous plugins were restored`,
      };
    }
  }

  private async installationRecord(
    name: string,
    entry: DynamicPluginEntry | undefined,
    previous: InstalledPlugin | undefined,
    author: string,
    now: Date,
  ): Promise<InstalledPlugin | null> {
    if (!entry) return null;
    const root = this.requireRoot();
    const version = entryVersion(entry)!;
    const folder = dynamicPluginFolder(name);
    const manifest = await this.readFolderManifest(
      entry.disabled ? root.keptPath(folder, version) : root.livePath(folder),
    );
    const versionChanged = previous && previous.version !== version;
    return {
      package: name,
      version,
      folder,
      disabled: Boolean(entry.disabled),
      integrity: entry.integrity ?? '',
      ...(manifest?.backstage?.role ? { role: manifest.backstage.role } : {}),
      ...(manifest?.backstage?.pluginId
        ? { pluginId: manifest.backstage.pluginId }
        : {}),
      ...(entry.pluginConfig ? { pluginConfig: entry.pluginConfig } : {}),
      installedAt:
        previous && !versionChanged ? previous.installedAt : now.toISOString(),
      installedBy: previous && !versionChanged ? previous.installedBy : author,
      previousVersions: versionChanged
        ? [
            previous.version,
            ...previous.previousVersions.filter(
              v => v !== previous.version && v !== version,
            ),
          ]
        : previous?.previousVersions ?? [],
    };
  }

  private async readFolderManifest(folder: string) {
    try {
      return JSON.parse(
        await fs.readFile(path.join(folder, 'package.json'), 'utf8'),
      );
    } catch {
      return undefined;
    }
  }

  private async integrityOf(name: string, version: string): Promise<string> {
    const reference = packageReference(name, version);
    for (const revision of await this.options.store.listRevisions(name)) {
      const entry = revision.plugins.find(e => e.package === reference);
      if (entry?.integrity) return entry.integrity;
    }
    return (await this.resolve(name, version)).integrity;
  }

  private async buildPlan(
    request: Pick<PluginInstallRequest, 'package' | 'pluginConfig'>,
    action: 'install' | 'upgrade',
    resolved: ResolvedVersion,
    staged: StagedPackage,
  ): Promise<PluginInstallPlan> {
    const installations = await this.options.store.listInstallations();
    const installed = installations.find(p => p.package === request.package);
    const compatibility = checkCompatibility(
      resolved.manifest,
      this.options.installedVersions,
      resolved.packument,
    );
    const checks = buildPlanChecks({
      packageName: request.package,
      staged,
      compatibility,
      pluginConfig: request.pluginConfig,
      others: installations.filter(
        p => p.package !== request.package && !p.disabled,
      ),
    });
    const environment = this.options.environment
      ? this.options.environments.get(this.options.environment)
      : undefined;
    const version = resolved.manifest.version;
    return {
      action: installed ? 'upgrade' : action,
      package: request.package,
      version,
      ...(installed ? { fromVersion: installed.version } : {}),
      integrity: resolved.integrity,
      folder: dynamicPluginFolder(request.package),
      compatibility,
      checks,
      blocked: checks.some(c => c.status === 'fail'),
      entry: {
        package: packageReference(request.package, version),
        disabled: false,
        integrity: resolved.integrity,
        ...(request.pluginConfig ? { pluginConfig: request.pluginConfig } : {}),
      },
      requiresApproval: Boolean(environment?.protected),
      currentRevision: await this.options.store.currentRevision(),
    };
  }

  /** Downloads, verifies (integrity, and provenance when configured) and unpacks into staging. */
  private async stage(
    resolved: ResolvedVersion,
    progress?: (step: PluginOperationStep) => Promise<void>,
  ): Promise<StagedPackage> {
    const root = this.requireRoot();
    const { manifest } = resolved;
    const tarball = await this.options.client.tarball(
      manifest.name,
      manifest.dist.tarball,
    );
    await progress?.('verify');
    await this.verifyProvenance(manifest, tarball);
    await progress?.('stage');
    return root.stage(tarball, {
      name: manifest.name,
      version: manifest.version,
      integrity: resolved.integrity,
    });
  }

  private async verifyProvenance(
    manifest: NpmVersionManifest,
    tarball: Buffer,
  ) {
    const verifier = this.options.provenanceVerifier;
    if (!verifier || !manifest.dist.attestations) return;
    const attestations = await this.options.client.attestations(manifest);
    const provenance = attestations.find(a =>
      a.predicateType.startsWith('https://slsa.dev/provenance/'),
    );
    if (!provenance) {
      throw new IntegrityError(
        `${manifest.name}@${manifest.version} announces attestations but has no provenance attestation`,
      );
    }
    const digest = createHash('sha512').update(tarball).digest('hex');
    try {
      verifier.verify(provenance.bundle, `sha512:${digest}`);
    } catch (error) {
      throw new IntegrityError(
        `Provenance of ${manifest.name}@${manifest.version} does not verify: ${
          (error as Error).message
        }`,
      );
    }
  }

  private async resolve(
    name: string,
    selector: string | undefined,
    cached = false,
  ): Promise<ResolvedVersion> {
    const packument = cached
      ? await this.options.discovery.packument(name)
      : await this.options.client.packument(name);
    const tag = selector ?? 'latest';
    const version = packument.versions[tag]
      ? tag
      : packument['dist-tags']?.[tag];
    const manifest = version ? packument.versions[version] : undefined;
    if (!manifest) {
      throw new NotFoundError(`${name} has no version or dist-tag ${tag}`);
    }
    const integrity =
      manifest.dist.integrity ??
      (manifest.dist.shasum
        ? `sha1-${Buffer.from(manifest.dist.shasum, 'hex').toString('base64')}`
        : undefined);
    if (!integrity) {
      throw new IntegrityError(
        `${name}@${manifest.version} has no dist.integrity to verify against`,
      );
    }
    return { packument, manifest, integrity };
  }

  private requireRoot(): DynamicPluginsRoot {
    if (!this.options.root) {
      throw new ServiceUnavailableError(
        'dynamicPlugins.rootDirectory is not configured; the plugin manager cannot change plugins',
      );
    }
    return this.options.root;
  }

  private emptyRevision(): PluginRevision {
    return {
      revision: 0,
      action: 'install',
      package: '',
      author: '',
      createdAt: new Date(0).toISOString(),
      plugins: [],
    };
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  private async signal(message: Record<string, unknown>) {
    try {
      await this.options.signals.publish({
        recipients: { type: 'broadcast' },
        channel: PLUGIN_MANAGER_OPERATION_SIGNAL_CHANNEL,
        message: { ...message, at: this.now().toISOString() } as any,
      });
    } catch (error) {
      this.options.logger.warn(`Could not send a progress signal: ${error}`);
    }
  }
}
