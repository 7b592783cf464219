export { DiscoverTab } from './DiscoverTab';
export type { DiscoverTabProps } from './DiscoverTab';
