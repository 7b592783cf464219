import {
  FeatureFlag,
  FLAGD_SCHEMA_URL,
  FlagdConfiguration,
  FlagdFlag,
} from '@idp-platform/backstage-plugin-idp-common';

/** The variants of a flag; boolean flags default to `on` and `off`. */
export function variantsOf(flag: FeatureFlag): Record<string, unknown> {
  if (flag.variants) return flag.variants;
  return { on: true, off: false };
}

/**
 * One environment's flags in flagd's format. A percentage rollout becomes a
 * `fractional` targeting rule, bucketed by flagd's default of flag key and
 * targeting key. Flags not set up for the environment are left out, so adding
 * a flag for one environment changes no other environment's export.
 */
export function renderFlagdConfiguration(
  flags: Record<string, FeatureFlag>,
  environment: string,
): FlagdConfiguration {
  const rendered: Record<string, FlagdFlag> = {};
  for (const key of Object.keys(flags).sort()) {
    const flag = flags[key];
    const settings = flag.environments[environment];
    if (!settings) continue;
    const shares = (settings.rollout ?? []).filter(
      share => share.percentage > 0,
    );
    const defaultVariant =
      shares.length === 1
        ? shares[0].variant
        : settings.defaultVariant ?? flag.defaultVariant;
    rendered[key] = {
      state: settings.state,
      variants: variantsOf(flag),
      defaultVariant,
      ...(shares.length > 1 && {
        targeting: {
          fractional: shares.map(share => [share.variant, share.percentage]),
        },
      }),
    };
  }
  return { $schema: FLAGD_SCHEMA_URL, flags: rendered };
}
