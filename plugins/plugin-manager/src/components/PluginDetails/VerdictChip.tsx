import { CompatibilityVerdict } from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';

const VERDICTS: Record<
  CompatibilityVerdict,
  { status: string; label: string }
> = {
  compatible: { status: 'pass', label: 'Compatible' },
  'compatible-with-warnings': {
    status: 'degraded',
    label: 'Compatible with warnings',
  },
  incompatible: { status: 'fail', label: 'Incompatible' },
};

/** The verdict as a chip. */
export function VerdictChip(props: { verdict: CompatibilityVerdict }) {
  const { status, label } = VERDICTS[props.verdict];
  return <StatusChip status={status} label={label} />;
}
