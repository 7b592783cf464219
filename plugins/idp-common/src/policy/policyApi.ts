/**
 * HTTP API of the policy backend (plugin id `policy`). Every route needs a
 * user or service credential; reads need `idp.policy.read`, changes
 * `idp.policy.write`, applies and rollbacks `idp.policy.apply`.
 *
 * ```
 * GET    /services                               { items: PolicyServiceInfo[] } (catalog services, tiers)
 * GET    /policies                               { items: PolicySummary[] }
 * POST   /policies                               PolicyCreateRequest -> PolicyView (201)
 * GET    /policies/:name                         PolicyView
 * PUT    /policies/:name                         PolicyUpdateRequest -> PolicyView (409 on a stale version)
 * GET    /policies/:name/versions                { items: PolicyVersion[] } (newest first)
 * GET    /policies/:name/versions/:version       PolicyVersionView
 * GET    /policies/:name/compiled?environment=&version=   PolicyCompileResult
 * POST   /policies/:name/test                    PolicyTestRequest -> PolicySandboxResult
 * GET    /policies/:name/impact?environment=&version=     PolicyImpactReport
 * GET    /policies/:name/compare?environments=a,b&version= PolicyEnvironmentComparison
 * POST   /policies/:name/apply                   PolicyApplyRequest -> PolicyApplyOutcome (200; 202 when pending-approval)
 *                                                 (400/409 naming a failing scenario or an error-level problem)
 * POST   /policies/:name/rollback                PolicyRollbackRequest -> PolicyApplyOutcome (200; 202 when pending-approval)
 * GET    /policies/:name/applies                 { items: PolicyApplyRecord[] } (newest first)
 * POST   /validate                               PolicyDocumentRequest -> PolicyValidationResult
 * POST   /compile                                PolicyCompileRequest -> PolicyCompileResult
 * POST   /sandbox                                PolicySandboxRequest -> PolicySandboxResult
 * POST   /check-communication                    CommunicationCheckRequest -> CommunicationCheckResult
 * POST   /import/web-application                 PolicyImportRequest (a WebApplication) -> PolicyImportResult
 * /change-requests/...                            idp-node's change-request router (policy applies to protected environments)
 * ```
 *
 * @packageDocumentation
 */
import { z } from 'zod';
import { policyScenarioSchema } from './serviceCommunicationPolicy';
import type {
  PolicyScenario,
  ServiceCommunicationPolicy,
} from './serviceCommunicationPolicy';
import type { PolicyTier } from '../annotations';

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label');
const messageSchema = z.string().trim().max(500).optional();

/** A policy document as YAML text (line numbers in problems refer to it). @public */
export const policyDocumentRequestSchema = z.object({
  yaml: z.string().min(1).max(1_000_000),
});

/** @public */
export type PolicyDocumentRequest = z.infer<typeof policyDocumentRequestSchema>;

/**
 * `POST /import/web-application`: a WebApplication YAML document; `entityRef`
 * becomes the policy's `metadata.entityRef` (else the WebApplication's
 * `backstage.io/source-entity` annotation, if any).
 *
 * @public
 */
export const policyImportRequestSchema = z.object({
  yaml: z.string().min(1).max(1_000_000),
  entityRef: z.string().min(1).max(255).optional(),
});

/** @public */
export type PolicyImportRequest = z.infer<typeof policyImportRequestSchema>;

/** `POST /policies`; the name comes from `metadata.name`. @public */
export const policyCreateRequestSchema = z.object({
  yaml: z.string().min(1).max(1_000_000),
  message: messageSchema,
});

/** @public */
export type PolicyCreateRequest = z.infer<typeof policyCreateRequestSchema>;

/** `PUT /policies/:name`: `version` is the version the client edited. @public */
export const policyUpdateRequestSchema = z.object({
  yaml: z.string().min(1).max(1_000_000),
  version: z.number().int().min(1),
  message: messageSchema,
});

/** @public */
export type PolicyUpdateRequest = z.infer<typeof policyUpdateRequestSchema>;

/** `POST /compile`. @public */
export const policyCompileRequestSchema = z.object({
  yaml: z.string().min(1).max(1_000_000),
  environment: dnsLabel,
});

/** @public */
export type PolicyCompileRequest = z.infer<typeof policyCompileRequestSchema>;

/** `GET /policies/:name/compiled` and `/impact`; latest version when absent. @public */
export const policyEnvironmentVersionQuerySchema = z.object({
  environment: dnsLabel,
  version: z.coerce.number().int().min(1).optional(),
});

/** `GET /policies/:name/compare`; every environment when absent. @public */
export const policyCompareQuerySchema = z.object({
  environments: z
    .string()
    .transform(value => value.split(',').map(part => part.trim()))
    .pipe(z.array(dnsLabel).min(1))
    .optional(),
  version: z.coerce.number().int().min(1).optional(),
});

/** `POST /sandbox`: the document's scenarios plus `scenarios`. @public */
export const policySandboxRequestSchema = z.object({
  yaml: z.string().min(1).max(1_000_000),
  environment: dnsLabel,
  scenarios: z.array(policyScenarioSchema).max(500).optional(),
});

/** @public */
export type PolicySandboxRequest = z.infer<typeof policySandboxRequestSchema>;

/** `POST /policies/:name/test`: the stored version's scenarios plus `scenarios`. @public */
export const policyTestRequestSchema = z.object({
  environment: dnsLabel,
  version: z.number().int().min(1).optional(),
  scenarios: z.array(policyScenarioSchema).max(500).optional(),
});

/** @public */
export type PolicyTestRequest = z.infer<typeof policyTestRequestSchema>;

/** `POST /check-communication`: against the latest version of every stored policy. @public */
export const communicationCheckRequestSchema = z.object({
  environment: dnsLabel,
  from: dnsLabel,
  to: dnsLabel,
  port: z.number().int().min(1).max(65535),
});

/** @public */
export type CommunicationCheckRequest = z.infer<
  typeof communicationCheckRequestSchema
>;

/** `POST /policies/:name/apply`; latest version when `version` is absent. @public */
export const policyApplyRequestSchema = z.object({
  environment: dnsLabel,
  version: z.number().int().min(1).optional(),
  /** Only the server-side dry run; nothing is recorded. */
  dryRun: z.boolean().optional(),
  message: messageSchema,
});

/** @public */
export type PolicyApplyRequest = z.infer<typeof policyApplyRequestSchema>;

/** `POST /policies/:name/rollback`: apply an older version again. @public */
export const policyRollbackRequestSchema = z.object({
  environment: dnsLabel,
  toVersion: z.number().int().min(1),
  message: messageSchema,
});

/** @public */
export type PolicyRollbackRequest = z.infer<typeof policyRollbackRequestSchema>;

/** A catalog service the policy builder knows. @public */
export interface PolicyServiceInfo {
  /** `idp-platform/service-id`, else the entity name. */
  service: string;
  entityRef: string;
  title?: string;
  tier?: PolicyTier;
  owner?: string;
  /** Services this one depends on in the catalog (`dependsOn`), for the service map. */
  dependsOn: string[];
}

/** What is applied in one environment. @public */
export interface PolicyEnvironmentState {
  environment: string;
  protected: boolean;
  /** Version last applied successfully; absent when never applied. */
  appliedVersion?: number;
  appliedAt?: string;
  appliedBy?: string;
  /** Open change request waiting for approvals, if any. */
  pendingChangeRequestId?: string;
}

/** @public */
export interface PolicySummary {
  name: string;
  source: string;
  entityRef?: string;
  description?: string;
  version: number;
  updatedAt: string;
  updatedBy: string;
  environments: PolicyEnvironmentState[];
}

/** @public */
export interface PolicyView extends PolicySummary {
  yaml: string;
  document: ServiceCommunicationPolicy;
}

/** One stored version. @public */
export interface PolicyVersion {
  name: string;
  version: number;
  author: string;
  message?: string;
  createdAt: string;
}

/** @public */
export interface PolicyVersionView extends PolicyVersion {
  yaml: string;
  document: ServiceCommunicationPolicy;
}

/** A validation finding, with the line of the YAML it comes from. @public */
export interface PolicyProblem {
  severity: 'error' | 'warning';
  /** Stable code such as `unknown-service`, `contradiction`, `unreachable-rule`, `schema`. */
  code: string;
  message: string;
  /** Path in the document, e.g. `spec.destinations.1.service`. */
  path: string;
  /** 1-based line in the YAML, when known. */
  line?: number;
}

/** @public */
export interface PolicyValidationResult {
  valid: boolean;
  problems: PolicyProblem[];
  /** Parsed document, when the YAML matched the schema. */
  document?: ServiceCommunicationPolicy;
}

/** One compiled object, typed as Kubernetes JSON. @public */
export interface PolicyCompiledObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** Output of the compiler for one environment, deterministic (sorted). @public */
export interface PolicyCompileResult {
  policy: string;
  environment: string;
  version?: number;
  /** Strict mode of the environment (see `idp.policy.environments`). */
  strict: boolean;
  objects: PolicyCompiledObject[];
  /** All objects as one multi-document YAML. */
  yaml: string;
  /** OPA Rego module for rules Istio cannot express; absent when none. */
  rego?: string;
  problems: PolicyProblem[];
}

/** Outcome of one scenario. @public */
export interface PolicyScenarioResult {
  scenario: PolicyScenario;
  decision: 'allow' | 'deny';
  passed: boolean;
  /** How the evaluator decided, e.g. `DENY policy x rule 0 matched`. */
  reason: string;
  /** Compiled object that decided, if any (`Kind/name`). */
  decidedBy?: string;
}

/** @public */
export interface PolicySandboxResult {
  policy: string;
  environment: string;
  passed: boolean;
  results: PolicyScenarioResult[];
  /** Scenarios skipped because they name other environments. */
  skipped: string[];
}

/** @public */
export interface CommunicationCheckResult {
  environment: string;
  from: string;
  to: string;
  port: number;
  allowed: boolean;
  reason: string;
  decidedBy?: string;
}

/** A caller reaching a workload on a port. @public */
export interface PolicyAccessPair {
  from: string;
  to: string;
  port?: number;
  /** Request-level restrictions (JWT, paths) apply on top. */
  conditional?: boolean;
}

/** Who gains or loses access compared with what the cluster holds. @public */
export interface PolicyImpactReport {
  policy: string;
  environment: string;
  version: number;
  /** Version recorded as applied, if any. */
  appliedVersion?: number;
  gained: PolicyAccessPair[];
  lost: PolicyAccessPair[];
  unchanged: PolicyAccessPair[];
  /** Objects that would be created / changed / stay identical / be deleted (no longer in this version). */
  objects: {
    kind: string;
    name: string;
    namespace: string;
    change: 'create' | 'update' | 'unchanged' | 'delete';
  }[];
}

/** One object across environments. @public */
export interface PolicyComparisonRow {
  kind: string;
  name: string;
  /** Per environment: the compiled object's YAML (absent when not produced there). */
  cells: Record<string, { yaml?: string }>;
  differs: boolean;
}

/** @public */
export interface PolicyEnvironmentComparison {
  policy: string;
  version: number;
  environments: PolicyEnvironmentState[];
  rows: PolicyComparisonRow[];
}

/** One apply (or rollback) of a version to an environment. @public */
export interface PolicyApplyRecord {
  id: string;
  policy: string;
  environment: string;
  version: number;
  kind: 'apply' | 'rollback';
  status: 'applied' | 'failed';
  cluster: string;
  namespace: string;
  objects: {
    apiVersion: string;
    kind: string;
    namespace: string;
    name: string;
  }[];
  error?: string;
  appliedBy: string;
  appliedAt: string;
  changeRequestId?: string;
  message?: string;
}

/** Outcome of apply and rollback. @public */
export type PolicyApplyOutcome =
  | {
      status: 'applied';
      record: PolicyApplyRecord;
      sandbox: PolicySandboxResult;
    }
  | {
      status: 'dry-run';
      objects: PolicyCompiledObject[];
      sandbox: PolicySandboxResult;
    }
  | {
      status: 'pending-approval';
      changeRequest: {
        id: string;
        environment: string;
        requiredApprovals: number;
      };
      sandbox: PolicySandboxResult;
    };

/** `POST /import/web-application`: the converted policy, not stored. @public */
export interface PolicyImportResult {
  yaml: string;
  document: ServiceCommunicationPolicy;
  problems: PolicyProblem[];
}

/** Change-request `kind` of policy applies. @public */
export const POLICY_CHANGE_REQUEST_KIND = 'policy-apply';

/** Channel on which the backend announces applies and rollbacks. @public */
export const POLICY_APPLY_SIGNAL_CHANNEL = 'policy:apply';

/** Message on {@link POLICY_APPLY_SIGNAL_CHANNEL}. @public */
export type PolicyApplySignal = {
  policy: string;
  environment: string;
  version: number;
  status: 'applied' | 'failed' | 'pending-approval';
};
