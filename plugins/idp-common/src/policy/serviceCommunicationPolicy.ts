import { z } from 'zod';
import { POLICY_TIERS } from '../annotations';

/** `apiVersion` of every policy document. @public */
export const POLICY_API_VERSION = 'idp-platform.io/v1alpha1';

/** `kind` of a policy document. @public */
export const SERVICE_COMMUNICATION_POLICY_KIND = 'ServiceCommunicationPolicy';

/**
 * Placeholder accepted in claim values: replaced with the name of the
 * environment the policy is compiled for (tokens scoped to one environment).
 *
 * @public
 */
export const POLICY_ENVIRONMENT_PLACEHOLDER = '$environment';

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label')
  .max(63);

/** A service name as in `idp-platform/service-id` (a DNS label). @public */
export const policyServiceNameSchema = dnsLabel;

/** Protocols a destination port speaks. HTTP-like ones allow paths and methods. @public */
export const POLICY_PROTOCOLS = [
  'HTTP',
  'HTTP2',
  'GRPC',
  'TCP',
  'TLS',
] as const;

/** @public */
export type PolicyProtocol = (typeof POLICY_PROTOCOLS)[number];

/** @public */
export const policyPortSchema = z
  .object({
    port: z.number().int().min(1).max(65535),
    protocol: z.enum(POLICY_PROTOCOLS).default('HTTP'),
  })
  .strict();

/** @public */
export type PolicyPort = z.infer<typeof policyPortSchema>;

/** @public */
export const policyTierSchema = z.enum(POLICY_TIERS);

/**
 * A workload: a service, the service account its pods run as, and whether it
 * is in the Istio mesh (outside the mesh it is protected by NetworkPolicy).
 *
 * @public
 */
export const policyWorkloadSchema = z
  .object({
    service: policyServiceNameSchema,
    /** Defaults to the environment's namespace. */
    namespace: dnsLabel.optional(),
    /** Defaults to the service name. */
    serviceAccount: dnsLabel.optional(),
    /** Defaults to the catalog's `idp-platform/policy-tier` of the service. */
    tier: policyTierSchema.optional(),
    /** Whether the workload has an Istio sidecar; defaults to true. */
    mesh: z.boolean().optional(),
  })
  .strict();

/** @public */
export type PolicyWorkload = z.infer<typeof policyWorkloadSchema>;

const httpMethod = z.enum([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);

/** Path patterns as Istio accepts them: exact, `prefix*` or `*suffix`. @public */
export const policyPathSchema = z
  .string()
  .regex(/^(\*|\/[^*]*\*?|\*[^*]+)$/, 'must be /exact, /prefix* or *suffix');

/** A destination the source may call. @public */
export const communicationDestinationSchema = policyWorkloadSchema
  .extend({
    ports: z.array(policyPortSchema).min(1),
    /** HTTP paths the source may call; all when absent. */
    paths: z.array(policyPathSchema).min(1).optional(),
    methods: z.array(httpMethod).min(1).optional(),
  })
  .strict();

/** @public */
export type CommunicationDestination = z.infer<
  typeof communicationDestinationSchema
>;

/** A destination the source must never reach (compiled to a DENY policy). @public */
export const deniedDestinationSchema = policyWorkloadSchema
  .extend({
    /** All ports when absent. */
    ports: z.array(policyPortSchema).min(1).optional(),
  })
  .strict();

/** @public */
export type DeniedDestination = z.infer<typeof deniedDestinationSchema>;

/** @public */
export const communicationRestrictionsSchema = z
  .object({
    /** Block egress outside the cluster (NetworkPolicy egress to cluster only, plus DNS). */
    denyExternalServices: z.boolean().optional(),
    /** Let the monitoring namespaces (`idp.policy.monitoringNamespaces`) scrape the source. */
    allowMonitoringTools: z.boolean().optional(),
    /** Let the source reach the logging namespaces (`idp.policy.loggingNamespaces`). */
    allowLoggingAgents: z.boolean().optional(),
    /** Port the monitoring tools scrape; defaults to 9090. */
    metricsPort: z.number().int().min(1).max(65535).optional(),
  })
  .strict();

/** @public */
export type CommunicationRestrictions = z.infer<
  typeof communicationRestrictionsSchema
>;

/** One clock window, `HH:MM` to `HH:MM` in an IANA time zone; may wrap midnight. @public */
export const timeOfDaySchema = z
  .object({
    from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
    to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
    timeZone: z.string().min(1).default('UTC'),
  })
  .strict();

/** @public */
export type TimeOfDay = z.infer<typeof timeOfDaySchema>;

/**
 * One JWT access rule on the source service's inbound requests. `claims`
 * maps a claim name (`groups`, `environment`, `resources`, or any other) to
 * the values of which the token must carry at least one. Rules with
 * `timeOfDay` are enforced by OPA (Istio cannot express time).
 *
 * @public
 */
export const accessRuleSchema = z
  .object({
    name: dnsLabel,
    description: z.string().max(500).optional(),
    action: z.enum(['allow', 'deny']).default('allow'),
    claims: z
      .record(z.string().min(1), z.array(z.string().min(1)).min(1))
      .optional(),
    paths: z.array(policyPathSchema).min(1).optional(),
    methods: z.array(httpMethod).min(1).optional(),
    timeOfDay: timeOfDaySchema.optional(),
  })
  .strict();

/** @public */
export type AccessRule = z.infer<typeof accessRuleSchema>;

/** JWT validation (RequestAuthentication) plus the rules. @public */
export const accessRulesSchema = z
  .object({
    issuer: z.string().min(1),
    jwksUri: z.string().url(),
    audiences: z.array(z.string().min(1)).optional(),
    rules: z.array(accessRuleSchema).min(1),
  })
  .strict();

/** @public */
export type AccessRules = z.infer<typeof accessRulesSchema>;

/** A request to the source service, evaluated against the compiled rules. @public */
export const requestScenarioSchema = z
  .object({
    kind: z.literal('request'),
    name: z.string().min(1).max(200),
    /** Run only in these environments; every environment when absent. */
    environments: z.array(dnsLabel).min(1).optional(),
    /** The token's claims; no token when absent. */
    claims: z
      .record(z.string().min(1), z.union([z.string(), z.array(z.string())]))
      .optional(),
    request: z
      .object({
        method: httpMethod.default('GET'),
        path: z.string().startsWith('/'),
        /** Target service; defaults to the policy's source service (where its access rules apply). */
        to: policyServiceNameSchema.optional(),
        /** Calling service (in the mesh); an unauthenticated caller when absent. */
        from: policyServiceNameSchema.optional(),
        port: z.number().int().min(1).max(65535).optional(),
        /** Clock time for time-of-day rules, `HH:MM` in the rule's time zone; defaults to 12:00. */
        time: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')
          .optional(),
      })
      .strict(),
    expect: z.enum(['allow', 'deny']),
    /** Why this should be the outcome, for the reader. */
    reason: z.string().max(500).optional(),
  })
  .strict();

/** May service A call service B on port P? @public */
export const communicationScenarioSchema = z
  .object({
    kind: z.literal('communication'),
    name: z.string().min(1).max(200),
    environments: z.array(dnsLabel).min(1).optional(),
    from: policyServiceNameSchema,
    to: policyServiceNameSchema,
    port: z.number().int().min(1).max(65535),
    expect: z.enum(['allow', 'deny']),
    reason: z.string().max(500).optional(),
  })
  .strict();

/** @public */
export const policyScenarioSchema = z.discriminatedUnion('kind', [
  requestScenarioSchema,
  communicationScenarioSchema,
]);

/** @public */
export type PolicyScenario = z.infer<typeof policyScenarioSchema>;

/** @public */
export type RequestScenario = z.infer<typeof requestScenarioSchema>;

/** @public */
export type CommunicationScenario = z.infer<typeof communicationScenarioSchema>;

/**
 * The policy document, written in YAML:
 * `apiVersion: idp-platform.io/v1alpha1`, `kind: ServiceCommunicationPolicy`.
 *
 * @public
 */
export const serviceCommunicationPolicySchema = z
  .object({
    apiVersion: z.literal(POLICY_API_VERSION),
    kind: z.literal(SERVICE_COMMUNICATION_POLICY_KIND),
    metadata: z
      .object({
        name: dnsLabel,
        /** Catalog entity of the source service, e.g. `component:default/payments-api`. */
        entityRef: z.string().min(1).optional(),
        description: z.string().max(1000).optional(),
      })
      .strict(),
    spec: z
      .object({
        source: policyWorkloadSchema,
        destinations: z.array(communicationDestinationSchema).default([]),
        deniedDestinations: z.array(deniedDestinationSchema).default([]),
        restrictions: communicationRestrictionsSchema.default({}),
        accessRules: accessRulesSchema.optional(),
        scenarios: z.array(policyScenarioSchema).default([]),
      })
      .strict(),
  })
  .strict();

/** @public */
export type ServiceCommunicationPolicy = z.infer<
  typeof serviceCommunicationPolicySchema
>;

/**
 * The `spec.communication` block of a WebApplication, importable as a policy.
 * Destinations are `service` or `service:port` strings, or objects.
 *
 * @public
 */
export const webApplicationCommunicationSchema = z.object({
  allowedDestinations: z
    .array(
      z.union([
        z.string().min(1),
        z.object({
          service: policyServiceNameSchema,
          port: z.number().int().min(1).max(65535).optional(),
          protocol: z.enum(POLICY_PROTOCOLS).optional(),
        }),
      ]),
    )
    .default([]),
  deniedDestinations: z
    .array(
      z.union([
        z.string().min(1),
        z.object({
          service: policyServiceNameSchema,
          port: z.number().int().min(1).max(65535).optional(),
        }),
      ]),
    )
    .default([]),
});
