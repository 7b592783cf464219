export { SecurityDashboard } from './SecurityDashboard';
export { LegacySecurityPage } from './LegacySecurityPage';
