import { z } from 'zod';

/** The `$schema` of a flagd flag configuration. @public */
export const FLAGD_SCHEMA_URL = 'https://flagd.dev/schema/v0/flags.json';

/** Kinds of feature flag: on/off, or one of several variants. @public */
export const FEATURE_FLAG_TYPES = ['boolean', 'variant'] as const;

/** @public */
export type FeatureFlagType = (typeof FEATURE_FLAG_TYPES)[number];

const variantValueSchema = z.union([
  z.boolean(),
  z.string(),
  z.number(),
  z.record(z.unknown()),
]);

/** A share of the traffic that gets one variant. @public */
export const featureFlagRolloutSchema = z.object({
  variant: z.string().min(1),
  percentage: z.number().int().min(0).max(100),
});

/** How a flag behaves in one environment. @public */
export const featureFlagEnvironmentSchema = z
  .object({
    state: z.enum(['ENABLED', 'DISABLED']),
    /** Overrides the flag's default variant in this environment. */
    defaultVariant: z.string().min(1).optional(),
    /** Percentage rollout; the percentages add up to 100. */
    rollout: z.array(featureFlagRolloutSchema).min(1).optional(),
  })
  .strict()
  .superRefine((environment, ctx) => {
    if (!environment.rollout) return;
    const total = environment.rollout.reduce((sum, r) => sum + r.percentage, 0);
    if (total !== 100) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['rollout'],
        message: `percentages must add up to 100, not ${total}`,
      });
    }
  });

/** @public */
export type FeatureFlagEnvironment = z.infer<
  typeof featureFlagEnvironmentSchema
>;

/**
 * A feature flag with its variants and per-environment state and rollout,
 * exported per environment in flagd's format.
 *
 * @public
 */
export const featureFlagSchema = z
  .object({
    type: z.enum(FEATURE_FLAG_TYPES),
    description: z.string().max(1000).optional(),
    /** For boolean flags defaults to `{ on: true, off: false }`. */
    variants: z.record(variantValueSchema).optional(),
    defaultVariant: z.string().min(1),
    /** Environments left out do not get the flag at all. */
    environments: z.record(featureFlagEnvironmentSchema).default({}),
  })
  .strict()
  .superRefine((flag, ctx) => {
    const variants = flag.variants ?? {};
    const names =
      flag.type === 'boolean' && !flag.variants
        ? ['on', 'off']
        : Object.keys(variants);
    if (flag.type === 'variant' && names.length < 2) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['variants'],
        message: 'a variant flag needs at least two variants',
      });
    }
    const types = new Set(Object.values(variants).map(value => typeof value));
    if (flag.type === 'boolean' && [...types].some(t => t !== 'boolean')) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['variants'],
        message: 'the variants of a boolean flag must be true or false',
      });
    }
    if (types.size > 1) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['variants'],
        message: 'all variants must have the same type',
      });
    }
    const known = (variant: string, path: (string | number)[]) => {
      if (!names.includes(variant)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path,
          message: `"${variant}" is not one of the variants ${names.join(
            ', ',
          )}`,
        });
      }
    };
    known(flag.defaultVariant, ['defaultVariant']);
    for (const [environment, settings] of Object.entries(flag.environments)) {
      if (settings.defaultVariant) {
        known(settings.defaultVariant, [
          'environments',
          environment,
          'defaultVariant',
        ]);
      }
      settings.rollout?.forEach((share, index) =>
        known(share.variant, [
          'environments',
          environment,
          'rollout',
          index,
          'variant',
        ]),
      );
    }
  });

/** @public */
export type FeatureFlag = z.infer<typeof featureFlagSchema>;

/** A key of a feature flag. @public */
export const featureFlagKeySchema = z
  .string()
  .regex(
    /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/,
    'must be letters, digits, dots, dashes or underscores',
  );

/** One flag in flagd's format. @public */
export interface FlagdFlag {
  state: 'ENABLED' | 'DISABLED';
  variants: Record<string, unknown>;
  defaultVariant: string;
  targeting?: Record<string, unknown>;
}

/** A flagd flag configuration (`flags.json`). @public */
export interface FlagdConfiguration {
  $schema: typeof FLAGD_SCHEMA_URL;
  flags: Record<string, FlagdFlag>;
}
