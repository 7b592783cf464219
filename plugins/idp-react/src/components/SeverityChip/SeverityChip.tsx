import Chip from '@material-ui/core/Chip';
import type { Severity } from '@idp-platform/backstage-plugin-idp-common';
import { severityColor } from './severityColor';

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
      style={severityColor(severity)}
    />
  );
}
