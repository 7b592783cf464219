export { PluginDetailsDrawer } from './PluginDetailsDrawer';
export type { PluginDetailsDrawerProps } from './PluginDetailsDrawer';
export { VerdictChip } from './VerdictChip';
export { CompatibilityReasons } from './CompatibilityReasons';
export { DependencyConflicts } from './DependencyConflicts';
