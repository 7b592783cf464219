import { z } from 'zod';
import { featureFlagSchema } from './featureFlags';

/** `apiVersion` of an ApplicationConfiguration document. @public */
export const APPLICATION_CONFIGURATION_API_VERSION = 'idp-platform.io/v1alpha1';

/** `kind` of an ApplicationConfiguration document. @public */
export const APPLICATION_CONFIGURATION_KIND = 'ApplicationConfiguration';

/**
 * The layers of a configuration, lowest precedence first. The effective
 * configuration of an environment merges them in this order.
 *
 * @public
 */
export const CONFIG_LAYERS = [
  'global',
  'environment',
  'application',
  'application-environment',
] as const;

/** @public */
export type ConfigLayer = (typeof CONFIG_LAYERS)[number];

/** A JSON value. @public */
export type ConfigJsonValue =
  | string
  | number
  | boolean
  | null
  | ConfigJsonValue[]
  | { [key: string]: ConfigJsonValue };

/** A tree of configuration keys: nested objects with values at the leaves. @public */
export type ConfigTree = { [key: string]: ConfigJsonValue };

/** @public */
export const configJsonValueSchema: z.ZodType<ConfigJsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(configJsonValueSchema),
    z.record(configJsonValueSchema),
  ]),
);

/** @public */
export const configTreeSchema: z.ZodType<ConfigTree> = z.record(
  configJsonValueSchema,
);

/**
 * Where a secret lives in an external store. The value itself never reaches
 * the configuration manager; it is rendered as an External Secrets Operator
 * `ExternalSecret` entry.
 *
 * @public
 */
export const secretReferenceSchema = z
  .object({
    /** Name of the SecretStore (or ClusterSecretStore) that holds the secret. */
    store: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS subdomain'),
    /** Key of the secret in the external store, e.g. `payments/db`. */
    key: z.string().min(1),
    /** Property inside a structured secret, e.g. `password`. */
    property: z.string().min(1).optional(),
    /** Version of the secret in the external store. */
    version: z.string().min(1).optional(),
  })
  .strict();

/** @public */
export type SecretReference = z.infer<typeof secretReferenceSchema>;

/** A configuration value that refers to a secret: `{ secretRef: {...} }`. @public */
export const secretRefValueSchema = z
  .object({ secretRef: secretReferenceSchema })
  .strict();

/** @public */
export type SecretRefValue = z.infer<typeof secretRefValueSchema>;

/**
 * Whether a value is meant as a secret reference (an object with a
 * `secretRef` key), valid or not.
 *
 * @public
 */
export function isSecretRefValue(value: unknown): value is SecretRefValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    'secretRef' in value
  );
}

/** A DNS label of at most 40 characters, so `<name>-config-<hash>` stays a valid name. @public */
export const configApplicationNameSchema = z
  .string()
  .max(40, 'must be at most 40 characters')
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a DNS label');

/** How a delivered configuration reaches the running workload. @public */
export const CONFIG_DELIVERY_STRATEGIES = [
  /** Point the Deployment at the new ConfigMap, which rolls its pods. */
  'rollout',
  /** Annotate the Deployment with the new ConfigMap name for an in-process reload. */
  'hot-reload',
  /** Only apply the ConfigMap and ExternalSecrets. */
  'none',
] as const;

/** @public */
export type ConfigDeliveryStrategy =
  (typeof CONFIG_DELIVERY_STRATEGIES)[number];

/** @public */
export const configDeliverySchema = z
  .object({
    /** Name of the Deployment that reads the configuration. */
    workload: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a DNS subdomain')
      .optional(),
    strategy: z.enum(CONFIG_DELIVERY_STRATEGIES).default('none'),
  })
  .strict();

/** @public */
export type ConfigDelivery = z.infer<typeof configDeliverySchema>;

/** The versioned part of an application configuration. @public */
export const applicationConfigurationSpecSchema = z
  .object({
    /** JSON Schema (draft 2020-12 or 07) of the effective configuration. */
    schema: z.record(z.unknown()).optional(),
    /** Application layer: values shared by every environment. */
    values: configTreeSchema.default({}),
    /** Application-per-environment layer. */
    environments: z.record(configTreeSchema).default({}),
    flags: z.record(featureFlagSchema).default({}),
    delivery: configDeliverySchema.optional(),
  })
  .strict();

/** @public */
export type ApplicationConfigurationSpec = z.infer<
  typeof applicationConfigurationSpecSchema
>;

/**
 * The ApplicationConfiguration YAML document, as imported and exported.
 *
 * @public
 */
export const applicationConfigurationSchema = z.object({
  apiVersion: z.literal(APPLICATION_CONFIGURATION_API_VERSION),
  kind: z.literal(APPLICATION_CONFIGURATION_KIND),
  metadata: z
    .object({
      name: configApplicationNameSchema,
      /** Entity ref of the catalog entity, e.g. `component:default/payments-api`. */
      application: z.string().min(1),
      description: z.string().max(2000).optional(),
    })
    .strict(),
  spec: applicationConfigurationSpecSchema,
});

/** @public */
export type ApplicationConfiguration = z.infer<
  typeof applicationConfigurationSchema
>;
