import {
  FeatureFlag,
  FeatureFlagType,
  featureFlagKeySchema,
  featureFlagSchema,
} from '@idp-platform/backstage-plugin-idp-common';

/** The flag dialog's fields for one flag in one environment, as typed. */
export interface FlagForm {
  key: string;
  type: FeatureFlagType;
  /** JSON object of variant name to value; empty for a boolean flag's on/off. */
  variantsText: string;
  defaultVariant: string;
  /** Whether the flag is set up in the environment at all. */
  inEnvironment: boolean;
  state: 'ENABLED' | 'DISABLED';
  /** `''` keeps the flag's default variant. */
  environmentDefaultVariant: string;
  useRollout: boolean;
  /** Percentage per variant name, as typed. */
  rollout: Record<string, string>;
  message: string;
}

/** The variant names of a flag, as the backend reads them. */
export function variantNamesOf(
  type: FeatureFlagType,
  variants: Record<string, unknown> | undefined,
): string[] {
  if (type === 'boolean' && !variants) return ['on', 'off'];
  return Object.keys(variants ?? {});
}

/** Reads the variants text; undefined when empty. */
export function parseVariants(text: string): {
  variants?: Record<string, unknown>;
  problem?: string;
} {
  if (!text.trim()) return {};
  try {
    const parsed = JSON.parse(text);
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      Array.isArray(parsed)
    ) {
      return { problem: 'variants: must be a JSON object of name to value' };
    }
    return { variants: parsed };
  } catch {
    return { problem: 'variants: is not valid JSON' };
  }
}

/**
 * The flag of the dialog's fields, changed in one environment and kept as
 * it was in the others, checked with the zod schema the backend uses.
 */
export function buildFeatureFlag(
  form: FlagForm,
  environment: string,
  existing: FeatureFlag | undefined,
): { flag?: FeatureFlag; problems: string[] } {
  const problems: string[] = [];
  const key = featureFlagKeySchema.safeParse(form.key.trim());
  if (!key.success) problems.push(`key: ${key.error.issues[0].message}`);
  const { variants, problem } = parseVariants(form.variantsText);
  if (problem) problems.push(problem);
  const environments = { ...(existing?.environments ?? {}) };
  if (form.inEnvironment) {
    const names = variantNamesOf(form.type, variants);
    environments[environment] = {
      state: form.state,
      ...(form.environmentDefaultVariant && {
        defaultVariant: form.environmentDefaultVariant,
      }),
      ...(form.useRollout && {
        rollout: names.map(variant => ({
          variant,
          percentage: Number(form.rollout[variant] || 0),
        })),
      }),
    };
  } else {
    delete environments[environment];
  }
  const result = featureFlagSchema.safeParse({
    type: form.type,
    ...(existing?.description && { description: existing.description }),
    ...(variants && { variants }),
    defaultVariant: form.defaultVariant,
    environments,
  });
  if (!result.success) {
    problems.push(
      ...result.error.issues.map(
        issue => `${issue.path.join('.') || 'flag'}: ${issue.message}`,
      ),
    );
  }
  if (problems.length || !result.success) return { problems };
  return { flag: result.data, problems };
}
