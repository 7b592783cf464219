export { PolicyContent } from './PolicyPage';
export { LegacyPolicyPage } from './LegacyPolicyPage';
