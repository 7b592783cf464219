import { createApiRef } from '@backstage/core-plugin-api';
import {
  ChangeRequest,
  ChangeRequestDecision,
  ConfigApplicationSummary,
  ConfigApplicationView,
  ConfigApplyResult,
  ConfigChangeResult,
  ConfigChangeSet,
  ConfigDiff,
  ConfigDriftReport,
  ConfigEnvironmentComparison,
  ConfigFlagPutRequest,
  ConfigRollbackRequest,
  ConfigSetValuesRequest,
} from '@idp-platform/backstage-plugin-idp-common';

/**
 * Client of the configuration manager backend. Changes send the version the
 * user edited: a stale one is refused with 409, and a change reaching a
 * protected environment answers `pending-approval` (202).
 *
 * @public
 */
export interface ConfigManagerApi {
  /** The applications the user may read. */
  listApplications(): Promise<ConfigApplicationSummary[]>;
  /** Layers, effective values with their source per environment, flags and schema. */
  getApplication(name: string): Promise<ConfigApplicationView>;
  /** Keys down, environments across, with `differs` per key. */
  compare(name: string): Promise<ConfigEnvironmentComparison>;
  setValues(
    name: string,
    request: ConfigSetValuesRequest,
  ): Promise<ConfigChangeResult>;
  /** The ApplicationConfiguration YAML, of the current or an earlier version. */
  exportYaml(name: string, version?: number): Promise<string>;
  /** Change sets, newest first. */
  history(name: string): Promise<ConfigChangeSet[]>;
  /** Path-level diff between two versions; 0 is the empty configuration. */
  diff(name: string, from: number, to: number): Promise<ConfigDiff>;
  rollback(
    name: string,
    request: ConfigRollbackRequest,
  ): Promise<ConfigChangeResult>;
  /** Delivers the configuration to an environment, or only dry-runs it. */
  apply(
    name: string,
    environment: string,
    options: { dryRun: boolean },
  ): Promise<ConfigApplyResult>;
  /** Latest stored drift report per environment. */
  driftReports(name: string): Promise<ConfigDriftReport[]>;
  checkDrift(name: string, environment: string): Promise<ConfigDriftReport>;
  putFlag(
    name: string,
    key: string,
    request: ConfigFlagPutRequest,
  ): Promise<ConfigChangeResult>;
  /** Pending configuration change requests across applications. */
  listPendingChangeRequests(): Promise<ChangeRequest[]>;
  decideChangeRequest(
    id: string,
    decision: ChangeRequestDecision['decision'],
    comment?: string,
  ): Promise<ChangeRequest>;
}

/** @public */
export const configManagerApiRef = createApiRef<ConfigManagerApi>({
  id: 'plugin.config.api',
});
