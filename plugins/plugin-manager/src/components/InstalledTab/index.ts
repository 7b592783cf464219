export { InstalledTab } from './InstalledTab';
export type { InstalledTabProps } from './InstalledTab';
