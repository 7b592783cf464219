import { createApiRef } from '@backstage/core-plugin-api';
import {
  ChangeRequest,
  ChangeRequestDecision,
  CompatibilityReport,
  InstalledPluginsResponse,
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
  PluginSearchQuery,
  PluginSearchResponse,
} from '@idp-platform/backstage-plugin-idp-common';

/**
 * Client of the plugin manager backend. Changes send the revision the user
 * saw as `expectedRevision`: a stale one is refused with 409, and in a
 * protected environment a change answers `pending-approval` (202).
 *
 * @public
 */
export interface PluginManagerApi {
  /** The configured npm registries. */
  listRegistries(): Promise<PluginRegistryInfo[]>;
  /** Cached registry metadata searched by text and facets, one page at a time. */
  search(query: PluginSearchQuery): Promise<PluginSearchResponse>;
  /** Summary, versions, dist-tags, README and the installed state of a package. */
  getPackage(name: string): Promise<PluginPackageDetails>;
  /** Verdict with reasons and dependency conflicts for a version (latest when absent). */
  compatibility(name: string, version?: string): Promise<CompatibilityReport>;
  /** Dry run of an install or upgrade: the checks, nothing written. */
  plan(request: PluginInstallRequest): Promise<PluginInstallPlan>;
  install(request: PluginInstallRequest): Promise<PluginOperationResult>;
  upgrade(request: PluginInstallRequest): Promise<PluginOperationResult>;
  disable(request: PluginPackageRequest): Promise<PluginOperationResult>;
  enable(request: PluginPackageRequest): Promise<PluginOperationResult>;
  uninstall(request: PluginPackageRequest): Promise<PluginOperationResult>;
  /** Back to the version installed before the current one. */
  rollback(request: PluginPackageRequest): Promise<PluginOperationResult>;
  /** The installed plugins and the current revision. */
  listInstalled(): Promise<InstalledPluginsResponse>;
  /** Revisions, newest first, of every package or of one. */
  listRevisions(packageName?: string): Promise<PluginRevision[]>;
  getRevision(revision: number): Promise<PluginRevision>;
  /** What changed from `against` (the previous revision by default) to `revision`. */
  diffRevision(revision: number, against?: number): Promise<PluginRevisionDiff>;
  /** Restores the dynamic-plugins.yaml of an earlier revision, as a new revision. */
  revertToRevision(
    revision: number,
    request: PluginRevertRequest,
  ): Promise<PluginOperationResult>;
  /** Load state, route probes, recent errors and score of each installed plugin. */
  health(): Promise<PluginHealthResponse>;
  /** Refreshes the registry cache now. */
  refresh(): Promise<PluginRefreshResponse>;
  /** Plugin changes in a protected environment waiting for approval. */
  listPendingChangeRequests(): Promise<ChangeRequest[]>;
  decideChangeRequest(
    id: string,
    decision: ChangeRequestDecision['decision'],
    comment?: string,
  ): Promise<ChangeRequest>;
}

/** @public */
export const pluginManagerApiRef = createApiRef<PluginManagerApi>({
  id: 'plugin.plugin-manager.api',
});
