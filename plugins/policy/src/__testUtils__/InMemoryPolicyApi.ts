import { ResponseError } from '@backstage/errors';
import { backendErrorResponse } from '@idp-platform/backstage-plugin-idp-react/testUtils';
import {
  ChangeRequest,
  ChangeRequestDecision,
  DEFAULT_ENVIRONMENTS,
  Environment,
  PolicyAccessPair,
  PolicyApplyOutcome,
  PolicyApplyRecord,
  PolicyApplyRequest,
  PolicyCompileResult,
  PolicyCompiledObject,
  PolicyCreateRequest,
  PolicyEnvironmentComparison,
  PolicyEnvironmentState,
  PolicyImpactReport,
  PolicyImportResult,
  PolicyProblem,
  PolicyRollbackRequest,
  PolicySandboxRequest,
  PolicySandboxResult,
  PolicyScenario,
  PolicyScenarioResult,
  PolicyServiceInfo,
  PolicySummary,
  PolicyUpdateRequest,
  PolicyValidationResult,
  PolicyVersion,
  PolicyVersionView,
  PolicyView,
  ServiceCommunicationPolicy,
  serviceCommunicationPolicySchema,
} from '@idp-platform/backstage-plugin-idp-common';
import yaml from 'js-yaml';
import { PolicyApi } from '../api';

const NOW = '2026-11-24T10:00:00.000Z';
const AUTHOR = 'user:default/alice';

const fail = async (status: number, name: string, message: string) => {
  throw await ResponseError.fromResponse(
    backendErrorResponse(status, name, message),
  );
};

/**
 * The 1-based line of a path such as `spec.destinations.1.ports`, found by
 * indentation in block-style YAML (as the fixtures and js-yaml write it).
 */
function lineOf(text: string, path: (string | number)[]): number | undefined {
  const lines = text.split('\n');
  let start = -1;
  let minIndent = 0;
  let found: number | undefined;
  // After a list item, its first key sits on the item's own line.
  let onItemLine = false;
  for (const segment of path) {
    found = undefined;
    let levelIndent: number | undefined;
    let itemsLeft = typeof segment === 'number' ? segment : 0;
    const first = onItemLine ? start : start + 1;
    for (let i = first; i < lines.length && found === undefined; i++) {
      if (!lines[i].trim()) continue;
      const match = /^(\s*)(- )?(?:([^:\s][^:]*):)?/.exec(lines[i])!;
      const indent = match[1].length;
      if (i > start && indent < minIndent) break;
      if (typeof segment === 'number') {
        levelIndent = levelIndent ?? (match[2] ? indent : undefined);
        if (!match[2] || indent !== levelIndent) continue;
        if (itemsLeft === 0) {
          found = i;
          minIndent = indent + 2;
        }
        itemsLeft -= 1;
      } else if (match[3] !== undefined) {
        const keyIndent = match[2] ? indent + 2 : indent;
        levelIndent = levelIndent ?? keyIndent;
        if (keyIndent === levelIndent && match[3] === segment) {
          found = i;
          minIndent = keyIndent + 1;
        }
      }
    }
    if (found === undefined) return undefined;
    start = found;
    onItemLine = typeof segment === 'number';
  }
  return found === undefined ? undefined : found + 1;
}

/** Parses and checks a document as the backend's validator does, schema first. */
export function validatePolicyYaml(text: string): PolicyValidationResult {
  let parsed: unknown;
  try {
    parsed = yaml.load(text);
  } catch (error) {
    const mark = (error as { mark?: { line: number } }).mark;
    return {
      valid: false,
      problems: [
        {
          severity: 'error',
          code: 'yaml',
          message: (error as Error).message.split('\n')[0],
          path: '',
          line: mark ? mark.line + 1 : undefined,
        },
      ],
    };
  }
  const result = serviceCommunicationPolicySchema.safeParse(parsed);
  if (!result.success) {
    return {
      valid: false,
      problems: result.error.issues.map(issue => ({
        severity: 'error',
        code: 'schema',
        message: `${issue.path.join('.')}: ${issue.message}`,
        path: issue.path.join('.'),
        line: lineOf(text, issue.path),
      })),
    };
  }
  return { valid: true, problems: [], document: result.data };
}

interface StoredPolicy {
  name: string;
  versions: PolicyVersionView[];
  applied: Map<string, { version: number; at: string; by: string }>;
  pending: Map<string, string>;
}

/** The calls a policy allows: source to each destination port. */
function accessPairs(document: ServiceCommunicationPolicy): PolicyAccessPair[] {
  return document.spec.destinations.flatMap(destination =>
    destination.ports.map(port => ({
      from: document.spec.source.service,
      to: destination.service,
      port: port.port,
      conditional: Boolean(destination.paths || destination.methods),
    })),
  );
}

function compileObjects(
  document: ServiceCommunicationPolicy,
  environment: string,
): PolicyCompiledObject[] {
  const source = document.spec.source.service;
  return [
    ...document.spec.destinations.map(destination => ({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: {
        name: `${destination.service}-from-${source}`,
        namespace: environment,
      },
      spec: {
        selector: { matchLabels: { app: destination.service } },
        action: 'ALLOW',
        rules: [
          {
            from: [
              {
                source: {
                  principals: [`cluster.local/ns/${environment}/sa/${source}`],
                },
              },
            ],
            to: [
              {
                operation: { ports: destination.ports.map(p => `${p.port}`) },
              },
            ],
          },
        ],
      },
    })),
    {
      // Mesh-wide, so the same in every environment.
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: `${source}-mtls`, namespace: 'istio-system' },
      spec: {
        selector: { matchLabels: { app: source } },
        mtls: { mode: 'STRICT' },
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${source}-egress`, namespace: environment },
      spec: { podSelector: { matchLabels: { app: source } } },
    },
  ];
}

/** Evaluates a scenario against one document, as the backend's sandbox does for it. */
function evaluate(
  document: ServiceCommunicationPolicy,
  scenario: PolicyScenario,
): Omit<PolicyScenarioResult, 'scenario' | 'passed'> {
  const { spec } = document;
  if (scenario.kind === 'communication') {
    const denied = spec.deniedDestinations.find(
      d =>
        d.service === scenario.to &&
        (!d.ports || d.ports.some(p => p.port === scenario.port)),
    );
    if (scenario.from === spec.source.service && denied) {
      return {
        decision: 'deny',
        reason: `DENY: ${scenario.to} is a denied destination of ${scenario.from}`,
        decidedBy: `AuthorizationPolicy/${scenario.to}-deny-${scenario.from}`,
      };
    }
    const allowed = spec.destinations.find(
      d =>
        d.service === scenario.to &&
        d.ports.some(p => p.port === scenario.port),
    );
    if (scenario.from === spec.source.service && allowed) {
      return {
        decision: 'allow',
        reason: `ALLOW: ${scenario.from} may call ${scenario.to} on ${scenario.port}`,
        decidedBy: `AuthorizationPolicy/${scenario.to}-from-${scenario.from}`,
      };
    }
    return { decision: 'deny', reason: 'default deny: no rule allows it' };
  }
  const claims = scenario.claims ?? {};
  const holds = (rule: { claims?: Record<string, string[]> }) =>
    Object.entries(rule.claims ?? {}).every(([claim, values]) => {
      const actual = claims[claim];
      const list = Array.isArray(actual) ? actual : [actual];
      return values.some(v => list.includes(v));
    });
  for (const rule of spec.accessRules?.rules ?? []) {
    if (scenario.claims && holds(rule)) {
      return {
        decision: rule.action,
        reason: `${rule.action.toUpperCase()} rule ${rule.name} matched`,
        decidedBy: `AuthorizationPolicy/${spec.source.service}-jwt`,
      };
    }
  }
  return { decision: 'deny', reason: 'default deny: no rule matched' };
}

/**
 * PolicyApi kept in memory for component tests, with the backend's
 * semantics where the pages depend on them: every save is a new version, a
 * stale version is a 409, invalid YAML is a 400 and validation problems carry
 * lines, the sandbox decides scenarios from the document, impact compares
 * with the applied version, and applies to protected environments open a
 * change request.
 */
export class InMemoryPolicyApi implements PolicyApi {
  readonly services: PolicyServiceInfo[] = [];
  readonly policies = new Map<string, StoredPolicy>();
  readonly changeRequests: ChangeRequest[] = [];
  readonly applyRecords: PolicyApplyRecord[] = [];
  readonly applyRequests: PolicyApplyRequest[] = [];
  readonly rollbackRequests: PolicyRollbackRequest[] = [];
  readonly sandboxRequests: PolicySandboxRequest[] = [];
  readonly validations: string[] = [];
  readonly decisions: { id: string; decision: string }[] = [];
  /** Thrown by every read when set, to show error states. */
  readFailure?: Error;
  /** Thrown once by the next change. */
  nextFailure?: Error;

  constructor(
    documents: string[] = [],
    private readonly environments: Environment[] = DEFAULT_ENVIRONMENTS,
  ) {
    for (const text of documents) {
      const { document } = validatePolicyYaml(text);
      if (!document) throw new Error(`Invalid test policy:\n${text}`);
      this.policies.set(document.metadata.name, {
        name: document.metadata.name,
        versions: [this.versionOf(document, text, 1, 'Imported')],
        applied: new Map(),
        pending: new Map(),
      });
    }
  }

  /** Records a version as applied to an environment, as an earlier apply would. */
  markApplied(name: string, environment: string, version: number) {
    const stored = this.policies.get(name);
    if (!stored) throw new Error(`No test policy ${name}`);
    stored.applied.set(environment, {
      version,
      at: NOW,
      by: AUTHOR,
    });
  }

  async listServices(): Promise<PolicyServiceInfo[]> {
    this.read();
    return this.services;
  }

  async listPolicies(): Promise<PolicySummary[]> {
    this.read();
    return [...this.policies.values()].map(p => this.summary(p));
  }

  async getPolicy(name: string): Promise<PolicyView> {
    this.read();
    const stored = await this.find(name);
    const latest = this.latest(stored);
    return {
      ...this.summary(stored),
      yaml: latest.yaml,
      document: latest.document,
    };
  }

  async createPolicy(request: PolicyCreateRequest): Promise<PolicyView> {
    await this.throwNextFailure();
    const document = await this.parseOrFail(request.yaml);
    const name = document.metadata.name;
    if (this.policies.has(name)) {
      await fail(409, 'ConflictError', `Policy ${name} already exists`);
    }
    this.policies.set(name, {
      name,
      versions: [this.versionOf(document, request.yaml, 1, request.message)],
      applied: new Map(),
      pending: new Map(),
    });
    return this.getPolicy(name);
  }

  async updatePolicy(
    name: string,
    request: PolicyUpdateRequest,
  ): Promise<PolicyView> {
    await this.throwNextFailure();
    const stored = await this.find(name);
    const current = this.latest(stored).version;
    if (request.version !== current) {
      await fail(
        409,
        'ConflictError',
        `Policy ${name} is at version ${current}, not ${request.version}`,
      );
    }
    const document = await this.parseOrFail(request.yaml);
    stored.versions.push(
      this.versionOf(document, request.yaml, current + 1, request.message),
    );
    return this.getPolicy(name);
  }

  async listVersions(name: string): Promise<PolicyVersion[]> {
    this.read();
    const stored = await this.find(name);
    return [...stored.versions]
      .reverse()
      .map(({ yaml: _yaml, document: _document, ...version }) => version);
  }

  async getVersion(name: string, version: number): Promise<PolicyVersionView> {
    this.read();
    return this.versionView(await this.find(name), version);
  }

  async validate(text: string): Promise<PolicyValidationResult> {
    this.validations.push(text);
    return validatePolicyYaml(text);
  }

  async compile(
    text: string,
    environment: string,
  ): Promise<PolicyCompileResult> {
    const document = await this.parseOrFail(text);
    const objects = compileObjects(document, environment);
    return {
      policy: document.metadata.name,
      environment,
      strict: false,
      objects,
      yaml: objects.map(o => yaml.dump(o)).join('---\n'),
      problems: [],
    };
  }

  async sandbox(request: PolicySandboxRequest): Promise<PolicySandboxResult> {
    this.sandboxRequests.push(request);
    await this.throwNextFailure();
    const document = await this.parseOrFail(request.yaml);
    return this.runScenarios(document, request.environment, request.scenarios);
  }

  async importWebApplication(text: string): Promise<PolicyImportResult> {
    const application = yaml.load(text) as {
      metadata?: { name?: string };
      spec?: {
        communication?: {
          allowedDestinations?: string[];
          deniedDestinations?: string[];
        };
      };
    };
    const name = application?.metadata?.name;
    if (!name) return fail(400, 'InputError', 'metadata.name: is required');
    const communication = application.spec?.communication ?? {};
    const problems: PolicyProblem[] = [];
    const split = (entry: string) => {
      const [service, port] = entry.split(':');
      return { service, port: port ? Number(port) : undefined };
    };
    const destinations = (communication.allowedDestinations ?? []).map(
      (entry, index) => {
        const { service, port } = split(entry);
        if (port === undefined) {
          problems.push({
            severity: 'warning',
            code: 'assumed-port',
            message: `${service} names no port; assumed 80`,
            path: `spec.destinations.${index}.ports`,
          });
        }
        return { service, ports: [{ port: port ?? 80, protocol: 'HTTP' }] };
      },
    );
    const deniedDestinations = (communication.deniedDestinations ?? []).map(
      entry => ({ service: split(entry).service }),
    );
    const converted = yaml.dump({
      apiVersion: 'idp-platform.io/v1alpha1',
      kind: 'ServiceCommunicationPolicy',
      metadata: { name, description: `Imported from WebApplication ${name}` },
      spec: { source: { service: name }, destinations, deniedDestinations },
    });
    const { document } = validatePolicyYaml(converted);
    return { yaml: converted, document: document!, problems };
  }

  async impact(
    name: string,
    environment: string,
    version?: number,
  ): Promise<PolicyImpactReport> {
    this.read();
    const stored = await this.find(name);
    const target = await this.versionView(
      stored,
      version ?? this.latest(stored).version,
    );
    const applied = stored.applied.get(environment);
    const before = applied
      ? accessPairs(this.versionView(stored, applied.version).document)
      : [];
    const after = accessPairs(target.document);
    const key = (p: PolicyAccessPair) => `${p.from} ${p.to} ${p.port}`;
    const beforeKeys = new Set(before.map(key));
    const afterKeys = new Set(after.map(key));
    const compiled = compileObjects(target.document, environment);
    const previous = applied
      ? compileObjects(
          this.versionView(stored, applied.version).document,
          environment,
        )
      : [];
    return {
      policy: name,
      environment,
      version: target.version,
      appliedVersion: applied?.version,
      gained: after.filter(p => !beforeKeys.has(key(p))),
      lost: before.filter(p => !afterKeys.has(key(p))),
      unchanged: after.filter(p => beforeKeys.has(key(p))),
      objects: [
        ...compiled.map(o => {
          const old = previous.find(
            p => p.kind === o.kind && p.metadata.name === o.metadata.name,
          );
          let change: 'create' | 'update' | 'unchanged' = 'create';
          if (old) {
            change =
              JSON.stringify(old) === JSON.stringify(o)
                ? 'unchanged'
                : 'update';
          }
          return {
            kind: o.kind,
            name: o.metadata.name,
            namespace: o.metadata.namespace,
            change,
          };
        }),
        ...previous
          .filter(
            p =>
              !compiled.some(
                o => o.kind === p.kind && o.metadata.name === p.metadata.name,
              ),
          )
          .map(p => ({
            kind: p.kind,
            name: p.metadata.name,
            namespace: p.metadata.namespace,
            change: 'delete' as const,
          })),
      ],
    };
  }

  async compare(
    name: string,
    environments?: string[],
    version?: number,
  ): Promise<PolicyEnvironmentComparison> {
    this.read();
    const stored = await this.find(name);
    const view = this.versionView(
      stored,
      version ?? this.latest(stored).version,
    );
    const names = environments ?? this.environments.map(e => e.name);
    const rows = new Map<string, PolicyEnvironmentComparison['rows'][number]>();
    for (const environment of names) {
      for (const object of compileObjects(view.document, environment)) {
        const id = `${object.kind}/${object.metadata.name}`;
        const row = rows.get(id) ?? {
          kind: object.kind,
          name: object.metadata.name,
          cells: {},
          differs: false,
        };
        row.cells[environment] = { yaml: yaml.dump(object) };
        rows.set(id, row);
      }
    }
    for (const row of rows.values()) {
      row.differs = new Set(names.map(n => row.cells[n]?.yaml ?? '')).size > 1;
    }
    return {
      policy: name,
      version: view.version,
      environments: this.summary(stored).environments.filter(e =>
        names.includes(e.environment),
      ),
      rows: [...rows.values()],
    };
  }

  async apply(
    name: string,
    request: PolicyApplyRequest,
  ): Promise<PolicyApplyOutcome> {
    this.applyRequests.push(request);
    await this.throwNextFailure();
    const stored = await this.find(name);
    const version = request.version ?? this.latest(stored).version;
    return this.applyVersion(stored, request.environment, version, {
      dryRun: request.dryRun ?? false,
      kind: 'apply',
      message: request.message,
    });
  }

  async rollback(
    name: string,
    request: PolicyRollbackRequest,
  ): Promise<PolicyApplyOutcome> {
    this.rollbackRequests.push(request);
    await this.throwNextFailure();
    const stored = await this.find(name);
    return this.applyVersion(stored, request.environment, request.toVersion, {
      dryRun: false,
      kind: 'rollback',
      message: request.message,
    });
  }

  async listApplies(name: string): Promise<PolicyApplyRecord[]> {
    this.read();
    await this.find(name);
    return this.applyRecords.filter(r => r.policy === name).reverse();
  }

  async listChangeRequests(
    options: { state?: ChangeRequest['state'] } = {},
  ): Promise<ChangeRequest[]> {
    this.read();
    return this.changeRequests.filter(
      r => !options.state || r.state === options.state,
    );
  }

  async decideChangeRequest(
    id: string,
    decision: ChangeRequestDecision['decision'],
  ): Promise<ChangeRequest> {
    this.decisions.push({ id, decision });
    await this.throwNextFailure();
    const request = this.changeRequests.find(r => r.id === id);
    if (!request) return fail(404, 'NotFoundError', `No change request ${id}`);
    request.state = decision === 'approve' ? 'approved' : 'rejected';
    return request;
  }

  private async applyVersion(
    stored: StoredPolicy,
    environmentName: string,
    version: number,
    options: {
      dryRun: boolean;
      kind: 'apply' | 'rollback';
      message?: string;
    },
  ): Promise<PolicyApplyOutcome> {
    const view = this.versionView(stored, version);
    const sandbox = this.runScenarios(view.document, environmentName);
    const failed = sandbox.results.filter(r => !r.passed);
    if (failed.length) {
      await fail(
        409,
        'ConflictError',
        `Scenarios failed in ${environmentName}, nothing applied: ${failed
          .map(
            f =>
              `"${f.scenario.name}" expected ${f.scenario.expect}, got ${f.decision}`,
          )
          .join('; ')}`,
      );
    }
    const objects = compileObjects(view.document, environmentName);
    if (options.dryRun) return { status: 'dry-run', objects, sandbox };
    const environment = this.environments.find(
      e => e.name === environmentName,
    )!;
    if (environment.protected) {
      const id = `cr-${this.changeRequests.length + 1}`;
      stored.pending.set(environmentName, id);
      this.changeRequests.push({
        id,
        pluginId: 'policy',
        kind: 'policy-apply',
        title: `Apply policy ${stored.name} version ${version} to ${environmentName}`,
        description: options.message,
        environment: environmentName,
        requester: AUTHOR,
        requiredApprovals: environment.requiredApprovals,
        approvers: ['group:default/security'],
        payload: { policy: stored.name, version },
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
          environment: environmentName,
          requiredApprovals: environment.requiredApprovals,
        },
        sandbox,
      };
    }
    const record: PolicyApplyRecord = {
      id: `apply-${this.applyRecords.length + 1}`,
      policy: stored.name,
      environment: environmentName,
      version,
      kind: options.kind,
      status: 'applied',
      cluster: environment.cluster,
      namespace: environment.namespace ?? environmentName,
      objects: objects.map(o => ({
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace: o.metadata.namespace,
        name: o.metadata.name,
      })),
      appliedBy: AUTHOR,
      appliedAt: NOW,
      message: options.message,
    };
    this.applyRecords.push(record);
    stored.applied.set(environmentName, { version, at: NOW, by: AUTHOR });
    return { status: 'applied', record, sandbox };
  }

  private runScenarios(
    document: ServiceCommunicationPolicy,
    environment: string,
    extra: PolicyScenario[] = [],
  ): PolicySandboxResult {
    const all = [...document.spec.scenarios, ...extra];
    const runs = all.filter(
      s => !s.environments || s.environments.includes(environment),
    );
    const results = runs.map(scenario => {
      const outcome = evaluate(document, scenario);
      return {
        scenario,
        ...outcome,
        passed: outcome.decision === scenario.expect,
      };
    });
    return {
      policy: document.metadata.name,
      environment,
      passed: results.every(r => r.passed),
      results,
      skipped: all.filter(s => !runs.includes(s)).map(s => s.name),
    };
  }

  private summary(stored: StoredPolicy): PolicySummary {
    const latest = this.latest(stored);
    return {
      name: stored.name,
      source: latest.document.spec.source.service,
      entityRef: latest.document.metadata.entityRef,
      description: latest.document.metadata.description,
      version: latest.version,
      updatedAt: latest.createdAt,
      updatedBy: latest.author,
      environments: this.environments.map(e => {
        const applied = stored.applied.get(e.name);
        const state: PolicyEnvironmentState = {
          environment: e.name,
          protected: e.protected,
        };
        if (applied) {
          state.appliedVersion = applied.version;
          state.appliedAt = applied.at;
          state.appliedBy = applied.by;
        }
        const pending = stored.pending.get(e.name);
        if (pending) state.pendingChangeRequestId = pending;
        return state;
      }),
    };
  }

  private versionOf(
    document: ServiceCommunicationPolicy,
    text: string,
    version: number,
    message?: string,
  ): PolicyVersionView {
    return {
      name: document.metadata.name,
      version,
      author: AUTHOR,
      message,
      createdAt: NOW,
      yaml: text,
      document,
    };
  }

  private versionView(stored: StoredPolicy, version: number) {
    const view = stored.versions.find(v => v.version === version);
    if (!view) throw new Error(`No version ${version} of ${stored.name}`);
    return view;
  }

  private latest(stored: StoredPolicy) {
    return stored.versions[stored.versions.length - 1];
  }

  private async parseOrFail(text: string) {
    const result = validatePolicyYaml(text);
    if (!result.document) {
      const first: PolicyProblem = result.problems[0];
      return fail(400, 'InputError', first.message);
    }
    return result.document;
  }

  private async find(name: string): Promise<StoredPolicy> {
    const stored = this.policies.get(name);
    if (!stored) return fail(404, 'NotFoundError', `No policy named ${name}`);
    return stored;
  }

  private read() {
    if (this.readFailure) throw this.readFailure;
  }

  private async throwNextFailure() {
    const failure = this.nextFailure;
    this.nextFailure = undefined;
    if (failure) throw failure;
  }
}
