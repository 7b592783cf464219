export {
  EnvironmentChip,
  describeEnvironmentProtection,
} from './EnvironmentChip';
export type { EnvironmentChipProps } from './EnvironmentChip';
export { EnvironmentChips } from './EnvironmentChips';
export type { EnvironmentChipsProps } from './EnvironmentChips';
