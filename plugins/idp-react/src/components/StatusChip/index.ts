export { StatusChip } from './StatusChip';
export type { StatusChipProps } from './StatusChip';
export { statusColorFamily } from './statusColorFamily';
export type { StatusColorFamily } from './statusColorFamily';
