/**
 * Vulnerability severities from lowest to highest, as CVSS v3 ranks them.
 *
 * @public
 */
export const SEVERITIES = [
  'none',
  'low',
  'medium',
  'high',
  'critical',
] as const;

/** @public */
export type Severity = (typeof SEVERITIES)[number];

/**
 * Compares two severities: negative when `a` is lower than `b`.
 *
 * @public
 */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}

/**
 * The CVSS v3 qualitative rating of a base score (0.0 none, 0.1-3.9 low,
 * 4.0-6.9 medium, 7.0-8.9 high, 9.0-10.0 critical).
 *
 * @public
 */
export function severityFromCvss(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'none';
}
