import type { Severity } from '@idp-platform/backstage-plugin-idp-common';

/**
 * The colours of a severity: a background and a text colour that reads on it.
 *
 * @public
 */
export interface SeverityColor {
  backgroundColor: string;
  color: string;
}

// Fixed colours rather than theme ones: five severities must stay distinct,
// and the theme has only three alarm colours.
const SEVERITY_COLORS: Record<Severity, SeverityColor> = {
  critical: { backgroundColor: '#7f0000', color: '#ffffff' },
  high: { backgroundColor: '#d32f2f', color: '#ffffff' },
  medium: { backgroundColor: '#ef6c00', color: '#000000' },
  low: { backgroundColor: '#fbc02d', color: '#000000' },
  none: { backgroundColor: '#757575', color: '#ffffff' },
};

/**
 * The colours {@link SeverityChip} shows a severity in, for anything else that
 * should read like its chip, such as a chart.
 *
 * @public
 */
export function severityColor(severity: Severity): SeverityColor {
  return SEVERITY_COLORS[severity];
}
