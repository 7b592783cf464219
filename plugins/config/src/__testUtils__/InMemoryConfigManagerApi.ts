import { ResponseError } from '@backstage/errors';
import { backendErrorResponse } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import {
  ApplicationConfigurationSpec,
  ChangeRequest,
  ChangeRequestDecision,
  ConfigApplicationSummary,
  ConfigApplicationView,
  ConfigApplyResult,
  ConfigChangeKind,
  ConfigChangeResult,
  ConfigChangeSet,
  ConfigDiff,
  ConfigDiffEntry,
  ConfigDriftReport,
  ConfigEnvironmentComparison,
  ConfigFlagPutRequest,
  ConfigRollbackRequest,
  ConfigSetValuesRequest,
  ConfigTree,
  DEFAULT_ENVIRONMENTS,
  Environment,
} from '@idp-platform/backstage-plugin-idp-common';
import { ConfigManagerApi } from '../api';
import {
  compareEffective,
  effectiveConfiguration,
  setValueAt,
} from './effectiveConfiguration';

const NOW = '2026-11-24T10:00:00.000Z';

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** An application configuration to start an in-memory store with. */
export interface InMemoryApplication {
  name: string;
  entityRef?: string;
  spec: Partial<ApplicationConfigurationSpec>;
}

interface StoredApplication {
  name: string;
  entityRef: string;
  version: number;
  /** The spec of every version, by version. */
  specs: Map<number, ApplicationConfigurationSpec>;
  changeSets: ConfigChangeSet[];
}

interface PendingChange {
  application: string;
  baseVersion: number;
  spec: ApplicationConfigurationSpec;
  kind: ConfigChangeKind;
  message?: string;
}

function diffTrees(
  before: unknown,
  after: unknown,
  path: string,
  entries: ConfigDiffEntry[],
) {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort()) {
      diffTrees(before[key], after[key], `${path}/${key}`, entries);
    }
    return;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (before === undefined) entries.push({ path, kind: 'added', after });
  else if (after === undefined) entries.push({ path, kind: 'removed', before });
  else entries.push({ path, kind: 'changed', before, after });
}

/**
 * ConfigManagerApi kept in memory for component tests, with the backend's
 * semantics: every change is a new version, a stale expected version is a
 * 409, a change that alters a protected environment opens a change request
 * (202) that is stored when approved, and `validate` answers 400 like the
 * backend's JSON Schema check.
 */
export class InMemoryConfigManagerApi implements ConfigManagerApi {
  readonly setValuesRequests: ConfigSetValuesRequest[] = [];
  readonly rollbackRequests: ConfigRollbackRequest[] = [];
  readonly applyRequests: { environment: string; dryRun: boolean }[] = [];
  readonly flagRequests: { key: string; request: ConfigFlagPutRequest }[] = [];
  readonly decisions: { id: string; decision: string; comment?: string }[] = [];
  readonly driftChecks: string[] = [];
  changeRequests: ChangeRequest[] = [];
  driftReportsByEnvironment = new Map<string, ConfigDriftReport>();
  reads = 0;
  /** Thrown by every read, for the error states. */
  readFailure?: Error;
  /** Thrown by the next change or apply, for example a 403. */
  nextFailure?: Error;
  /** The backend's JSON Schema check: a message naming the key, or undefined. */
  validate?: (spec: ApplicationConfigurationSpec) => string | undefined;

  private readonly applications = new Map<string, StoredApplication>();
  private readonly pending = new Map<string, PendingChange>();
  private readonly environments: Environment[];
  private readonly defaults: {
    global: ConfigTree;
    environments: Record<string, ConfigTree>;
  };

  constructor(
    applications: InMemoryApplication[] = [],
    options: {
      environments?: Environment[];
      globalDefaults?: ConfigTree;
      environmentDefaults?: Record<string, ConfigTree>;
    } = {},
  ) {
    this.environments = options.environments ?? DEFAULT_ENVIRONMENTS;
    this.defaults = {
      global: options.globalDefaults ?? {},
      environments: options.environmentDefaults ?? {},
    };
    for (const application of applications) {
      const spec: ApplicationConfigurationSpec = {
        values: {},
        environments: {},
        flags: {},
        ...copy(application.spec),
      };
      this.applications.set(application.name, {
        name: application.name,
        entityRef:
          application.entityRef ?? `component:default/${application.name}`,
        version: 1,
        specs: new Map([[1, spec]]),
        changeSets: [
          {
            application: application.name,
            version: 1,
            kind: 'import',
            author: 'user:default/alice',
            message: 'Imported',
            changedKeys: ['/values'],
            createdAt: NOW,
          },
        ],
      });
    }
  }

  /** Changes the stored configuration behind the user's back, as another writer would. */
  changeBySomeoneElse(name: string, key: string, value: string) {
    const stored = this.require(name);
    const spec = copy(this.currentSpec(stored));
    spec.values = setValueAt(spec.values, key, value);
    this.store(stored, spec, 'set-values', 'user:default/bob', 'Other change');
  }

  async listApplications(): Promise<ConfigApplicationSummary[]> {
    this.read();
    return [...this.applications.values()].map(s => this.summary(s));
  }

  async getApplication(name: string): Promise<ConfigApplicationView> {
    this.read();
    const stored = this.require(name);
    const spec = this.currentSpec(stored);
    return {
      ...this.summary(stored),
      schema: spec.schema,
      delivery: spec.delivery,
      layers: {
        global: this.defaults.global,
        environment: Object.fromEntries(
          this.environments.map(e => [
            e.name,
            this.defaults.environments[e.name] ?? {},
          ]),
        ),
        application: spec.values,
        'application-environment': spec.environments,
      },
      effective: this.effective(spec),
      flags: spec.flags,
      environments: this.environments.map(e => ({
        name: e.name,
        protected: e.protected,
      })),
    };
  }

  async compare(name: string): Promise<ConfigEnvironmentComparison> {
    this.read();
    const stored = this.require(name);
    return {
      application: name,
      version: stored.version,
      environments: this.environments.map(e => e.name),
      rows: compareEffective(this.effective(this.currentSpec(stored))),
    };
  }

  async setValues(
    name: string,
    request: ConfigSetValuesRequest,
  ): Promise<ConfigChangeResult> {
    this.setValuesRequests.push(copy(request));
    const stored = this.require(name);
    const spec = copy(this.currentSpec(stored));
    for (const change of request.changes) {
      const value = change.remove ? undefined : change.value;
      if (change.environment) {
        spec.environments[change.environment] = setValueAt(
          spec.environments[change.environment] ?? {},
          change.key,
          value,
        );
      } else {
        spec.values = setValueAt(spec.values, change.key, value);
      }
    }
    return this.change(
      stored,
      request.version,
      spec,
      'set-values',
      request.message,
    );
  }

  async exportYaml(name: string, version?: number): Promise<string> {
    this.read();
    const stored = this.require(name);
    const spec = stored.specs.get(version ?? stored.version)!;
    return JSON.stringify({ metadata: { name }, spec }, null, 2);
  }

  async history(name: string): Promise<ConfigChangeSet[]> {
    this.read();
    return [...this.require(name).changeSets].reverse();
  }

  async diff(name: string, from: number, to: number): Promise<ConfigDiff> {
    this.read();
    const stored = this.require(name);
    const entries: ConfigDiffEntry[] = [];
    diffTrees(
      from === 0 ? {} : stored.specs.get(from),
      stored.specs.get(to),
      '',
      entries,
    );
    return { application: name, from, to, entries };
  }

  async rollback(
    name: string,
    request: ConfigRollbackRequest,
  ): Promise<ConfigChangeResult> {
    this.rollbackRequests.push(copy(request));
    const stored = this.require(name);
    const target = stored.specs.get(request.toVersion);
    if (!target) {
      throw await ResponseError.fromResponse(
        backendErrorResponse(
          404,
          'NotFoundError',
          `No version ${request.toVersion}`,
        ),
      );
    }
    return this.change(
      stored,
      request.version,
      copy(target),
      'rollback',
      request.message ?? `Roll back to version ${request.toVersion}`,
    );
  }

  async apply(
    name: string,
    environment: string,
    options: { dryRun: boolean },
  ): Promise<ConfigApplyResult> {
    this.applyRequests.push({ environment, dryRun: options.dryRun });
    await this.throwNextFailure();
    const stored = this.require(name);
    const configMapName = `${name}-config-${stored.version}abc`;
    return {
      application: name,
      environment,
      version: stored.version,
      cluster: 'local',
      namespace: environment,
      configMapName,
      objects: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          namespace: environment,
          name: configMapName,
        },
        {
          apiVersion: 'external-secrets.io/v1beta1',
          kind: 'ExternalSecret',
          namespace: environment,
          name: `${name}-vault-backend`,
        },
      ],
      workload: { name, strategy: 'rollout', updated: !options.dryRun },
      dryRun: options.dryRun,
      appliedAt: options.dryRun ? undefined : NOW,
    };
  }

  async driftReports(name: string): Promise<ConfigDriftReport[]> {
    this.read();
    this.require(name);
    return [...this.driftReportsByEnvironment.values()];
  }

  async checkDrift(
    name: string,
    environment: string,
  ): Promise<ConfigDriftReport> {
    this.driftChecks.push(environment);
    await this.throwNextFailure();
    const stored = this.require(name);
    const report: ConfigDriftReport = {
      ...(this.driftReportsByEnvironment.get(environment) ?? {
        application: name,
        environment,
        status: 'not-delivered',
        currentVersion: stored.version,
        outOfDate: false,
        objects: [],
      }),
      checkedAt: '2026-11-24T11:00:00.000Z',
    };
    this.driftReportsByEnvironment.set(environment, report);
    return report;
  }

  async putFlag(
    name: string,
    key: string,
    request: ConfigFlagPutRequest,
  ): Promise<ConfigChangeResult> {
    this.flagRequests.push({ key, request: copy(request) });
    const stored = this.require(name);
    const spec = copy(this.currentSpec(stored));
    spec.flags[key] = request.flag;
    return this.change(stored, request.version, spec, 'flag', request.message);
  }

  async listPendingChangeRequests(): Promise<ChangeRequest[]> {
    this.read();
    return this.changeRequests.filter(r => r.state === 'pending');
  }

  async decideChangeRequest(
    id: string,
    decision: ChangeRequestDecision['decision'],
    comment?: string,
  ): Promise<ChangeRequest> {
    this.decisions.push({ id, decision, comment });
    await this.throwNextFailure();
    const request = this.changeRequests.find(r => r.id === id);
    if (!request) {
      throw await ResponseError.fromResponse(
        backendErrorResponse(404, 'NotFoundError', `No change request ${id}`),
      );
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
      const pending = this.pending.get(id);
      const stored = pending && this.applications.get(pending.application);
      if (pending && stored) {
        this.store(
          stored,
          pending.spec,
          pending.kind,
          request.requester,
          pending.message,
          id,
        );
      }
      request.state = 'applied';
    }
    return request;
  }

  private async change(
    stored: StoredApplication,
    expectedVersion: number,
    spec: ApplicationConfigurationSpec,
    kind: ConfigChangeKind,
    message?: string,
  ): Promise<ConfigChangeResult> {
    await this.throwNextFailure();
    if (stored.version !== expectedVersion) {
      throw await ResponseError.fromResponse(
        backendErrorResponse(
          409,
          'ConflictError',
          `Configuration ${stored.name} is at version ${stored.version}, not ${expectedVersion}; reload and apply your change again`,
        ),
      );
    }
    const problem = this.validate?.(spec);
    if (problem)
      throw await ResponseError.fromResponse(
        backendErrorResponse(400, 'InputError', problem),
      );
    const before = this.currentSpec(stored);
    const affected = this.environments.filter(
      e =>
        e.protected &&
        JSON.stringify(this.effectiveOf(before, e.name)) !==
          JSON.stringify(this.effectiveOf(spec, e.name)),
    );
    if (affected.length) {
      return this.openChangeRequest(stored, spec, kind, message, affected);
    }
    const changeSet = this.store(
      stored,
      spec,
      kind,
      'user:default/alice',
      message,
    );
    return { status: 'applied', changeSet };
  }

  private openChangeRequest(
    stored: StoredApplication,
    spec: ApplicationConfigurationSpec,
    kind: ConfigChangeKind,
    message: string | undefined,
    affected: Environment[],
  ): ConfigChangeResult {
    const target = affected.reduce((a, b) =>
      b.requiredApprovals >= a.requiredApprovals ? b : a,
    );
    const id = `cr-${this.changeRequests.length + 1}`;
    const names = affected.map(e => e.name);
    this.pending.set(id, {
      application: stored.name,
      baseVersion: stored.version,
      spec,
      kind,
      message,
    });
    this.changeRequests.push({
      id,
      pluginId: 'config',
      kind: 'config-change',
      title: `Change configuration of ${stored.name} in ${names.join(', ')}`,
      description: message,
      environment: target.name,
      entityRef: stored.entityRef,
      requester: 'user:default/alice',
      requiredApprovals: target.requiredApprovals,
      approvers: ['group:default/release-managers'],
      payload: { application: stored.name, baseVersion: stored.version },
      state: 'pending',
      createdAt: NOW,
      updatedAt: NOW,
      expiresAt: '2099-12-01T10:00:00.000Z',
      version: 1,
      approvals: [],
      history: [],
    });
    return {
      status: 'pending-approval',
      changeRequest: {
        id,
        environment: target.name,
        requiredApprovals: target.requiredApprovals,
        affectedEnvironments: names,
      },
    };
  }

  private store(
    stored: StoredApplication,
    spec: ApplicationConfigurationSpec,
    kind: ConfigChangeKind,
    author: string,
    message?: string,
    changeRequestId?: string,
  ): ConfigChangeSet {
    const entries: ConfigDiffEntry[] = [];
    diffTrees(this.currentSpec(stored), spec, '', entries);
    stored.version += 1;
    stored.specs.set(stored.version, copy(spec));
    const changeSet: ConfigChangeSet = {
      application: stored.name,
      version: stored.version,
      kind,
      author,
      message,
      changedKeys: entries.map(e => e.path),
      createdAt: NOW,
      changeRequestId,
    };
    stored.changeSets.push(changeSet);
    return changeSet;
  }

  private effective(spec: ApplicationConfigurationSpec) {
    return this.environments.map(e =>
      effectiveConfiguration(e.name, [
        ['global', this.defaults.global],
        ['environment', this.defaults.environments[e.name] ?? {}],
        ['application', spec.values],
        ['application-environment', spec.environments[e.name] ?? {}],
      ]),
    );
  }

  private effectiveOf(spec: ApplicationConfigurationSpec, environment: string) {
    const values = this.effective(spec).find(
      e => e.environment === environment,
    )!.values;
    const flags = Object.fromEntries(
      Object.entries(spec.flags).map(([key, flag]) => [
        key,
        flag.environments[environment] ?? null,
      ]),
    );
    return { values, flags };
  }

  private summary(stored: StoredApplication): ConfigApplicationSummary {
    const last = stored.changeSets[stored.changeSets.length - 1];
    return {
      name: stored.name,
      entityRef: stored.entityRef,
      version: stored.version,
      updatedAt: last.createdAt,
      updatedBy: last.author,
    };
  }

  private currentSpec(stored: StoredApplication) {
    return stored.specs.get(stored.version)!;
  }

  private require(name: string): StoredApplication {
    const stored = this.applications.get(name);
    if (!stored) throw new Error(`No configuration for application ${name}`);
    return stored;
  }

  private read() {
    this.reads += 1;
    if (this.readFailure) throw this.readFailure;
  }

  private async throwNextFailure() {
    const failure = this.nextFailure;
    this.nextFailure = undefined;
    if (failure) throw failure;
  }
}
