import { createApiRef } from '@backstage/core-plugin-api';
import {
  ChangeRequest,
  ChangeRequestDecision,
  PolicyApplyOutcome,
  PolicyApplyRecord,
  PolicyApplyRequest,
  PolicyCompileResult,
  PolicyCreateRequest,
  PolicyEnvironmentComparison,
  PolicyImpactReport,
  PolicyImportResult,
  PolicyRollbackRequest,
  PolicySandboxRequest,
  PolicySandboxResult,
  PolicyServiceInfo,
  PolicySummary,
  PolicyUpdateRequest,
  PolicyValidationResult,
  PolicyVersion,
  PolicyVersionView,
  PolicyView,
} from '@idp-platform/backstage-plugin-idp-common';

/**
 * Client of the policy backend. Saving sends the version the user edited: a
 * stale one is refused with 409. An apply to a protected environment answers
 * `pending-approval` with its change request.
 *
 * @public
 */
export interface PolicyApi {
  /** Catalog services with their tiers, as the backend sees them. */
  listServices(): Promise<PolicyServiceInfo[]>;
  listPolicies(): Promise<PolicySummary[]>;
  getPolicy(name: string): Promise<PolicyView>;
  createPolicy(request: PolicyCreateRequest): Promise<PolicyView>;
  updatePolicy(name: string, request: PolicyUpdateRequest): Promise<PolicyView>;
  /** Stored versions, newest first. */
  listVersions(name: string): Promise<PolicyVersion[]>;
  getVersion(name: string, version: number): Promise<PolicyVersionView>;
  /** Checks a YAML document; problems carry the line they come from. */
  validate(yaml: string): Promise<PolicyValidationResult>;
  /** Compiles a YAML document for one environment without storing it. */
  compile(yaml: string, environment: string): Promise<PolicyCompileResult>;
  /** Runs the document's scenarios, plus any given, without storing it. */
  sandbox(request: PolicySandboxRequest): Promise<PolicySandboxResult>;
  /** Converts a WebApplication's `spec.communication` into a policy document, without storing it. */
  importWebApplication(yaml: string): Promise<PolicyImportResult>;
  /** Who gains and loses access if the version is applied to the environment. */
  impact(
    name: string,
    environment: string,
    version?: number,
  ): Promise<PolicyImpactReport>;
  /** The compiled objects side by side across environments. */
  compare(
    name: string,
    environments?: string[],
    version?: number,
  ): Promise<PolicyEnvironmentComparison>;
  /** Applies a version (the latest when absent), or only dry-runs it. */
  apply(name: string, request: PolicyApplyRequest): Promise<PolicyApplyOutcome>;
  rollback(
    name: string,
    request: PolicyRollbackRequest,
  ): Promise<PolicyApplyOutcome>;
  /** Applies and rollbacks, newest first. */
  listApplies(name: string): Promise<PolicyApplyRecord[]>;
  /** Policy change requests, pending ones when `state` is `pending`. */
  listChangeRequests(options?: {
    state?: ChangeRequest['state'];
  }): Promise<ChangeRequest[]>;
  decideChangeRequest(
    id: string,
    decision: ChangeRequestDecision['decision'],
    comment?: string,
  ): Promise<ChangeRequest>;
}

/** @public */
export const policyApiRef = createApiRef<PolicyApi>({
  id: 'plugin.policy.api',
});
