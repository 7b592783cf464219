import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  InputError,
  NotFoundError,
  isError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  ApplicationConfiguration,
  ApplicationConfigurationSpec,
  ChangeRequest,
  ConfigApplicationSummary,
  ConfigApplicationView,
  ConfigApplyResult,
  ConfigChangeKind,
  ConfigChangeResult,
  ConfigChangeSet,
  ConfigDeliveryHistoryEntry,
  ConfigDiff,
  ConfigDriftReport,
  ConfigEnvironmentComparison,
  ConfigSetValuesRequest,
  ConfigTree,
  EffectiveConfiguration,
  Environment,
  FeatureFlag,
  FlagdConfiguration,
  configApplicationNameSchema,
  featureFlagKeySchema,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  ChangeRequestService,
  EnvironmentService,
  KubernetesObject,
  KubernetesService,
} from '@idp-platform/backstage-plugin-idp-node';
import { ConfigApplicationRecord, ConfigStore } from '../database/ConfigStore';
import { compareDeliveredObject } from '../delivery/compareDeliveredObject';
import { deliveryLabels } from '../delivery/deliveryLabels';
import {
  CONFIG_MAP_ANNOTATION,
  pointWorkloadAtConfigMap,
} from '../delivery/pointWorkloadAtConfigMap';
import {
  configMapBaseName,
  renderConfigMap,
} from '../delivery/renderConfigMap';
import { renderFlagdConfiguration } from '../flags/renderFlagdConfiguration';
import { toApplicationConfigurationYaml } from '../model/applicationConfigurationYaml';
import {
  SpecOperation,
  applySpecOperations,
  operationsOf,
} from '../model/applySpecOperations';
import { jsonEqual } from '../model/canonicalJson';
import { compareEnvironments } from '../model/compareEnvironments';
import { isSameOrAncestorPointer } from '../model/configPointer';
import { diffSpecs } from '../model/diffSpecs';
import { mergeConfigLayers } from '../model/mergeConfigLayers';
import { normalizeEntityRef } from '../model/normalizeEntityRef';
import { setConfigValue } from '../model/setConfigValue';
import { findSecretProblems } from '../secrets/findSecretProblems';
import { renderExternalSecrets } from '../secrets/renderExternalSecrets';
import { ConfigSchemaValidator } from '../validation/ConfigSchemaValidator';

/** Plugin id the change requests of the configuration manager are filed under. */
export const CONFIG_PLUGIN_ID = 'config';

/** `kind` of the change requests the configuration manager opens. */
export const CONFIG_CHANGE_REQUEST_KIND = 'config-change';

/** Who makes a change. */
export interface ConfigActor {
  /** User entity ref, or the principal of a service. */
  ref: string;
  /** The user's own ref and their groups' refs. */
  ownershipEntityRefs: string[];
}

/** What a change request carries until it is approved. */
interface ConfigChangeRequestPayload {
  application: string;
  entityRef: string;
  description?: string;
  baseVersion: number;
  kind: ConfigChangeKind;
  message?: string;
  operations: SpecOperation[];
  changedKeys: string[];
}

interface ChangeMeta {
  kind: ConfigChangeKind;
  message?: string;
  expectedVersion: number;
  entityRef: string;
  description?: string;
}

const EMPTY_SPEC: ApplicationConfigurationSpec = {
  values: {},
  environments: {},
  flags: {},
};

/** Options of the configuration manager. */
export interface ConfigServiceOptions {
  store: ConfigStore;
  validator: ConfigSchemaValidator;
  environments: EnvironmentService;
  changeRequests: ChangeRequestService;
  kubernetes: KubernetesService;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  signals?: SignalsService;
  globalDefaults: ConfigTree;
  environmentDefaults: Record<string, ConfigTree>;
  externalSecrets: { storeKind: string; refreshInterval: string };
  now?: () => Date;
}

/**
 * The configuration manager: layered configuration per environment, schema
 * validation, versioned change sets with approvals for protected
 * environments, delivery to clusters, drift detection and feature flags.
 */
export class ConfigService {
  constructor(private readonly options: ConfigServiceOptions) {}

  private now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  /** The entity an application belongs to, for permission checks. */
  async entityRefOf(name: string): Promise<string> {
    const record = await this.options.store.getApplication(name);
    return record?.entityRef ?? `component:default/${name}`;
  }

  async list(): Promise<ConfigApplicationSummary[]> {
    const records = await this.options.store.listApplications();
    return records.map(record => this.summary(record));
  }

  async get(name: string): Promise<ConfigApplicationView> {
    const record = await this.require(name);
    return {
      ...this.summary(record),
      schema: record.spec.schema,
      delivery: record.spec.delivery,
      layers: {
        global: this.options.globalDefaults,
        environment: Object.fromEntries(
          this.environmentList().map(e => [
            e.name,
            this.options.environmentDefaults[e.name] ?? {},
          ]),
        ),
        application: record.spec.values,
        'application-environment': record.spec.environments,
      },
      effective: this.effective(record.spec),
      flags: record.spec.flags,
      environments: this.environmentList().map(e => ({
        name: e.name,
        protected: e.protected,
      })),
    };
  }

  /** One environment's effective configuration with the source layer of every key. */
  async getEffective(
    name: string,
    environment: string,
  ): Promise<EffectiveConfiguration & { version: number }> {
    const record = await this.require(name);
    this.options.environments.get(environment);
    const effective = this.effective(record.spec).find(
      e => e.environment === environment,
    )!;
    return { ...effective, version: record.version };
  }

  async compare(name: string): Promise<ConfigEnvironmentComparison> {
    const record = await this.require(name);
    const effective = this.effective(record.spec);
    return {
      application: name,
      version: record.version,
      environments: effective.map(e => e.environment),
      rows: compareEnvironments(effective),
    };
  }

  async exportYaml(name: string, version?: number): Promise<string> {
    const record = await this.require(name);
    const spec =
      version === undefined || version === record.version
        ? record.spec
        : (await this.requireChangeSet(name, version)).spec;
    return toApplicationConfigurationYaml({
      metadata: {
        name,
        application: record.entityRef,
        description: record.description,
      },
      spec,
    });
  }

  async history(name: string): Promise<ConfigChangeSet[]> {
    await this.require(name);
    return this.options.store.listChangeSets(name);
  }

  async diff(name: string, from: number, to: number): Promise<ConfigDiff> {
    await this.require(name);
    const specAt = async (version: number) =>
      version === 0
        ? EMPTY_SPEC
        : (await this.requireChangeSet(name, version)).spec;
    return {
      application: name,
      from,
      to,
      entries: diffSpecs(await specAt(from), await specAt(to)),
    };
  }

  async setValues(
    name: string,
    request: ConfigSetValuesRequest,
    actor: ConfigActor,
  ): Promise<ConfigChangeResult> {
    const record = await this.require(name);
    const known = new Set(this.environmentList().map(e => e.name));
    const spec = structuredCloneJson(record.spec);
    request.changes.forEach((change, index) => {
      const value = change.remove ? undefined : change.value;
      if (change.environment === undefined) {
        spec.values = setConfigValue(spec.values, change.key, value);
        return;
      }
      if (!known.has(change.environment)) {
        throw new InputError(
          `changes.${index}.environment: unknown environment "${
            change.environment
          }"; known: ${[...known].join(', ')}`,
        );
      }
      spec.environments[change.environment] = setConfigValue(
        spec.environments[change.environment],
        change.key,
        value,
      );
    });
    return this.change(record.name, record, spec, actor, {
      kind: 'set-values',
      message: request.message,
      expectedVersion: request.version,
      entityRef: record.entityRef,
      description: record.description,
    });
  }

  /**
   * Replaces an application's configuration with an ApplicationConfiguration
   * document, creating it when `version` is 0. A document without a schema
   * keeps the stored one.
   */
  async importConfiguration(
    document: ApplicationConfiguration,
    options: { version: number; message?: string },
    actor: ConfigActor,
  ): Promise<ConfigChangeResult> {
    const name = document.metadata.name;
    const record = await this.options.store.getApplication(name);
    const spec = {
      ...document.spec,
      schema: document.spec.schema ?? record?.spec.schema,
    };
    if (spec.schema === undefined) delete spec.schema;
    return this.change(name, record, spec, actor, {
      kind: 'import',
      message: options.message,
      expectedVersion: options.version,
      entityRef: normalizeEntityRef(
        document.metadata.application,
        'metadata.application',
      ),
      description: document.metadata.description,
    });
  }

  async getSchema(name: string): Promise<Record<string, unknown> | undefined> {
    return (await this.require(name)).spec.schema;
  }

  async putSchema(
    name: string,
    request: {
      version: number;
      schema: Record<string, unknown> | null;
      message?: string;
    },
    actor: ConfigActor,
  ): Promise<ConfigChangeResult> {
    const record = await this.require(name);
    const spec = structuredCloneJson(record.spec);
    if (request.schema) {
      this.options.validator.compile(request.schema);
      spec.schema = request.schema;
    } else {
      delete spec.schema;
    }
    return this.change(name, record, spec, actor, {
      kind: 'schema',
      message: request.message,
      expectedVersion: request.version,
      entityRef: record.entityRef,
      description: record.description,
    });
  }

  /** Restores the spec of an earlier version as a new version. */
  async rollback(
    name: string,
    request: { version: number; toVersion: number; message?: string },
    actor: ConfigActor,
  ): Promise<ConfigChangeResult> {
    const record = await this.require(name);
    const target = await this.requireChangeSet(name, request.toVersion);
    return this.change(name, record, target.spec, actor, {
      kind: 'rollback',
      message: request.message ?? `Roll back to version ${request.toVersion}`,
      expectedVersion: request.version,
      entityRef: record.entityRef,
      description: record.description,
    });
  }

  async listFlags(name: string): Promise<Record<string, FeatureFlag>> {
    return (await this.require(name)).spec.flags;
  }

  async putFlag(
    name: string,
    key: string,
    request: { version: number; flag: FeatureFlag; message?: string },
    actor: ConfigActor,
  ): Promise<ConfigChangeResult> {
    const parsedKey = featureFlagKeySchema.safeParse(key);
    if (!parsedKey.success) {
      throw new InputError(`key: ${parsedKey.error.issues[0].message}`);
    }
    const record = await this.require(name);
    const spec = structuredCloneJson(record.spec);
    spec.flags[key] = request.flag;
    return this.change(name, record, spec, actor, {
      kind: 'flag',
      message: request.message,
      expectedVersion: request.version,
      entityRef: record.entityRef,
      description: record.description,
    });
  }

  async deleteFlag(
    name: string,
    key: string,
    request: { version: number; message?: string },
    actor: ConfigActor,
  ): Promise<ConfigChangeResult> {
    const record = await this.require(name);
    if (!record.spec.flags[key]) {
      throw new NotFoundError(`No flag ${key} in configuration ${name}`);
    }
    const spec = structuredCloneJson(record.spec);
    delete spec.flags[key];
    return this.change(name, record, spec, actor, {
      kind: 'flag',
      message: request.message,
      expectedVersion: request.version,
      entityRef: record.entityRef,
      description: record.description,
    });
  }

  async flagdExport(
    name: string,
    environment: string,
  ): Promise<FlagdConfiguration> {
    const record = await this.require(name);
    this.options.environments.get(environment);
    return renderFlagdConfiguration(record.spec.flags, environment);
  }

  /**
   * Runs when a change request of this plugin is approved: applies its
   * operations to the current version, unless a key it changes was changed
   * since the request was opened, and records the outcome on the request.
   */
  async applyApprovedChangeRequest(request: ChangeRequest): Promise<void> {
    if (
      request.pluginId !== CONFIG_PLUGIN_ID ||
      request.kind !== CONFIG_CHANGE_REQUEST_KIND ||
      request.state !== 'approved'
    ) {
      return;
    }
    const payload = request.payload as ConfigChangeRequestPayload;
    try {
      const record = await this.require(payload.application);
      if (record.version !== payload.baseVersion) {
        const later = await this.options.store.listChangeSetsAfter(
          record.name,
          payload.baseVersion,
        );
        const touched = later.flatMap(c => c.changedKeys);
        const clashes = payload.operations
          .map(o => o.path)
          .filter(path =>
            touched.some(
              key =>
                isSameOrAncestorPointer(key, path) ||
                isSameOrAncestorPointer(path, key),
            ),
          );
        if (clashes.length) {
          throw new ConflictError(
            `${clashes.join(', ')} changed since version ${
              payload.baseVersion
            }, which this request was made on`,
          );
        }
      }
      const spec = applySpecOperations(record.spec, payload.operations);
      this.validateSpec(spec);
      const changeSet = await this.options.store.saveVersion({
        name: record.name,
        entityRef: payload.entityRef,
        description: payload.description,
        expectedVersion: record.version,
        spec,
        kind: payload.kind,
        author: request.requester,
        message: payload.message,
        changedKeys: payload.changedKeys,
        changeRequestId: request.id,
        now: this.now(),
      });
      await this.options.changeRequests.recordOutcome(
        request.id,
        `plugin:${CONFIG_PLUGIN_ID}`,
        { applied: true },
      );
      await this.announce(record.name, 'changed', changeSet.version);
    } catch (error) {
      const reason = isError(error) ? error.message : String(error);
      this.options.logger.warn(
        `Approved change request ${request.id} for ${payload.application} could not be applied: ${reason}`,
      );
      await this.options.changeRequests.recordOutcome(
        request.id,
        `plugin:${CONFIG_PLUGIN_ID}`,
        { applied: false, error: reason },
      );
    }
  }

  /**
   * Renders the effective configuration of an environment as a content-hashed
   * ConfigMap plus ExternalSecrets, checks them with a server-side dry run,
   * applies them and points the workload at the new ConfigMap. Earlier
   * ConfigMaps stay, so a rollback of configuration and workload works.
   */
  async apply(
    name: string,
    environmentName: string,
    options: { dryRun?: boolean },
    actor: ConfigActor,
  ): Promise<ConfigApplyResult> {
    const record = await this.require(name);
    const environment = this.options.environments.get(environmentName);
    const objects = this.render(record, environment);
    const configMapName = objects[0].metadata.name!;
    const { cluster, namespace } = environment;
    const { kubernetes } = this.options;
    const delivery = record.spec.delivery;
    const strategy =
      delivery?.workload && delivery.strategy !== 'none'
        ? delivery.strategy
        : undefined;
    const result: ConfigApplyResult = {
      application: name,
      environment: environment.name,
      version: record.version,
      cluster,
      namespace,
      configMapName,
      objects: objects.map(o => ({
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace,
        name: o.metadata.name!,
      })),
      dryRun: Boolean(options.dryRun),
    };
    const workloadUpdate = async (dryRun: boolean) => {
      if (!strategy || !delivery?.workload) return undefined;
      // The Deployment controller writes its status all the time, so a
      // replace can meet a newer resourceVersion: read again and retry, as
      // client-go's RetryOnConflict does.
      for (let attempt = 1; ; attempt++) {
        const current = await kubernetes.get(cluster, {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace,
          name: delivery.workload,
        });
        const updated = pointWorkloadAtConfigMap(current, {
          baseName: configMapBaseName(name),
          configMapName,
          strategy,
        });
        const changed = !jsonEqual(current, updated);
        try {
          if (changed) await kubernetes.replace(cluster, updated, { dryRun });
          return { name: delivery.workload, strategy, updated: changed };
        } catch (error) {
          if (
            attempt >= 5 ||
            !isError(error) ||
            error.name !== 'ConflictError'
          ) {
            throw error;
          }
        }
      }
    };
    try {
      await kubernetes.apply(cluster, objects, { dryRun: true });
      await workloadUpdate(true);
      if (options.dryRun) return result;
      await kubernetes.apply(cluster, objects);
      result.workload = await workloadUpdate(false);
    } catch (error) {
      if (!options.dryRun) {
        await this.options.store.recordDelivery({
          application: name,
          environment: environment.name,
          version: record.version,
          status: 'failed',
          cluster,
          namespace,
          configMapName,
          objects,
          error: isError(error) ? error.message : String(error),
          deliveredBy: actor.ref,
          deliveredAt: this.now().toISOString(),
        });
      }
      throw error;
    }
    const delivered = await this.options.store.recordDelivery({
      application: name,
      environment: environment.name,
      version: record.version,
      status: 'applied',
      cluster,
      namespace,
      configMapName,
      objects,
      workload: result.workload,
      deliveredBy: actor.ref,
      deliveredAt: this.now().toISOString(),
    });
    await this.announce(name, 'applied', record.version, environment.name);
    return { ...result, appliedAt: delivered.deliveredAt };
  }

  /** Compares the cluster with the last delivery to an environment and stores the report. */
  async checkDrift(
    name: string,
    environmentName: string,
  ): Promise<ConfigDriftReport> {
    const record = await this.require(name);
    const environment = this.options.environments.get(environmentName);
    const [delivery] = (
      await this.options.store.listLatestDeliveries(name)
    ).filter(d => d.environment === environment.name);
    const base = {
      application: name,
      environment: environment.name,
      checkedAt: this.now().toISOString(),
      currentVersion: record.version,
    };
    let report: ConfigDriftReport;
    if (!delivery) {
      report = {
        ...base,
        status: 'not-delivered',
        outOfDate: true,
        objects: [],
      };
    } else {
      try {
        const objects = [];
        for (const expected of delivery.objects) {
          const actual = await this.getOrUndefined(delivery.cluster, expected);
          objects.push(compareDeliveredObject(expected, actual));
        }
        if (delivery.workload) {
          objects.push(
            await this.compareWorkload(
              delivery.cluster,
              delivery.namespace,
              delivery.workload,
              delivery.configMapName,
            ),
          );
        }
        const rendered = this.render(record, environment);
        report = {
          ...base,
          status: objects.every(o => o.status === 'in-sync')
            ? 'in-sync'
            : 'drifted',
          deliveredVersion: delivery.version,
          outOfDate: !jsonEqual(
            rendered.map(contentOf),
            delivery.objects.map(contentOf),
          ),
          objects,
        };
      } catch (error) {
        report = {
          ...base,
          status: 'error',
          deliveredVersion: delivery.version,
          outOfDate: false,
          objects: [],
          error: isError(error) ? error.message : String(error),
        };
      }
    }
    await this.options.store.recordDriftReport(report);
    if (report.status === 'drifted') {
      await this.announce(name, 'drift', record.version, environment.name);
    }
    return report;
  }

  /** Checks every delivered environment of every application; run on a schedule. */
  async checkAllDrift(): Promise<{ checked: number; drifted: number }> {
    let checked = 0;
    let drifted = 0;
    for (const delivery of await this.options.store.listLatestDeliveries()) {
      try {
        const report = await this.checkDrift(
          delivery.application,
          delivery.environment,
        );
        checked++;
        if (report.status === 'drifted') drifted++;
      } catch (error) {
        this.options.logger.warn(
          `Drift check of ${delivery.application} in ${delivery.environment} failed: ${error}`,
        );
      }
    }
    return { checked, drifted };
  }

  /** Every apply to every environment, newest first, failures included. */
  async deliveries(name: string): Promise<ConfigDeliveryHistoryEntry[]> {
    await this.require(name);
    const records = await this.options.store.listDeliveries(name);
    return records.map(({ objects, id, ...delivery }) => ({
      ...delivery,
      objects: objects.map(o => ({
        apiVersion: o.apiVersion,
        kind: o.kind,
        namespace: o.metadata.namespace ?? delivery.namespace,
        name: o.metadata.name!,
      })),
    }));
  }

  async driftReports(name: string): Promise<ConfigDriftReport[]> {
    await this.require(name);
    return this.options.store.latestDriftReports(name);
  }

  private async compareWorkload(
    cluster: string,
    namespace: string,
    workload: NonNullable<ConfigApplyResult['workload']>,
    configMapName: string,
  ) {
    const expected: KubernetesObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: workload.name, namespace },
    };
    const actual = await this.getOrUndefined(cluster, expected);
    const identity = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace,
      name: workload.name,
    };
    if (!actual) {
      return { ...identity, status: 'missing' as const, differences: [] };
    }
    const annotations: Record<string, string> | undefined =
      workload.strategy === 'rollout'
        ? (actual.spec as any)?.template?.metadata?.annotations
        : actual.metadata.annotations;
    const path =
      workload.strategy === 'rollout'
        ? '/spec/template/metadata/annotations/idp-platform.io~1config-map'
        : '/metadata/annotations/idp-platform.io~1config-map';
    const current = annotations?.[CONFIG_MAP_ANNOTATION];
    return current === configMapName
      ? { ...identity, status: 'in-sync' as const, differences: [] }
      : {
          ...identity,
          status: 'modified' as const,
          differences: [{ path, expected: configMapName, actual: current }],
        };
  }

  private async getOrUndefined(
    cluster: string,
    object: KubernetesObject,
  ): Promise<KubernetesObject | undefined> {
    try {
      return await this.options.kubernetes.get(cluster, {
        apiVersion: object.apiVersion,
        kind: object.kind,
        namespace: object.metadata.namespace,
        name: object.metadata.name!,
      });
    } catch (error) {
      if (isError(error) && error.name === 'NotFoundError') return undefined;
      throw error;
    }
  }

  private render(
    record: ConfigApplicationRecord,
    environment: Environment,
  ): KubernetesObject[] {
    const { values } = this.effective(record.spec).find(
      e => e.environment === environment.name,
    )!;
    const labels = deliveryLabels(record.name, record.version);
    return [
      renderConfigMap({
        application: record.name,
        namespace: environment.namespace,
        values,
        flags: renderFlagdConfiguration(record.spec.flags, environment.name),
        labels,
      }),
      ...renderExternalSecrets(record.name, environment.namespace, values, {
        ...this.options.externalSecrets,
        labels,
      }),
    ];
  }

  /**
   * Validates a proposed spec, then stores it as a new version, or opens a
   * change request when it changes what a protected environment gets.
   */
  private async change(
    name: string,
    record: ConfigApplicationRecord | undefined,
    spec: ApplicationConfigurationSpec,
    actor: ConfigActor,
    meta: ChangeMeta,
  ): Promise<ConfigChangeResult> {
    const parsedName = configApplicationNameSchema.safeParse(name);
    if (!parsedName.success) {
      throw new InputError(
        `metadata.name: ${parsedName.error.issues[0].message}`,
      );
    }
    if (!record && meta.expectedVersion !== 0) {
      throw new NotFoundError(`No configuration for application ${name}`);
    }
    if (record && record.version !== meta.expectedVersion) {
      throw new ConflictError(
        `Configuration ${name} is at version ${record.version}, not ${meta.expectedVersion}; reload and apply your change again`,
      );
    }
    this.validateSpec(spec);
    const before = record?.spec ?? EMPTY_SPEC;
    const entries = diffSpecs(before, spec);
    const metadataChanged =
      record &&
      (record.entityRef !== meta.entityRef ||
        (record.description ?? '') !== (meta.description ?? ''));
    if (entries.length === 0 && record && !metadataChanged) {
      throw new InputError(
        `Nothing to change: configuration ${name} already has these values at version ${record.version}`,
      );
    }
    const changedKeys = entries.map(e => e.path);
    const affected = record
      ? this.protectedEnvironmentsChanged(before, spec)
      : [];
    if (record && affected.length > 0) {
      return this.requestApproval(record, actor, meta, {
        operations: operationsOf(entries),
        changedKeys,
        affected,
      });
    }
    const changeSet = await this.options.store.saveVersion({
      name,
      entityRef: meta.entityRef,
      description: meta.description,
      expectedVersion: meta.expectedVersion,
      spec,
      kind: meta.kind,
      author: actor.ref,
      message: meta.message,
      changedKeys,
      now: this.now(),
    });
    await this.announce(name, 'changed', changeSet.version);
    return { status: 'applied', changeSet };
  }

  private async requestApproval(
    record: ConfigApplicationRecord,
    actor: ConfigActor,
    meta: ChangeMeta,
    change: {
      operations: SpecOperation[];
      changedKeys: string[];
      affected: Environment[];
    },
  ): Promise<ConfigChangeResult> {
    const { affected } = change;
    const target = affected.reduce((strictest, environment) =>
      environment.requiredApprovals >= strictest.requiredApprovals
        ? environment
        : strictest,
    );
    const requiredApprovals = target.requiredApprovals;
    let approvers = [...new Set(affected.flatMap(e => e.approvers))];
    if (approvers.length === 0 && requiredApprovals > 0) {
      approvers = await this.ownersOf(record.entityRef);
    }
    const payload: ConfigChangeRequestPayload = {
      application: record.name,
      entityRef: meta.entityRef,
      description: meta.description,
      baseVersion: record.version,
      kind: meta.kind,
      message: meta.message,
      operations: change.operations,
      changedKeys: change.changedKeys,
    };
    const names = affected.map(e => e.name);
    const opened = await this.options.changeRequests.open({
      pluginId: CONFIG_PLUGIN_ID,
      requester: {
        userEntityRef: actor.ref,
        ownershipEntityRefs: actor.ownershipEntityRefs,
      },
      input: {
        kind: CONFIG_CHANGE_REQUEST_KIND,
        title: `Change configuration of ${record.name} in ${names.join(', ')}`,
        description: [
          meta.message,
          `Changed keys: ${change.changedKeys.join(', ')}`,
        ]
          .filter(Boolean)
          .join('\n\n'),
        environment: target.name,
        entityRef: record.entityRef,
        payload,
      },
      requiredApprovals,
      approvers,
    });
    if (opened.state === 'approved') {
      await this.applyApprovedChangeRequest(opened);
    } else {
      await this.announce(record.name, 'change-requested', record.version);
    }
    return {
      status: 'pending-approval',
      changeRequest: {
        id: opened.id,
        environment: target.name,
        requiredApprovals,
        affectedEnvironments: names,
      },
    };
  }

  private async ownersOf(entityRef: string): Promise<string[]> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials: await this.options.auth.getOwnServiceCredentials(),
    });
    const owner = (entity?.spec as { owner?: unknown } | undefined)?.owner;
    if (typeof owner !== 'string' || !owner) {
      throw new InputError(
        `${entityRef} has no owner in the catalog to approve changes to protected environments, and the environments name no approvers`,
      );
    }
    return [
      stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: entity!.metadata.namespace ?? 'default',
        }),
      ),
    ];
  }

  /** Protected environments whose effective values or flags differ between two specs. */
  private protectedEnvironmentsChanged(
    before: ApplicationConfigurationSpec,
    after: ApplicationConfigurationSpec,
  ): Environment[] {
    const was = this.effective(before);
    const will = this.effective(after);
    return this.environmentList().filter((environment, index) => {
      if (!environment.protected) return false;
      return (
        !jsonEqual(was[index].values, will[index].values) ||
        !jsonEqual(
          renderFlagdConfiguration(before.flags, environment.name),
          renderFlagdConfiguration(after.flags, environment.name),
        )
      );
    });
  }

  private validateSpec(spec: ApplicationConfigurationSpec): void {
    const known = new Set(this.environmentList().map(e => e.name));
    const unknownEnvironment = (name: string) => !known.has(name);
    for (const environment of Object.keys(spec.environments)) {
      if (unknownEnvironment(environment)) {
        throw new InputError(
          `spec.environments.${environment}: unknown environment; known: ${[
            ...known,
          ].join(', ')}`,
        );
      }
    }
    for (const [key, flag] of Object.entries(spec.flags)) {
      for (const environment of Object.keys(flag.environments)) {
        if (unknownEnvironment(environment)) {
          throw new InputError(
            `spec.flags.${key}.environments.${environment}: unknown environment; known: ${[
              ...known,
            ].join(', ')}`,
          );
        }
      }
    }
    const problems = [
      ...findSecretProblems(spec.values, '/values'),
      ...Object.entries(spec.environments).flatMap(([environment, tree]) =>
        findSecretProblems(tree, `/environments/${environment}`),
      ),
    ];
    if (problems.length) {
      throw new InputError(
        `Secrets are referenced, never stored: ${problems
          .map(p => `${p.key}: ${p.message}`)
          .join('; ')}`,
      );
    }
    if (spec.schema) {
      this.options.validator.check(spec.schema, this.effective(spec));
    }
  }

  private effective(
    spec: ApplicationConfigurationSpec,
  ): EffectiveConfiguration[] {
    return this.environmentList().map(environment => ({
      environment: environment.name,
      ...mergeConfigLayers([
        { layer: 'global', tree: this.options.globalDefaults },
        {
          layer: 'environment',
          tree: this.options.environmentDefaults[environment.name],
        },
        { layer: 'application', tree: spec.values },
        {
          layer: 'application-environment',
          tree: spec.environments[environment.name],
        },
      ]),
    }));
  }

  private environmentList(): Environment[] {
    return this.options.environments.list();
  }

  private summary(record: ConfigApplicationRecord): ConfigApplicationSummary {
    return {
      name: record.name,
      entityRef: record.entityRef,
      description: record.description,
      version: record.version,
      updatedAt: record.updatedAt,
      updatedBy: record.updatedBy,
    };
  }

  private async require(name: string): Promise<ConfigApplicationRecord> {
    const record = await this.options.store.getApplication(name);
    if (!record) {
      throw new NotFoundError(`No configuration for application ${name}`);
    }
    return record;
  }

  private async requireChangeSet(name: string, version: number) {
    const changeSet = await this.options.store.getChangeSet(name, version);
    if (!changeSet) {
      throw new NotFoundError(
        `Configuration ${name} has no version ${version}`,
      );
    }
    return changeSet;
  }

  /** Tells open pages the configuration changed, so they reload. */
  private async announce(
    application: string,
    event: 'changed' | 'applied' | 'change-requested' | 'drift',
    version: number,
    environment?: string,
  ): Promise<void> {
    try {
      await this.options.signals?.publish({
        recipients: { type: 'broadcast' },
        channel: `config:${application}`,
        message: {
          application,
          event,
          version,
          ...(environment && { environment }),
        },
      });
    } catch (error) {
      this.options.logger.warn(`Config signal not published: ${error}`);
    }
  }
}

/** A deep copy of JSON data. */
function structuredCloneJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** What a delivered object says, without labels that carry the version. */
function contentOf(object: KubernetesObject) {
  const { metadata, ...rest } = object;
  return { name: metadata.name, ...rest };
}
