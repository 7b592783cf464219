/**
 * The plugin manager's HTTP API, served under `/api/plugin-manager`.
 *
 * Read (permission `idp.plugin-manager.read`):
 * - `GET  /registries`                              → {@link PluginRegistriesResponse}
 * - `GET  /search?q&role&author&keyword&kind&registry&page&pageSize` → {@link PluginSearchResponse}
 * - `GET  /package?name=`                           → {@link PluginPackageDetails}
 * - `GET  /compatibility?name=&version=`            → {@link CompatibilityReport}
 * - `POST /plan` body {@link PluginInstallRequest}  → {@link PluginInstallPlan} (dry run, writes nothing)
 * - `GET  /installed`                               → {@link InstalledPluginsResponse}
 * - `GET  /revisions?package=`                      → {@link PluginRevisionsResponse}
 * - `GET  /revisions/:revision`                     → {@link PluginRevision}
 * - `GET  /revisions/:revision/diff?against=`       → {@link PluginRevisionDiff} (against defaults to revision - 1)
 * - `GET  /health`                                  → {@link PluginHealthResponse}
 * - `GET  /change-requests[...]`                    the idp-node change request routes (pluginId `plugin-manager`)
 *
 * Mutating (permission `idp.plugin-manager.install`); each answers 200 with
 * {@link PluginOperationResult} `status: 'applied'`, or 202 with
 * `status: 'pending-approval'` and the change request when this Backstage
 * runs in a protected environment:
 * - `POST /install`   body {@link PluginInstallRequest} (409 when already installed)
 * - `POST /upgrade`   body {@link PluginInstallRequest} (404 when not installed; any other version, up or down)
 * - `POST /disable`   body {@link PluginPackageRequest}
 * - `POST /enable`    body {@link PluginPackageRequest}
 * - `POST /uninstall` body {@link PluginPackageRequest}
 * - `POST /rollback`  body {@link PluginPackageRequest} (back to the previously installed version)
 * - `POST /revisions/:revision/revert` body {@link PluginRevertRequest}
 * - `POST /refresh`   refreshes the registry cache now → {@link PluginRefreshResponse}
 *
 * Errors: 400 names the invalid field, 403 without the permission, 404 for an
 * unknown package / version / revision, 409 when the installed state moved
 * (`expectedRevision`) or the plan is blocked.
 *
 * Progress of every operation is sent on the signal channel
 * `plugin-manager:operations` (see {@link PluginManagerOperationSignal}).
 *
 */
import { z } from 'zod';
import { ChangeRequest } from '../changeRequests';
import { DynamicPluginEntry, LoadedDynamicPlugin } from './dynamicPlugins';

/** An npm package name, scoped or not. @public */
export const npmPackageNameSchema = z
  .string()
  .min(1)
  .max(214)
  .regex(
    /^(?:@[a-z0-9-*~][a-z0-9-*._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/,
    'must be an npm package name such as @backstage/plugin-catalog',
  );

/** An exact semver version or a dist-tag such as `latest`. @public */
export const npmVersionSelectorSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[A-Za-z0-9.+_-]+$/, 'must be a version such as 1.2.3 or a dist-tag');

/** Kinds of package the search facets on. @public */
export const PLUGIN_KINDS = [
  'frontend',
  'backend',
  'library',
  'other',
] as const;

/** @public */
export type PluginKind = (typeof PLUGIN_KINDS)[number];

/** `GET /search`. @public */
export const pluginSearchQuerySchema = z.object({
  q: z.string().max(200).optional(),
  role: z.string().max(100).optional(),
  author: z.string().max(200).optional(),
  keyword: z.string().max(100).optional(),
  kind: z.enum(PLUGIN_KINDS).optional(),
  /** Name of a configured registry; all registries when absent. */
  registry: z.string().max(100).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

/** @public */
export type PluginSearchQuery = z.input<typeof pluginSearchQuerySchema>;

/** A package found in a registry, from its latest version's metadata. @public */
export interface PluginSummary {
  name: string;
  /** The `latest` dist-tag. */
  version: string;
  description?: string;
  /** Name of the configured registry it came from. */
  registry: string;
  /** package.json `backstage.role`, e.g. `backend-plugin`. */
  role?: string;
  kind: PluginKind;
  /** package.json `backstage.pluginId`. */
  pluginId?: string;
  author?: string;
  keywords: string[];
  publishedAt?: string;
  /** package.json `backstage.supported-versions`, when present. */
  supportedVersions?: string;
  links: { npm?: string; repository?: string; homepage?: string };
  /** Installed version in this Backstage, if any. */
  installedVersion?: string;
}

/** One value of a facet and how many matches have it. @public */
export interface PluginSearchFacetValue {
  value: string;
  count: number;
}

/** @public */
export interface PluginSearchResponse {
  items: PluginSummary[];
  total: number;
  page: number;
  pageSize: number;
  /** Facets over every match of the query (before paging). */
  facets: {
    role: PluginSearchFacetValue[];
    author: PluginSearchFacetValue[];
    keyword: PluginSearchFacetValue[];
    kind: PluginSearchFacetValue[];
  };
  /** When the cached metadata was last refreshed from the registries. */
  refreshedAt?: string;
}

/** A configured npm registry (tokens are never returned). @public */
export interface PluginRegistryInfo {
  name: string;
  url: string;
  /** Package scopes routed to this registry, e.g. `@acme`. */
  scopes: string[];
  default: boolean;
}

/** @public */
export interface PluginRegistriesResponse {
  items: PluginRegistryInfo[];
}

/** `GET /package`, `GET /compatibility`. @public */
export const pluginPackageQuerySchema = z.object({
  name: npmPackageNameSchema,
  version: npmVersionSelectorSchema.optional(),
});

/** One published version of a package. @public */
export interface PluginPackageVersion {
  version: string;
  publishedAt?: string;
  deprecated?: string;
}

/** `GET /package?name=`. @public */
export interface PluginPackageDetails {
  summary: PluginSummary;
  /** The package's README (markdown) as the registry serves it, when it has one. */
  readme?: string;
  distTags: Record<string, string>;
  /** Newest first. */
  versions: PluginPackageVersion[];
  installed?: InstalledPlugin;
}

/** @public */
export const COMPATIBILITY_VERDICTS = [
  'compatible',
  'compatible-with-warnings',
  'incompatible',
] as const;

/** @public */
export type CompatibilityVerdict = (typeof COMPATIBILITY_VERDICTS)[number];

/** Why a version is (in)compatible. @public */
export interface CompatibilityReason {
  severity: 'info' | 'warning' | 'error';
  /**
   * Machine-readable reason, e.g. `not-a-plugin`, `frontend-plugin`,
   * `backstage-range`, `backstage-peer-range`, `backstage-dependency-unknown`,
   * `supported-versions`, `dependency-conflict`.
   */
  code: string;
  dependency?: string;
  range?: string;
  installed?: string;
  message: string;
}

/** A dependency range of the candidate that the installed version does not satisfy. @public */
export interface DependencyConflict {
  dependency: string;
  /** `dependencies` are bundled or resolved per plugin; `peerDependencies` must match the host. */
  type: 'dependency' | 'peer';
  range: string;
  installed: string;
  /** React, MUI, @backstage/* and other packages that must exist once per app. */
  singleton: boolean;
  /** A version of the candidate package whose range accepts what is installed. */
  resolution?: { version: string; range: string };
  message: string;
}

/** `GET /compatibility?name=&version=`. @public */
export interface CompatibilityReport {
  package: string;
  version: string;
  /** The Backstage release this app runs (backstage.json). */
  backstageVersion: string;
  verdict: CompatibilityVerdict;
  reasons: CompatibilityReason[];
  conflicts: DependencyConflict[];
}

/** `POST /plan`, `POST /install`, `POST /upgrade`. @public */
export const pluginInstallRequestSchema = z.object({
  package: npmPackageNameSchema,
  /** Exact version or dist-tag; `latest` when absent. */
  version: npmVersionSelectorSchema.optional(),
  /** RHDH `pluginConfig`: app-config merged into app-config.dynamic-plugins.yaml. */
  pluginConfig: z.record(z.unknown()).optional(),
  /**
   * The same as YAML text, parsed by the backend (a 400 naming this field when
   * it is not a YAML mapping); give either this or `pluginConfig`.
   */
  pluginConfigYaml: z.string().max(100_000).optional(),
  /** The revision the caller saw; a 409 when another change landed since. */
  expectedRevision: z.number().int().min(0).optional(),
  message: z.string().trim().max(500).optional(),
});

/** @public */
export type PluginInstallRequest = z.infer<typeof pluginInstallRequestSchema>;

/** `POST /disable`, `/enable`, `/uninstall`, `/rollback`. @public */
export const pluginPackageRequestSchema = z.object({
  package: npmPackageNameSchema,
  expectedRevision: z.number().int().min(0).optional(),
  message: z.string().trim().max(500).optional(),
});

/** @public */
export type PluginPackageRequest = z.infer<typeof pluginPackageRequestSchema>;

/** `POST /revisions/:revision/revert`. @public */
export const pluginRevertRequestSchema = z.object({
  expectedRevision: z.number().int().min(0).optional(),
  message: z.string().trim().max(500).optional(),
});

/** @public */
export type PluginRevertRequest = z.infer<typeof pluginRevertRequestSchema>;

/** `GET /revisions`. @public */
export const pluginRevisionsQuerySchema = z.object({
  package: npmPackageNameSchema.optional(),
});

/** `GET /revisions/:revision/diff`. @public */
export const pluginRevisionDiffQuerySchema = z.object({
  against: z.coerce.number().int().min(0).optional(),
});

/** @public */
export const PLAN_CHECK_IDS = [
  'compatibility',
  'peer-dependencies',
  'supported-versions',
  'plugin-id',
  'config-keys',
  'config-schema',
  'dynamic-package',
] as const;

/** @public */
export type PlanCheckId = (typeof PLAN_CHECK_IDS)[number];

/** One check of the dry-run plan. `fail` blocks the change. @public */
export interface PlanCheck {
  id: PlanCheckId;
  status: 'pass' | 'warn' | 'fail';
  message: string;
}

/** `POST /plan`: what an install or upgrade would do, before anything is written. @public */
export interface PluginInstallPlan {
  action: 'install' | 'upgrade';
  package: string;
  version: string;
  fromVersion?: string;
  /** `dist.integrity` from the registry. */
  integrity: string;
  /** Folder under the dynamic plugins root. */
  folder: string;
  compatibility: CompatibilityReport;
  checks: PlanCheck[];
  blocked: boolean;
  /** The dynamic-plugins.yaml entry the change would write. */
  entry: DynamicPluginEntry;
  /** True when this Backstage runs in a protected environment. */
  requiresApproval: boolean;
  currentRevision: number;
}

/** An installed dynamic plugin. @public */
export interface InstalledPlugin {
  package: string;
  version: string;
  folder: string;
  disabled: boolean;
  integrity: string;
  role?: string;
  pluginId?: string;
  pluginConfig?: Record<string, unknown>;
  installedAt: string;
  installedBy: string;
  /** Versions kept on disk for rollback, newest first. */
  previousVersions: string[];
}

/** @public */
export interface InstalledPluginsResponse {
  items: InstalledPlugin[];
  /** The current revision, to send as `expectedRevision`. */
  revision: number;
}

/** @public */
export const PLUGIN_ACTIONS = [
  'install',
  'upgrade',
  'disable',
  'enable',
  'uninstall',
  'rollback',
  'revert',
] as const;

/** @public */
export type PluginAction = (typeof PLUGIN_ACTIONS)[number];

/** @public */
export const PLUGIN_OPERATION_STEPS = [
  'resolve',
  'plan',
  'download',
  'verify',
  'stage',
  'swap',
  'record',
  'restart',
  'wait-ready',
  'rollback',
  'done',
] as const;

/** @public */
export type PluginOperationStep = (typeof PLUGIN_OPERATION_STEPS)[number];

/** Every change is a revision of the whole dynamic-plugins.yaml. @public */
export interface PluginRevision {
  revision: number;
  action: PluginAction;
  package: string;
  fromVersion?: string;
  toVersion?: string;
  author: string;
  message?: string;
  createdAt: string;
  /** The dynamic-plugins.yaml plugins after this revision. */
  plugins: DynamicPluginEntry[];
  changeRequestId?: string;
}

/** @public */
export interface PluginRevisionsResponse {
  items: PluginRevision[];
}

/** One package that differs between two revisions. @public */
export interface PluginRevisionDiffEntry {
  package: string;
  change: 'added' | 'removed' | 'version' | 'disabled' | 'enabled' | 'config';
  before?: DynamicPluginEntry;
  after?: DynamicPluginEntry;
}

/** @public */
export interface PluginRevisionDiff {
  from: number;
  to: number;
  changes: PluginRevisionDiffEntry[];
}

/** What happened to the Backstage Deployment after a change (Kubernetes only). @public */
export interface PluginRestartOutcome {
  status: 'not-configured' | 'ready' | 'rolled-back' | 'failed';
  message?: string;
}

/** Answer of every mutating route. @public */
export interface PluginOperationResult {
  status: 'applied' | 'pending-approval';
  operationId: string;
  revision?: PluginRevision;
  plugin?: InstalledPlugin;
  changeRequest?: ChangeRequest;
  restart?: PluginRestartOutcome;
}

/** @public */
export interface PluginRefreshResponse {
  packages: number;
  refreshedAt: string;
}

/** Whether the plugin's folder loaded in this backend. @public */
export type PluginLoadState = 'loaded' | 'failed' | 'not-loaded' | 'unknown';

/** A probe of one of the plugin's backend routes. @public */
export interface PluginRouteProbe {
  path: string;
  /** HTTP status; absent when the request did not get an answer. */
  status?: number;
  ok: boolean;
}

/** Health of one installed plugin. @public */
export interface PluginHealth {
  package: string;
  version: string;
  disabled: boolean;
  load: PluginLoadState;
  /** As the dynamic plugins service reports it. */
  loaded?: LoadedDynamicPlugin;
  failure?: string;
  routes: PluginRouteProbe[];
  recentErrors: { at: string; message: string }[];
  /** 0–100; see {@link PluginHealthResponse.formula}. */
  score: number;
  checkedAt: string;
}

/** @public */
export interface PluginHealthResponse {
  items: PluginHealth[];
  /** The documented formula of the score. */
  formula: string;
}
