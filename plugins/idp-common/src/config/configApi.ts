import { z } from 'zod';
import {
  ConfigDelivery,
  ConfigJsonValue,
  ConfigLayer,
  ConfigTree,
  configJsonValueSchema,
} from './applicationConfiguration';
import { FeatureFlag, featureFlagSchema } from './featureFlags';

/** A JSON Pointer to a configuration key, e.g. `/database/port`. @public */
export const configKeySchema = z
  .string()
  .regex(/^(\/[^/]+)+$/, 'must be a JSON Pointer such as /database/port');

/** The version the client edited; 0 when creating. @public */
export const configExpectedVersionSchema = z.number().int().min(0);

const messageSchema = z.string().trim().max(500).optional();

/** One key to set or remove, in the application or an application-environment layer. @public */
export const configValueChangeSchema = z
  .object({
    /** Absent for the application layer (every environment). */
    environment: z.string().min(1).optional(),
    key: configKeySchema,
    value: configJsonValueSchema.optional(),
    remove: z.literal(true).optional(),
  })
  .strict()
  .refine(change => (change.value !== undefined) !== (change.remove === true), {
    message: 'give either value or remove: true',
    path: ['value'],
  });

/** @public */
export type ConfigValueChange = z.infer<typeof configValueChangeSchema>;

/** `POST /applications/:name/values`. @public */
export const configSetValuesRequestSchema = z.object({
  version: configExpectedVersionSchema,
  message: messageSchema,
  changes: z.array(configValueChangeSchema).min(1).max(500),
});

/** @public */
export type ConfigSetValuesRequest = z.infer<
  typeof configSetValuesRequestSchema
>;

/** `POST /import`: an ApplicationConfiguration YAML document. @public */
export const configImportRequestSchema = z.object({
  yaml: z.string().min(1).max(1_000_000),
  version: configExpectedVersionSchema,
  message: messageSchema,
});

/** @public */
export type ConfigImportRequest = z.infer<typeof configImportRequestSchema>;

/** `PUT /applications/:name/schema`; `schema: null` removes it. @public */
export const configSchemaPutRequestSchema = z.object({
  version: configExpectedVersionSchema,
  schema: z.record(z.unknown()).nullable(),
  message: messageSchema,
});

/** @public */
export type ConfigSchemaPutRequest = z.infer<
  typeof configSchemaPutRequestSchema
>;

/** `POST /applications/:name/rollback`. @public */
export const configRollbackRequestSchema = z.object({
  version: configExpectedVersionSchema,
  toVersion: z.number().int().min(1),
  message: messageSchema,
});

/** @public */
export type ConfigRollbackRequest = z.infer<typeof configRollbackRequestSchema>;

/** `PUT /applications/:name/flags/:key`. @public */
export const configFlagPutRequestSchema = z.object({
  version: configExpectedVersionSchema,
  flag: featureFlagSchema,
  message: messageSchema,
});

/** @public */
export type ConfigFlagPutRequest = z.infer<typeof configFlagPutRequestSchema>;

/** `DELETE /applications/:name/flags/:key?version=N`. @public */
export const configFlagDeleteQuerySchema = z.object({
  version: z.coerce.number().int().min(0),
  message: messageSchema,
});

/** `POST /applications/:name/apply`. @public */
export const configApplyRequestSchema = z.object({
  environment: z.string().min(1),
  /** Only validate with the API server (server-side dry run). */
  dryRun: z.boolean().optional(),
});

/** @public */
export type ConfigApplyRequest = z.infer<typeof configApplyRequestSchema>;

/** `GET /applications/:name/diff?from=&to=`. @public */
export const configDiffQuerySchema = z.object({
  from: z.coerce.number().int().min(0),
  to: z.coerce.number().int().min(1),
});

/** A query naming one environment. @public */
export const configEnvironmentQuerySchema = z.object({
  environment: z.string().min(1).optional(),
});

/** An application in the list. @public */
export interface ConfigApplicationSummary {
  name: string;
  entityRef: string;
  description?: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** The effective configuration of one environment. @public */
export interface EffectiveConfiguration {
  environment: string;
  values: ConfigTree;
  /** For every key (JSON Pointer to a leaf), the layer its value came from. */
  sources: Record<string, ConfigLayer>;
}

/** An application's configuration with its layers and effective result per environment. @public */
export interface ConfigApplicationView extends ConfigApplicationSummary {
  schema?: Record<string, unknown>;
  delivery?: ConfigDelivery;
  layers: {
    global: ConfigTree;
    environment: Record<string, ConfigTree>;
    application: ConfigTree;
    'application-environment': Record<string, ConfigTree>;
  };
  effective: EffectiveConfiguration[];
  flags: Record<string, FeatureFlag>;
  environments: { name: string; protected: boolean }[];
}

/** One key in the environment comparison. @public */
export interface ConfigComparisonRow {
  key: string;
  cells: Record<
    string,
    { present: boolean; value?: ConfigJsonValue; source?: ConfigLayer }
  >;
  /** Whether any two environments disagree on this key. */
  differs: boolean;
}

/** Keys down, environments across. @public */
export interface ConfigEnvironmentComparison {
  application: string;
  version: number;
  environments: string[];
  rows: ConfigComparisonRow[];
}

/** What a change set did. @public */
export const CONFIG_CHANGE_KINDS = [
  'set-values',
  'import',
  'schema',
  'rollback',
  'flag',
] as const;

/** @public */
export type ConfigChangeKind = (typeof CONFIG_CHANGE_KINDS)[number];

/** One stored version of an application configuration. @public */
export interface ConfigChangeSet {
  application: string;
  version: number;
  kind: ConfigChangeKind;
  author: string;
  message?: string;
  /** Paths in the spec that changed, e.g. `/environments/production/database/port`. */
  changedKeys: string[];
  createdAt: string;
  /** The change request that approved this change, if one was needed. */
  changeRequestId?: string;
}

/** One changed path between two versions. @public */
export interface ConfigDiffEntry {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

/** @public */
export interface ConfigDiff {
  application: string;
  from: number;
  to: number;
  entries: ConfigDiffEntry[];
}

/** Outcome of a change: stored, or waiting for approvals on a protected environment. @public */
export type ConfigChangeResult =
  | { status: 'applied'; changeSet: ConfigChangeSet }
  | {
      status: 'pending-approval';
      changeRequest: {
        id: string;
        environment: string;
        requiredApprovals: number;
        affectedEnvironments: string[];
      };
    };

/** One object delivered to a cluster. @public */
export interface ConfigDeliveredObject {
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

/** Outcome of an apply. @public */
export interface ConfigApplyResult {
  application: string;
  environment: string;
  version: number;
  cluster: string;
  namespace: string;
  configMapName: string;
  objects: ConfigDeliveredObject[];
  workload?: {
    name: string;
    strategy: 'rollout' | 'hot-reload';
    updated: boolean;
  };
  dryRun: boolean;
  appliedAt?: string;
}

/** One apply of a configuration to an environment, successful or failed. @public */
export interface ConfigDeliveryHistoryEntry {
  application: string;
  environment: string;
  version: number;
  status: 'applied' | 'failed';
  cluster: string;
  namespace: string;
  configMapName: string;
  objects: ConfigDeliveredObject[];
  workload?: ConfigApplyResult['workload'];
  error?: string;
  deliveredBy: string;
  deliveredAt: string;
}

/** One field that differs between the cluster and what was delivered. @public */
export interface ConfigDriftDifference {
  path: string;
  expected?: unknown;
  actual?: unknown;
}

/** @public */
export interface ConfigDriftObject extends ConfigDeliveredObject {
  status: 'in-sync' | 'missing' | 'modified';
  differences: ConfigDriftDifference[];
}

/** Cluster state compared with what should be there. @public */
export interface ConfigDriftReport {
  application: string;
  environment: string;
  checkedAt: string;
  status: 'in-sync' | 'drifted' | 'not-delivered' | 'error';
  /** Version last delivered to the environment. */
  deliveredVersion?: number;
  /** Current version of the configuration. */
  currentVersion: number;
  /** Whether the current version renders differently from what was delivered. */
  outOfDate: boolean;
  objects: ConfigDriftObject[];
  error?: string;
}
