import {
  SEVERITIES,
  Severity,
  severityFromCvss,
} from '@idp-platform/backstage-plugin-idp-common';

const LABELS: Record<string, Severity> = {
  critical: 'critical',
  high: 'high',
  important: 'high',
  medium: 'medium',
  moderate: 'medium',
  low: 'low',
  negligible: 'low',
  info: 'none',
  informational: 'none',
  none: 'none',
  unknown: 'none',
};

/**
 * The severity of a finding: from the CVSS(-like) score when the scanner gave
 * one, otherwise from the scanner's own label.
 */
export function resolveSeverity(
  score: number | undefined,
  label: string | undefined,
): Severity {
  if (
    score !== undefined &&
    Number.isFinite(score) &&
    score >= 0 &&
    score <= 10
  ) {
    return severityFromCvss(score);
  }
  const normalized = label?.trim().toLowerCase();
  if (normalized && normalized in LABELS) return LABELS[normalized];
  return (SEVERITIES as readonly string[]).includes(normalized ?? '')
    ? (normalized as Severity)
    : 'none';
}
