import { ResponseError } from '@backstage/errors';
import { backendErrorResponse } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import {
  ChangeRequest,
  ChangeRequestDecision,
  CompatibilityReport,
  DynamicPluginEntry,
  InstalledPlugin,
  InstalledPluginsResponse,
  PlanCheck,
  PluginAction,
  PluginHealth,
  PluginHealthResponse,
  PluginInstallPlan,
  PluginInstallRequest,
  PluginOperationResult,
  PluginPackageDetails,
  PluginPackageRequest,
  PluginRefreshResponse,
  PluginRegistryInfo,
  PluginRevertRequest,
  PluginRevision,
  PluginRevisionDiff,
  PluginRevisionDiffEntry,
  PluginSearchFacetValue,
  PluginSearchQuery,
  PluginSearchResponse,
  PluginSummary,
} from '@idp-platform/backstage-plugin-idp-common';
import { PluginManagerApi } from '../api';
import { describeAction } from '../components/OperationProgress';

const NOW = '2026-11-24T10:00:00.000Z';
const AUTHOR = 'user:default/alice';

const COMPATIBILITY_CHECK_STATUS: Record<
  CompatibilityReport['verdict'],
  PlanCheck['status']
> = {
  compatible: 'pass',
  'compatible-with-warnings': 'warn',
  incompatible: 'fail',
};

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** A package the in-memory registry serves. */
export interface InMemoryPackage {
  summary: PluginSummary;
  /** Newest first; the first is `latest`. */
  versions: string[];
  readme?: string;
  /** Compatibility per version; compatible without reasons when absent. */
  compatibility?: Record<
    string,
    Pick<CompatibilityReport, 'verdict' | 'reasons' | 'conflicts'>
  >;
}

function facet(values: (string | undefined)[]): PluginSearchFacetValue[] {
  const counts = new Map<string, number>();
  for (const value of values) {
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/**
 * PluginManagerApi kept in memory for component tests, with the backend's
 * semantics: search filters by text and facets and pages, facets count every
 * match, a plan fails its checks for an incompatible version and blocks the
 * change, every change is a revision of the whole plugin list, a stale
 * `expectedRevision` is a 409, rollback returns to the previous version.
 */
export class InMemoryPluginManagerApi implements PluginManagerApi {
  readonly searches: PluginSearchQuery[] = [];
  readonly planRequests: PluginInstallRequest[] = [];
  readonly changes: {
    action: PluginAction;
    request: PluginInstallRequest | PluginPackageRequest | PluginRevertRequest;
  }[] = [];
  /** Thrown by every read, for the error states. */
  readFailure?: Error;
  /** Thrown by the next change, for example a 403. */
  nextFailure?: Error;
  /** Health per package; a loaded plugin with score 100 when absent. */
  healthByPackage = new Map<string, Partial<PluginHealth>>();
  /** The backend's YAML parse of `pluginConfigYaml`: a 400 message, or undefined. */
  rejectConfigYaml?: (yaml: string) => string | undefined;
  /** Answers changes with `pending-approval`, as in a protected environment. */
  requiresApproval = false;

  private readonly packages = new Map<string, InMemoryPackage>();
  private readonly installed = new Map<string, InstalledPlugin>();
  private readonly revisions: PluginRevision[] = [];
  private operations = 0;
  private refreshedAt = NOW;
  /** Changes waiting for approval, made when approved. */
  readonly changeRequests: ChangeRequest[] = [];
  readonly decisions: { id: string; decision: string; comment?: string }[] = [];
  private readonly approved = new Map<string, () => Promise<PluginRevision>>();
  refreshes = 0;

  constructor(
    packages: InMemoryPackage[] = [],
    private readonly registries: PluginRegistryInfo[] = [
      {
        name: 'npmjs',
        url: 'https://registry.npmjs.org',
        scopes: [],
        default: true,
      },
    ],
  ) {
    for (const p of packages) this.packages.set(p.summary.name, copy(p));
  }

  /** Installs a package as if it had been installed earlier, as revision N. */
  preinstall(name: string, version: string, previousVersions: string[] = []) {
    const p = this.require(name);
    this.installed.set(name, {
      package: name,
      version,
      folder: this.folder(name, version),
      disabled: false,
      integrity: this.integrity(name, version),
      role: p.summary.role,
      pluginId: p.summary.pluginId,
      installedAt: NOW,
      installedBy: AUTHOR,
      previousVersions,
    });
    this.record('install', name, previousVersions[0], version);
  }

  async listRegistries(): Promise<PluginRegistryInfo[]> {
    this.read();
    return copy(this.registries);
  }

  async search(query: PluginSearchQuery): Promise<PluginSearchResponse> {
    this.read();
    this.searches.push(copy(query));
    const text = query.q?.trim().toLowerCase();
    const matches = [...this.packages.values()]
      .map(p => this.summaryOf(p))
      .filter(
        s =>
          !text ||
          s.name.toLowerCase().includes(text) ||
          s.description?.toLowerCase().includes(text) ||
          s.keywords.some(k => k.toLowerCase().includes(text)),
      )
      .filter(s => !query.role || s.role === query.role)
      .filter(s => !query.author || s.author === query.author)
      .filter(s => !query.keyword || s.keywords.includes(query.keyword))
      .filter(s => !query.kind || s.kind === query.kind)
      .filter(s => !query.registry || s.registry === query.registry)
      .sort((a, b) => a.name.localeCompare(b.name));
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    return {
      items: matches.slice((page - 1) * pageSize, page * pageSize),
      total: matches.length,
      page,
      pageSize,
      facets: {
        role: facet(matches.map(s => s.role)),
        author: facet(matches.map(s => s.author)),
        keyword: facet(matches.flatMap(s => s.keywords)),
        kind: facet(matches.map(s => s.kind)),
      },
      refreshedAt: this.refreshedAt,
    };
  }

  async getPackage(name: string): Promise<PluginPackageDetails> {
    this.read();
    const p = this.require(name);
    const installed = this.installed.get(name);
    return {
      summary: this.summaryOf(p),
      distTags: { latest: p.versions[0] },
      versions: p.versions.map(version => ({ version, publishedAt: NOW })),
      installed: installed && copy(installed),
      readme: p.readme,
    };
  }

  async compatibility(
    name: string,
    version?: string,
  ): Promise<CompatibilityReport> {
    this.read();
    const p = this.require(name);
    const resolved = this.resolveVersion(p, version);
    const known = p.compatibility?.[resolved];
    return {
      package: name,
      version: resolved,
      backstageVersion: '1.55.0',
      verdict: known?.verdict ?? 'compatible',
      reasons: copy(known?.reasons ?? []),
      conflicts: copy(known?.conflicts ?? []),
    };
  }

  async plan(request: PluginInstallRequest): Promise<PluginInstallPlan> {
    this.planRequests.push(copy(request));
    this.read();
    await this.checkConfigYaml(request);
    return this.planOf(request);
  }

  async install(request: PluginInstallRequest): Promise<PluginOperationResult> {
    return this.change('install', request, async () => {
      if (this.installed.has(request.package)) {
        await this.fail(
          409,
          'ConflictError',
          `${request.package} is installed`,
        );
      }
      return this.applyInstall(request, 'install');
    });
  }

  async upgrade(request: PluginInstallRequest): Promise<PluginOperationResult> {
    return this.change('upgrade', request, async () => {
      if (!this.installed.has(request.package)) {
        await this.fail(
          404,
          'NotFoundError',
          `${request.package} is not installed`,
        );
      }
      return this.applyInstall(request, 'upgrade');
    });
  }

  async disable(request: PluginPackageRequest): Promise<PluginOperationResult> {
    return this.toggle('disable', request, true);
  }

  async enable(request: PluginPackageRequest): Promise<PluginOperationResult> {
    return this.toggle('enable', request, false);
  }

  async uninstall(
    request: PluginPackageRequest,
  ): Promise<PluginOperationResult> {
    return this.change('uninstall', request, async () => {
      const plugin = await this.requireInstalled(request.package);
      this.installed.delete(request.package);
      return this.record('uninstall', plugin.package, plugin.version);
    });
  }

  async rollback(
    request: PluginPackageRequest,
  ): Promise<PluginOperationResult> {
    return this.change('rollback', request, async () => {
      const plugin = await this.requireInstalled(request.package);
      const [previous, ...older] = plugin.previousVersions;
      if (!previous) {
        await this.fail(
          409,
          'ConflictError',
          `${plugin.package} has no previous version`,
        );
      }
      const from = plugin.version;
      Object.assign(plugin, {
        version: previous,
        folder: this.folder(plugin.package, previous),
        integrity: this.integrity(plugin.package, previous),
        previousVersions: [from, ...older],
      });
      return this.record('rollback', plugin.package, from, previous);
    });
  }

  async listInstalled(): Promise<InstalledPluginsResponse> {
    this.read();
    return {
      items: copy([...this.installed.values()]),
      revision: this.currentRevision(),
    };
  }

  async listRevisions(packageName?: string): Promise<PluginRevision[]> {
    this.read();
    return copy(
      this.revisions
        .filter(r => !packageName || r.package === packageName)
        .reverse(),
    );
  }

  async getRevision(revision: number): Promise<PluginRevision> {
    this.read();
    return copy(await this.requireRevision(revision));
  }

  async diffRevision(
    revision: number,
    against?: number,
  ): Promise<PluginRevisionDiff> {
    this.read();
    const to = await this.requireRevision(revision);
    const from = against ?? revision - 1;
    const before = from === 0 ? [] : (await this.requireRevision(from)).plugins;
    const changes: PluginRevisionDiffEntry[] = [];
    const nameOf = (entry: DynamicPluginEntry) =>
      this.splitReference(entry.package)[0];
    const names = new Set([...before, ...to.plugins].map(nameOf));
    for (const name of [...names].sort()) {
      const b = before.find(e => nameOf(e) === name);
      const a = to.plugins.find(e => nameOf(e) === name);
      if (JSON.stringify(a) === JSON.stringify(b)) continue;
      let change: PluginRevisionDiffEntry['change'] = 'config';
      if (!b) change = 'added';
      else if (!a) change = 'removed';
      else if (a.package !== b.package) change = 'version';
      else if (Boolean(a.disabled) !== Boolean(b.disabled))
        change = a.disabled ? 'disabled' : 'enabled';
      changes.push({ package: name, change, before: b, after: a });
    }
    return { from, to: revision, changes };
  }

  async revertToRevision(
    revision: number,
    request: PluginRevertRequest,
  ): Promise<PluginOperationResult> {
    return this.change('revert', request, async () => {
      const target = await this.requireRevision(revision);
      this.installed.clear();
      for (const entry of target.plugins) {
        const [name, version] = this.splitReference(entry.package);
        const p = this.require(name);
        this.installed.set(name, {
          package: name,
          version,
          folder: this.folder(name, version),
          disabled: Boolean(entry.disabled),
          integrity: this.integrity(name, version),
          role: p.summary.role,
          pluginId: p.summary.pluginId,
          installedAt: NOW,
          installedBy: AUTHOR,
          previousVersions: [],
        });
      }
      return this.record('revert', target.package);
    });
  }

  async health(): Promise<PluginHealthResponse> {
    this.read();
    return {
      items: [...this.installed.values()].map(plugin => ({
        package: plugin.package,
        version: plugin.version,
        disabled: plugin.disabled,
        load: plugin.disabled ? 'not-loaded' : 'loaded',
        routes: [],
        recentErrors: [],
        score: plugin.disabled ? 0 : 100,
        checkedAt: NOW,
        ...copy(this.healthByPackage.get(plugin.package) ?? {}),
      })),
      formula:
        'score = 50 if loaded + 30 × share of routes answering + 20 − 5 per recent error',
    };
  }

  async refresh(): Promise<PluginRefreshResponse> {
    this.refreshes += 1;
    const failure = this.nextFailure;
    this.nextFailure = undefined;
    if (failure) throw failure;
    this.refreshedAt = new Date(
      Date.parse(NOW) + this.refreshes * 3_600_000,
    ).toISOString();
    return { packages: this.packages.size, refreshedAt: this.refreshedAt };
  }

  private async checkConfigYaml(request: PluginInstallRequest) {
    const problem =
      request.pluginConfigYaml !== undefined &&
      this.rejectConfigYaml?.(request.pluginConfigYaml);
    if (problem) await this.fail(400, 'InputError', problem);
  }

  private planOf(request: PluginInstallRequest): PluginInstallPlan {
    const p = this.require(request.package);
    const version = this.resolveVersion(p, request.version);
    const known = p.compatibility?.[version];
    const installed = this.installed.get(request.package);
    const verdict = known?.verdict ?? 'compatible';
    const checks: PlanCheck[] = [
      {
        id: 'compatibility',
        status: COMPATIBILITY_CHECK_STATUS[verdict],
        message:
          verdict === 'incompatible'
            ? `${request.package}@${version} is incompatible with Backstage 1.55.0`
            : `${request.package}@${version} suits Backstage 1.55.0`,
      },
      {
        id: 'peer-dependencies',
        status: known?.conflicts?.some(c => c.type === 'peer')
          ? 'fail'
          : 'pass',
        message: known?.conflicts?.length
          ? known.conflicts.map(c => c.message).join('; ')
          : 'Every peer dependency is satisfied',
      },
      {
        id: 'plugin-id',
        status: 'pass',
        message: `No other installed plugin has the id ${p.summary.pluginId}`,
      },
    ];
    return {
      action: installed ? 'upgrade' : 'install',
      package: request.package,
      version,
      fromVersion: installed?.version,
      integrity: this.integrity(request.package, version),
      folder: this.folder(request.package, version),
      compatibility: {
        package: request.package,
        version,
        backstageVersion: '1.55.0',
        verdict,
        reasons: copy(known?.reasons ?? []),
        conflicts: copy(known?.conflicts ?? []),
      },
      checks,
      blocked: checks.some(c => c.status === 'fail'),
      entry: {
        package: `${request.package}@${version}`,
        integrity: this.integrity(request.package, version),
        pluginConfig: request.pluginConfig,
      },
      requiresApproval: this.requiresApproval,
      currentRevision: this.currentRevision(),
    };
  }

  private async applyInstall(
    request: PluginInstallRequest,
    action: 'install' | 'upgrade',
  ) {
    await this.checkConfigYaml(request);
    const plan = this.planOf(request);
    if (plan.blocked) {
      await this.fail(
        409,
        'ConflictError',
        `The plan for ${request.package}@${plan.version} is blocked`,
      );
    }
    const before = this.installed.get(request.package);
    const p = this.require(request.package);
    this.installed.set(request.package, {
      package: request.package,
      version: plan.version,
      folder: plan.folder,
      disabled: false,
      integrity: plan.integrity,
      role: p.summary.role,
      pluginId: p.summary.pluginId,
      pluginConfig: request.pluginConfig,
      installedAt: NOW,
      installedBy: AUTHOR,
      previousVersions: before
        ? [before.version, ...before.previousVersions]
        : [],
    });
    return this.record(action, request.package, before?.version, plan.version);
  }

  private toggle(
    action: 'disable' | 'enable',
    request: PluginPackageRequest,
    disabled: boolean,
  ) {
    return this.change(action, request, async () => {
      const plugin = await this.requireInstalled(request.package);
      plugin.disabled = disabled;
      return this.record(
        action,
        plugin.package,
        plugin.version,
        plugin.version,
      );
    });
  }

  private async change(
    action: PluginAction,
    request: PluginInstallRequest | PluginPackageRequest | PluginRevertRequest,
    apply: () => Promise<PluginRevision>,
  ): Promise<PluginOperationResult> {
    this.changes.push({ action, request: copy(request) });
    const failure = this.nextFailure;
    this.nextFailure = undefined;
    if (failure) throw failure;
    if (
      request.expectedRevision !== undefined &&
      request.expectedRevision !== this.currentRevision()
    ) {
      await this.fail(
        409,
        'ConflictError',
        `The installed plugins are at revision ${this.currentRevision()}, not ${
          request.expectedRevision
        }; reload and try again`,
      );
    }
    this.operations += 1;
    const operationId = `op-${this.operations}`;
    if (this.requiresApproval) {
      const changeRequest = this.openChangeRequest(action, request, apply);
      return { status: 'pending-approval', operationId, changeRequest };
    }
    const revision = await apply();
    const name = 'package' in request ? request.package : revision.package;
    const plugin = this.installed.get(name);
    return {
      status: 'applied',
      operationId,
      revision: copy(revision),
      plugin: plugin && copy(plugin),
      restart: { status: 'not-configured' },
    };
  }

  async listPendingChangeRequests(): Promise<ChangeRequest[]> {
    this.read();
    return copy(this.changeRequests.filter(r => r.state === 'pending'));
  }

  async decideChangeRequest(
    id: string,
    decision: ChangeRequestDecision['decision'],
    comment?: string,
  ): Promise<ChangeRequest> {
    this.decisions.push({ id, decision, comment });
    const failure = this.nextFailure;
    this.nextFailure = undefined;
    if (failure) throw failure;
    const request = this.changeRequests.find(r => r.id === id);
    if (!request) {
      return this.fail(404, 'NotFoundError', `No change request ${id}`);
    }
    request.approvals.push({
      approver: 'user:default/carol',
      decision,
      comment,
      decidedAt: NOW,
    });
    const approvals = request.approvals.filter(
      a => a.decision === 'approve',
    ).length;
    if (decision === 'reject') request.state = 'rejected';
    else if (approvals >= request.requiredApprovals) {
      await this.approved.get(id)!();
      request.state = 'applied';
    }
    return copy(request);
  }

  private openChangeRequest(
    action: PluginAction,
    request: PluginInstallRequest | PluginPackageRequest | PluginRevertRequest,
    apply: () => Promise<PluginRevision>,
  ): ChangeRequest {
    const id = `cr-${this.changeRequests.length + 1}`;
    const name = 'package' in request ? request.package : 'a revision';
    this.approved.set(id, apply);
    const changeRequest: ChangeRequest = {
      id,
      pluginId: 'plugin-manager',
      kind: `plugin-${action}`,
      title: `${describeAction(action, 'running')} ${name}`,
      environment: 'production',
      requester: AUTHOR,
      requiredApprovals: 1,
      approvers: ['group:default/platform-admins'],
      payload: copy(request),
      state: 'pending',
      createdAt: NOW,
      updatedAt: NOW,
      expiresAt: '2099-12-01T10:00:00.000Z',
      version: 1,
      approvals: [],
      history: [],
    };
    this.changeRequests.push(changeRequest);
    return copy(changeRequest);
  }

  private record(
    action: PluginAction,
    name: string,
    fromVersion?: string,
    toVersion?: string,
  ): PluginRevision {
    const revision: PluginRevision = {
      revision: this.currentRevision() + 1,
      action,
      package: name,
      fromVersion,
      toVersion,
      author: AUTHOR,
      createdAt: NOW,
      plugins: [...this.installed.values()].map(
        (plugin): DynamicPluginEntry => ({
          package: `${plugin.package}@${plugin.version}`,
          disabled: plugin.disabled,
          integrity: plugin.integrity,
          ...(plugin.pluginConfig ? { pluginConfig: plugin.pluginConfig } : {}),
        }),
      ),
    };
    this.revisions.push(revision);
    return revision;
  }

  private currentRevision(): number {
    return this.revisions.length;
  }

  private summaryOf(p: InMemoryPackage): PluginSummary {
    return {
      ...copy(p.summary),
      version: p.versions[0],
      installedVersion: this.installed.get(p.summary.name)?.version,
    };
  }

  private resolveVersion(p: InMemoryPackage, version?: string): string {
    if (!version || version === 'latest') return p.versions[0];
    return version;
  }

  private splitReference(reference: string): [string, string] {
    const at = reference.lastIndexOf('@');
    return [reference.slice(0, at), reference.slice(at + 1)];
  }

  private folder(name: string, version: string) {
    return `${name.replace('@', '').replace('/', '-')}-${version}`;
  }

  private integrity(name: string, version: string) {
    return `sha512-${Buffer.from(`${name}@${version}`).toString('base64')}`;
  }

  private read() {
    if (this.readFailure) throw this.readFailure;
  }

  private require(name: string): InMemoryPackage {
    const p = this.packages.get(name);
    if (!p) throw new Error(`No package ${name} in the test registry`);
    return p;
  }

  private async requireInstalled(name: string): Promise<InstalledPlugin> {
    const plugin = this.installed.get(name);
    if (!plugin)
      await this.fail(404, 'NotFoundError', `${name} is not installed`);
    return plugin!;
  }

  private async requireRevision(revision: number): Promise<PluginRevision> {
    const found = this.revisions.find(r => r.revision === revision);
    if (!found)
      await this.fail(404, 'NotFoundError', `No revision ${revision}`);
    return found!;
  }

  private async fail(
    status: number,
    name: string,
    message: string,
  ): Promise<never> {
    throw await ResponseError.fromResponse(
      backendErrorResponse(status, name, message),
    );
  }
}
