import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  isError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  ChangeRequest,
  CommunicationCheckRequest,
  CommunicationCheckResult,
  Environment,
  IDP_ANNOTATIONS,
  POLICY_APPLY_SIGNAL_CHANNEL,
  POLICY_CHANGE_REQUEST_KIND,
  POLICY_TIERS,
  PolicyApplyOutcome,
  PolicyApplyRecord,
  PolicyApplySignal,
  PolicyCompileResult,
  PolicyComparisonRow,
  PolicyEnvironmentComparison,
  PolicyEnvironmentState,
  PolicyImpactReport,
  PolicyImportResult,
  PolicyProblem,
  PolicySandboxResult,
  PolicyScenario,
  PolicyServiceInfo,
  PolicySummary,
  PolicyTier,
  PolicyValidationResult,
  PolicyVersion,
  PolicyVersionView,
  PolicyView,
  ServiceCommunicationPolicy,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  ChangeRequestActor,
  ChangeRequestService,
  EnvironmentService,
  KubernetesObject,
  KubernetesService,
} from '@idp-platform/backstage-plugin-idp-node';
import type { Request } from 'express';
import { compilePolicy, PolicyCompileContext } from '../compiler/compilePolicy';
import {
  CompiledPolicyObject,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  POLICY_LABEL,
} from '../compiler/istioTypes';
import { renderPolicyYaml } from '../compiler/renderPolicyYaml';
import { PolicyStore, PolicyRecord } from '../database/PolicyStore';
import { analyzeImpact } from '../impact/analyzeImpact';
import { convertWebApplication } from '../model/convertWebApplication';
import { parsePolicyYaml } from '../model/parsePolicyYaml';
import {
  decideCommunication,
  runPolicyScenarios,
  WorkloadDirectory,
} from '../sandbox/runPolicyScenarios';
import { KnownService, validatePolicy } from '../validation/validatePolicy';
import { PolicyConfig } from '../readPolicyConfig';

/** Plugin id, also the change-request plugin id. */
export const POLICY_PLUGIN_ID = 'policy';

/** The kinds the policy builder writes, for reading back and pruning. */
const MANAGED_KINDS = [
  { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy' },
  { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication' },
  { apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication' },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
];

/** Who makes a change. */
export interface PolicyActor {
  ref: string;
  /** Absent for service principals, which cannot open change requests. */
  changeRequestActor?: ChangeRequestActor;
}

/** Dependencies of {@link PolicyService}. */
export interface PolicyServiceOptions {
  store: PolicyStore;
  config: PolicyConfig;
  environments: EnvironmentService;
  changeRequests: ChangeRequestService;
  kubernetes: KubernetesService;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  signals?: SignalsService;
  now?: () => Date;
}

interface ChangeRequestPayload {
  policy: string;
  version: number;
  environment: string;
  kind: 'apply' | 'rollback';
  message?: string;
}

function describeProblems(problems: PolicyProblem[]): string {
  return problems
    .map(p => `${p.line ? `line ${p.line}: ` : ''}${p.message} [${p.code}]`)
    .join('; ');
}

const refOf = (object: {
  apiVersion: string;
  kind: string;
  metadata: { namespace?: string; name?: string };
}) => ({
  apiVersion: object.apiVersion,
  kind: object.kind,
  namespace: object.metadata.namespace!,
  name: object.metadata.name!,
});

/**
 * The policy builder's domain: stored, versioned communication policies;
 * validation against the catalog; compilation per environment; the sandbox;
 * impact against the cluster; apply (dry run first, change requests for
 * protected environments) and rollback.
 */
export class PolicyService {
  constructor(private readonly options: PolicyServiceOptions) {}

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  private context(environment: Environment): PolicyCompileContext {
    const { config } = this.options;
    return {
      environment: environment.name,
      namespace: environment.namespace,
      strict:
        config.strictEnvironments[environment.name] ?? environment.protected,
      monitoringNamespaces: config.monitoringNamespaces,
      loggingNamespaces: config.loggingNamespaces,
      opaProvider: config.opaProvider,
      dnsNamespace: config.dnsNamespace,
    };
  }

  /** Components and resources of the catalog, by service id. */
  async listServices(): Promise<PolicyServiceInfo[]> {
    const { items } = await this.options.catalog.getEntities(
      { filter: [{ kind: 'Component' }, { kind: 'Resource' }] },
      { credentials: await this.options.auth.getOwnServiceCredentials() },
    );
    const services = items.map(entity => {
      const annotations = entity.metadata.annotations ?? {};
      const tier = annotations[IDP_ANNOTATIONS.policyTier];
      const spec = (entity.spec ?? {}) as {
        owner?: unknown;
        dependsOn?: unknown;
      };
      const dependsOn = [
        ...(entity.relations ?? [])
          .filter(relation => relation.type === 'dependsOn')
          .map(relation => parseEntityRef(relation.targetRef).name),
        ...(Array.isArray(spec.dependsOn)
          ? spec.dependsOn
              .filter((ref): ref is string => typeof ref === 'string')
              .map(
                ref => parseEntityRef(ref, { defaultKind: 'component' }).name,
              )
          : []),
      ];
      return {
        service: annotations[IDP_ANNOTATIONS.serviceId] ?? entity.metadata.name,
        entityRef: stringifyEntityRef(entity),
        ...(entity.metadata.title && { title: entity.metadata.title }),
        ...(POLICY_TIERS.includes(tier as PolicyTier) && {
          tier: tier as PolicyTier,
        }),
        ...(typeof spec.owner === 'string' && { owner: spec.owner }),
        dependsOn: [...new Set(dependsOn)].sort(),
      };
    });
    return services.sort((a, b) => a.service.localeCompare(b.service));
  }

  private async knownServices(): Promise<Map<string, KnownService>> {
    return new Map(
      (await this.listServices()).map(s => [s.service, { tier: s.tier }]),
    );
  }

  /** Parses and validates a document; `catalog: false` skips the catalog lookup. */
  async validate(
    yaml: string,
    options: { catalog?: boolean } = {},
  ): Promise<PolicyValidationResult> {
    const parsed = parsePolicyYaml(yaml);
    if (!parsed.document) return { valid: false, problems: parsed.problems };
    const problems = validatePolicy(
      parsed.document,
      parsed.lineOf,
      options.catalog === false ? undefined : await this.knownServices(),
    );
    return {
      valid: !problems.some(p => p.severity === 'error'),
      problems,
      document: parsed.document,
    };
  }

  private async requireValid(
    yaml: string,
    options: { catalog?: boolean } = {},
  ): Promise<{
    document: ServiceCommunicationPolicy;
    problems: PolicyProblem[];
  }> {
    const result = await this.validate(yaml, options);
    if (!result.valid || !result.document) {
      const errors = result.problems.filter(p => p.severity === 'error');
      throw new InputError(`Invalid policy: ${describeProblems(errors)}`);
    }
    return { document: result.document, problems: result.problems };
  }

  private async require(name: string): Promise<PolicyRecord> {
    const record = await this.options.store.getPolicy(name);
    if (!record) throw new NotFoundError(`No policy ${name}`);
    return record;
  }

  private async requireVersion(name: string, version?: number) {
    const record = await this.require(name);
    const stored = await this.options.store.getVersion(
      name,
      version ?? record.version,
    );
    if (!stored) {
      throw new NotFoundError(`Policy ${name} has no version ${version}`);
    }
    const parsed = parsePolicyYaml(stored.yaml);
    if (!parsed.document) {
      throw new InputError(
        `Stored policy ${name} version ${
          stored.version
        } no longer parses: ${describeProblems(parsed.problems)}`,
      );
    }
    return { record, stored, document: parsed.document };
  }

  private async environmentStates(
    record: PolicyRecord,
  ): Promise<PolicyEnvironmentState[]> {
    const applied = await this.options.store.lastApplied(record.name);
    const pending = await this.options.changeRequests.list({
      pluginId: POLICY_PLUGIN_ID,
      states: ['pending'],
    });
    return this.options.environments.list().map(environment => {
      const last = applied.get(environment.name);
      const open = pending.find(
        request =>
          request.environment === environment.name &&
          (request.payload as ChangeRequestPayload | null)?.policy ===
            record.name,
      );
      return {
        environment: environment.name,
        protected: environment.protected,
        ...(last && {
          appliedVersion: last.version,
          appliedAt: last.appliedAt,
          appliedBy: last.appliedBy,
        }),
        ...(open && { pendingChangeRequestId: open.id }),
      };
    });
  }

  private async summary(record: PolicyRecord): Promise<PolicySummary> {
    return { ...record, environments: await this.environmentStates(record) };
  }

  async list(): Promise<PolicySummary[]> {
    const records = await this.options.store.listPolicies();
    return Promise.all(records.map(record => this.summary(record)));
  }

  async get(name: string): Promise<PolicyView> {
    const { record, stored, document } = await this.requireVersion(name);
    return { ...(await this.summary(record)), yaml: stored.yaml, document };
  }

  /** Stores a new policy (version 1). */
  async create(
    yaml: string,
    actor: PolicyActor,
    options: { message?: string; catalog?: boolean } = {},
  ): Promise<PolicyView> {
    const { document } = await this.requireValid(yaml, options);
    await this.options.store.saveVersion({
      name: document.metadata.name,
      source: document.spec.source.service,
      entityRef: document.metadata.entityRef,
      description: document.metadata.description,
      expectedVersion: 0,
      yaml,
      author: actor.ref,
      message: options.message,
      now: this.now(),
    });
    return this.get(document.metadata.name);
  }

  /** Stores a new version if `version` is still the current one (409 otherwise). */
  async update(
    name: string,
    input: { yaml: string; version: number; message?: string },
    actor: PolicyActor,
  ): Promise<PolicyView> {
    await this.require(name);
    const { document } = await this.requireValid(input.yaml);
    if (document.metadata.name !== name) {
      throw new InputError(
        `metadata.name is ${document.metadata.name}, but the policy being edited is ${name}`,
      );
    }
    await this.options.store.saveVersion({
      name,
      source: document.spec.source.service,
      entityRef: document.metadata.entityRef,
      description: document.metadata.description,
      expectedVersion: input.version,
      yaml: input.yaml,
      author: actor.ref,
      message: input.message,
      now: this.now(),
    });
    return this.get(name);
  }

  async entityRefOf(name: string): Promise<string | undefined> {
    return (await this.options.store.getPolicy(name))?.entityRef;
  }

  async listVersions(name: string): Promise<PolicyVersion[]> {
    await this.require(name);
    return this.options.store.listVersions(name);
  }

  async getVersion(name: string, version: number): Promise<PolicyVersionView> {
    const { stored, document } = await this.requireVersion(name, version);
    return { ...stored, document };
  }

  private compileFor(
    document: ServiceCommunicationPolicy,
    environment: Environment,
    version?: number,
    problems: PolicyProblem[] = [],
  ): PolicyCompileResult {
    const context = this.context(environment);
    const compiled = compilePolicy(document, context);
    return {
      policy: document.metadata.name,
      environment: environment.name,
      ...(version !== undefined && { version }),
      strict: context.strict,
      objects: compiled.objects,
      yaml: renderPolicyYaml(compiled.objects),
      ...(compiled.rego && { rego: compiled.rego }),
      problems,
    };
  }

  async compileDocument(
    yaml: string,
    environmentName: string,
  ): Promise<PolicyCompileResult> {
    const environment = this.options.environments.get(environmentName);
    const { document, problems } = await this.requireValid(yaml);
    return this.compileFor(document, environment, undefined, problems);
  }

  async compileStored(
    name: string,
    environmentName: string,
    version?: number,
  ): Promise<PolicyCompileResult> {
    const environment = this.options.environments.get(environmentName);
    const { stored, document } = await this.requireVersion(name, version);
    return this.compileFor(document, environment, stored.version);
  }

  private sandboxFor(
    document: ServiceCommunicationPolicy,
    environment: Environment,
    extraScenarios?: PolicyScenario[],
  ): PolicySandboxResult {
    const compiled = compilePolicy(document, this.context(environment));
    return runPolicyScenarios({
      policy: document,
      objects: compiled.objects,
      environment: environment.name,
      namespace: environment.namespace,
      extraScenarios,
    });
  }

  async sandbox(
    yaml: string,
    environmentName: string,
    scenarios?: PolicyScenario[],
  ): Promise<PolicySandboxResult> {
    const environment = this.options.environments.get(environmentName);
    const parsed = parsePolicyYaml(yaml);
    if (!parsed.document) {
      throw new InputError(
        `Invalid policy: ${describeProblems(parsed.problems)}`,
      );
    }
    return this.sandboxFor(parsed.document, environment, scenarios);
  }

  async test(
    name: string,
    input: {
      environment: string;
      version?: number;
      scenarios?: PolicyScenario[];
    },
  ): Promise<PolicySandboxResult> {
    const environment = this.options.environments.get(input.environment);
    const { document } = await this.requireVersion(name, input.version);
    return this.sandboxFor(document, environment, input.scenarios);
  }

  /** May `from` call `to` on `port`, under the latest version of every stored policy? */
  async checkCommunication(
    input: CommunicationCheckRequest,
  ): Promise<CommunicationCheckResult> {
    const environment = this.options.environments.get(input.environment);
    const context = this.context(environment);
    const documents: ServiceCommunicationPolicy[] = [];
    for (const record of await this.options.store.listPolicies()) {
      const stored = await this.options.store.getVersion(
        record.name,
        record.version,
      );
      const parsed = stored && parsePolicyYaml(stored.yaml);
      if (parsed?.document) documents.push(parsed.document);
    }
    const objects = documents.flatMap(
      document => compilePolicy(document, context).objects,
    );
    const decision = decideCommunication(
      objects,
      new WorkloadDirectory(documents, environment.namespace),
      input.from,
      input.to,
      input.port,
    );
    return {
      ...input,
      allowed: decision.decision === 'allow',
      reason: decision.reason,
      ...(decision.decidedBy && { decidedBy: decision.decidedBy }),
    };
  }

  private async readApplied(
    cluster: string,
    namespaces: string[],
  ): Promise<KubernetesObject[]> {
    const objects: KubernetesObject[] = [];
    for (const namespace of namespaces) {
      for (const kind of MANAGED_KINDS) {
        const items = await this.options.kubernetes.list(cluster, {
          ...kind,
          namespace,
        });
        objects.push(...items);
      }
    }
    return objects;
  }

  private namespacesOf(
    environment: Environment,
    objects: CompiledPolicyObject[],
  ) {
    return [
      ...new Set([
        environment.namespace,
        ...objects.map(o => o.metadata.namespace),
      ]),
    ].sort();
  }

  /** Which pairs gain or lose access if this version is applied, compared with the cluster. */
  async impact(
    name: string,
    environmentName: string,
    version?: number,
  ): Promise<PolicyImpactReport> {
    const environment = this.options.environments.get(environmentName);
    const { stored, document } = await this.requireVersion(name, version);
    const compiled = compilePolicy(document, this.context(environment)).objects;
    const applied = await this.readApplied(
      environment.cluster,
      this.namespacesOf(environment, compiled),
    );
    const last = (await this.options.store.lastApplied(name)).get(
      environment.name,
    );
    return {
      policy: name,
      environment: environment.name,
      version: stored.version,
      ...(last && { appliedVersion: last.version }),
      ...analyzeImpact({
        policyName: name,
        namespace: environment.namespace,
        compiled,
        applied,
      }),
    };
  }

  /** The compiled objects of one version side by side across environments. */
  async compare(
    name: string,
    environmentNames?: string[],
    version?: number,
  ): Promise<PolicyEnvironmentComparison> {
    const environments = (
      environmentNames ?? this.options.environments.list().map(e => e.name)
    ).map(environmentName => this.options.environments.get(environmentName));
    const { record, stored, document } = await this.requireVersion(
      name,
      version,
    );
    const rows = new Map<string, PolicyComparisonRow>();
    const normalized = new Map<string, Map<string, string>>();
    for (const environment of environments) {
      for (const object of compilePolicy(document, this.context(environment))
        .objects) {
        const key = `${object.kind}/${object.metadata.name}`;
        const row = rows.get(key) ?? {
          kind: object.kind,
          name: object.metadata.name,
          cells: {},
          differs: false,
        };
        row.cells[environment.name] = { yaml: renderPolicyYaml([object]) };
        rows.set(key, row);
        // The namespace differs in every environment by design; compare what is left.
        const { metadata, ...rest } = object;
        const comparable = JSON.stringify({ labels: metadata.labels, ...rest })
          .split(`/ns/${environment.namespace}/`)
          .join('/ns/{namespace}/')
          .split(`"${environment.namespace}"`)
          .join('"{namespace}"');
        const perEnvironment = normalized.get(key) ?? new Map<string, string>();
        perEnvironment.set(environment.name, comparable);
        normalized.set(key, perEnvironment);
      }
    }
    for (const [key, row] of rows) {
      const values = [...(normalized.get(key)?.values() ?? [])];
      row.differs =
        values.length !== environments.length || new Set(values).size > 1;
      for (const environment of environments) {
        row.cells[environment.name] ??= {};
      }
    }
    const states = await this.environmentStates(record);
    return {
      policy: name,
      version: stored.version,
      environments: states.filter(s =>
        environments.some(e => e.name === s.environment),
      ),
      rows: [...rows.values()].sort((a, b) =>
        `${a.kind}/${a.name}`.localeCompare(`${b.kind}/${b.name}`),
      ),
    };
  }

  async listApplies(name: string): Promise<PolicyApplyRecord[]> {
    await this.require(name);
    return this.options.store.listApplies(name);
  }

  /** Applies a version: validation, scenarios, server-side dry run, then the change (or a change request). */
  async apply(
    name: string,
    input: {
      environment: string;
      version?: number;
      dryRun?: boolean;
      message?: string;
    },
    actor: PolicyActor,
    request?: Request,
  ): Promise<PolicyApplyOutcome> {
    return this.applyVersion(name, { ...input, kind: 'apply' }, actor, request);
  }

  /** Applies an older version again. */
  async rollback(
    name: string,
    input: { environment: string; toVersion: number; message?: string },
    actor: PolicyActor,
    request?: Request,
  ): Promise<PolicyApplyOutcome> {
    return this.applyVersion(
      name,
      {
        environment: input.environment,
        version: input.toVersion,
        message: input.message,
        kind: 'rollback',
      },
      actor,
      request,
    );
  }

  private async prepare(
    name: string,
    environment: Environment,
    version?: number,
  ) {
    const { stored, document } = await this.requireVersion(name, version);
    const validation = await this.validate(stored.yaml);
    const errors = validation.problems.filter(p => p.severity === 'error');
    if (errors.length > 0) {
      throw new InputError(
        `Policy ${name} version ${
          stored.version
        } has errors: ${describeProblems(errors)}`,
      );
    }
    const sandbox = this.sandboxFor(document, environment);
    const failed = sandbox.results.filter(result => !result.passed);
    if (failed.length > 0) {
      throw new ConflictError(
        `Scenario${failed.length > 1 ? 's' : ''} failed in ${
          environment.name
        }, nothing applied: ${failed
          .map(
            f =>
              `"${f.scenario.name}" expected ${f.scenario.expect}, got ${f.decision} (${f.reason})`,
          )
          .join('; ')}`,
      );
    }
    const objects = compilePolicy(document, this.context(environment)).objects;
    return { stored, document, sandbox, objects };
  }

  private async applyVersion(
    name: string,
    input: {
      environment: string;
      version?: number;
      dryRun?: boolean;
      message?: string;
      kind: 'apply' | 'rollback';
    },
    actor: PolicyActor,
    request?: Request,
  ): Promise<PolicyApplyOutcome> {
    const environment = this.options.environments.get(input.environment);
    const { stored, sandbox, objects } = await this.prepare(
      name,
      environment,
      input.version,
    );
    if (input.dryRun || environment.protected) {
      // The API server validates every object before anything is written or requested.
      await this.options.kubernetes.apply(environment.cluster, objects, {
        dryRun: true,
      });
    }
    if (input.dryRun) return { status: 'dry-run', objects, sandbox };
    if (!environment.protected) {
      const record = await this.write(
        name,
        environment,
        stored.version,
        objects,
        input.kind,
        actor.ref,
        { message: input.message },
      );
      return { status: 'applied', record, sandbox };
    }
    if (!actor.changeRequestActor) {
      throw new NotAllowedError(
        `Applying to protected environment ${environment.name} needs a user, who opens a change request`,
      );
    }
    const payload: ChangeRequestPayload = {
      policy: name,
      version: stored.version,
      environment: environment.name,
      kind: input.kind,
      ...(input.message && { message: input.message }),
    };
    const entityRef = (await this.require(name)).entityRef;
    const approvers =
      environment.approvers.length > 0
        ? environment.approvers
        : await this.ownersOf(entityRef);
    const opened = await this.options.changeRequests.open({
      pluginId: POLICY_PLUGIN_ID,
      requester: actor.changeRequestActor,
      requiredApprovals: environment.requiredApprovals,
      approvers,
      request,
      input: {
        kind: POLICY_CHANGE_REQUEST_KIND,
        title: `${
          input.kind === 'rollback' ? 'Roll back' : 'Apply'
        } policy ${name} version ${stored.version} to ${environment.name}`,
        description: input.message,
        environment: environment.name,
        ...(entityRef && { entityRef }),
        payload,
      },
    });
    if (opened.state === 'approved') {
      await this.applyApprovedChangeRequest(opened);
    } else {
      await this.announce({
        policy: name,
        environment: environment.name,
        version: stored.version,
        status: 'pending-approval',
      });
    }
    return {
      status: 'pending-approval',
      changeRequest: {
        id: opened.id,
        environment: environment.name,
        requiredApprovals: environment.requiredApprovals,
      },
      sandbox,
    };
  }

  /** Applies the change an approved request describes and records the outcome on it. */
  async applyApprovedChangeRequest(request: ChangeRequest): Promise<void> {
    if (
      request.pluginId !== POLICY_PLUGIN_ID ||
      request.kind !== POLICY_CHANGE_REQUEST_KIND ||
      request.state !== 'approved'
    ) {
      return;
    }
    const payload = request.payload as ChangeRequestPayload;
    try {
      const environment = this.options.environments.get(payload.environment);
      const { objects } = await this.prepare(
        payload.policy,
        environment,
        payload.version,
      );
      await this.write(
        payload.policy,
        environment,
        payload.version,
        objects,
        payload.kind,
        request.requester,
        {
          changeRequestId: request.id,
          message: payload.message,
        },
      );
      await this.options.changeRequests.recordOutcome(
        request.id,
        `plugin:${POLICY_PLUGIN_ID}`,
        { applied: true },
      );
    } catch (error) {
      const reason = isError(error) ? error.message : String(error);
      this.options.logger.warn(
        `Approved change request ${request.id} for policy ${payload.policy} could not be applied: ${reason}`,
      );
      await this.options.changeRequests.recordOutcome(
        request.id,
        `plugin:${POLICY_PLUGIN_ID}`,
        { applied: false, error: reason },
      );
    }
  }

  /**
   * Server-side applies the objects after a dry run, prunes this policy's
   * objects the version no longer has, and records the outcome: a failure is
   * recorded as failed, never as applied.
   */
  private async write(
    name: string,
    environment: Environment,
    version: number,
    objects: CompiledPolicyObject[],
    kind: 'apply' | 'rollback',
    appliedBy: string,
    extra: { changeRequestId?: string; message?: string },
  ): Promise<PolicyApplyRecord> {
    const { kubernetes, store } = this.options;
    const base = {
      policy: name,
      environment: environment.name,
      version,
      kind,
      cluster: environment.cluster,
      namespace: environment.namespace,
      objects: objects.map(refOf),
      appliedBy,
      ...extra,
    };
    try {
      // Dry run first: the API server rejects a bad object before any is written.
      await kubernetes.apply(environment.cluster, objects, { dryRun: true });
      await kubernetes.apply(environment.cluster, objects);
      const keep = new Set(
        objects.map(
          o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`,
        ),
      );
      for (const namespace of this.namespacesOf(environment, objects)) {
        for (const managed of MANAGED_KINDS) {
          const owned = await kubernetes.list(environment.cluster, {
            ...managed,
            namespace,
            labelSelector: `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE},${POLICY_LABEL}=${name}`,
          });
          for (const object of owned) {
            if (
              !keep.has(
                `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`,
              )
            ) {
              await kubernetes.delete(environment.cluster, refOf(object));
            }
          }
        }
      }
    } catch (error) {
      await store.recordApply({
        ...base,
        status: 'failed',
        error: isError(error) ? error.message : String(error),
        appliedAt: this.now(),
      });
      await this.announce({
        policy: name,
        environment: environment.name,
        version,
        status: 'failed',
      });
      throw error;
    }
    const record = await store.recordApply({
      ...base,
      status: 'applied',
      appliedAt: this.now(),
    });
    await this.announce({
      policy: name,
      environment: environment.name,
      version,
      status: 'applied',
    });
    return record;
  }

  private async ownersOf(entityRef: string | undefined): Promise<string[]> {
    const entity = entityRef
      ? await this.options.catalog.getEntityByRef(entityRef, {
          credentials: await this.options.auth.getOwnServiceCredentials(),
        })
      : undefined;
    const owner = (entity?.spec as { owner?: unknown } | undefined)?.owner;
    if (typeof owner !== 'string' || !owner) {
      throw new InputError(
        `${
          entityRef ?? 'The policy'
        } has no owner in the catalog to approve changes to protected environments, and the environment names no approvers`,
      );
    }
    return [
      stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      ),
    ];
  }

  /** Converts a WebApplication's `spec.communication` into a policy document (not stored). */
  async importWebApplication(
    yaml: string,
    options: { entityRef?: string } = {},
  ): Promise<PolicyImportResult> {
    const converted = convertWebApplication(yaml, options);
    const validation = await this.validate(converted.yaml);
    return {
      yaml: converted.yaml,
      document: converted.document,
      problems: [...converted.problems, ...validation.problems],
    };
  }

  private async announce(signal: PolicyApplySignal): Promise<void> {
    try {
      await this.options.signals?.publish({
        recipients: { type: 'broadcast' },
        channel: POLICY_APPLY_SIGNAL_CHANNEL,
        message: signal,
      });
    } catch (error) {
      this.options.logger.warn(`Policy signal not published: ${error}`);
    }
  }
}
