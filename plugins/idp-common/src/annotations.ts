/**
 * The catalog annotations the IDP Platform reads, all under the
 * `idp-platform/` prefix.
 *
 * @public
 */
export const IDP_ANNOTATIONS = {
  /** Stable service identifier (a DNS label), used for workloads and policies. */
  serviceId: 'idp-platform/service-id',
  /** Absolute http(s) URL that answers 2xx when the service is healthy. */
  healthCheck: 'idp-platform/health-check',
  /** Cost center code, for example `CC-1042`. */
  costCenter: 'idp-platform/cost-center',
  /** Comma list of compliance regimes: soc2, gdpr, hipaa, pci-dss. */
  compliance: 'idp-platform/compliance',
  /** Container image repository without tag or digest, for example `ghcr.io/acme/payments`. */
  imageRepository: 'idp-platform/image-repository',
  /** Name of the promotion pipeline the component follows. */
  promotionPipeline: 'idp-platform/promotion-pipeline',
  /** Network tier used by the policy builder: frontend, backend, database or external. */
  policyTier: 'idp-platform/policy-tier',
  /** Name of the application configuration managed by the config plugin. */
  configName: 'idp-platform/config-name',
  /** Name of the MCP server (server.json `name`) this entity hosts or describes. */
  mcpServer: 'idp-platform/mcp-server',
} as const;

/** @public */
export type IdpAnnotationKey =
  (typeof IDP_ANNOTATIONS)[keyof typeof IDP_ANNOTATIONS];

/** The prefix shared by every IDP annotation. @public */
export const IDP_ANNOTATION_PREFIX = 'idp-platform/';

/** Compliance regimes accepted in `idp-platform/compliance`. @public */
export const COMPLIANCE_REGIMES = ['soc2', 'gdpr', 'hipaa', 'pci-dss'] as const;

/** @public */
export type ComplianceRegime = (typeof COMPLIANCE_REGIMES)[number];

/** Network tiers accepted in `idp-platform/policy-tier`. @public */
export const POLICY_TIERS = [
  'frontend',
  'backend',
  'database',
  'external',
] as const;

/** @public */
export type PolicyTier = (typeof POLICY_TIERS)[number];
