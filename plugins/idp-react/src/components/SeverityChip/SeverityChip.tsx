import Chip from '@material-ui/core/Chip';
import type { Severity } from '@idp-platform/backstage-plugin-idp-common';

/**
 * Props of {@link SeverityChip}.
 *
 * @public
 */
export interface SeverityChipProps {
  severity: Severity;
  /** Text to show instead of the capitalised severity. */
  label?: string;
  size?: 'small' | 'medium';
}

// Fixed colours rather than theme ones: five severities must stay distinct,
// and the theme has only three alarm colours.
const SEVERITY_COLORS: Record<
  Severity,
  { backgroundColor: string; color: string }
> = {
  critical: { backgroundColor: '#7f0000', color: '#ffffff' },
  high: { backgroundColor: '#d32f2f', color: '#ffffff' },
  medium: { backgroundColor: '#ef6c00', color: '#000000' },
  low: { backgroundColor: '#fbc02d', color: '#000000' },
  none: { backgroundColor: '#757575', color: '#ffffff' },
};

/**
 * A chip for a vulnerability severity, with a distinct colour for each of
 * critical, high, medium, low and none.
 *
 * @public
 */
export function SeverityChip(props: SeverityChipProps) {
  const { severity, label, size = 'small' } = props;
  return (
    <Chip
      size={size}
      label={label ?? severity.charAt(0).toUpperCase() + severity.slice(1)}
      style={SEVERITY_COLORS[severity]}
    />
  );
}
