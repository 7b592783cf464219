export { SeverityChip } from './SeverityChip';
export type { SeverityChipProps } from './SeverityChip';
export { severityColor } from './severityColor';
export type { SeverityColor } from './severityColor';
