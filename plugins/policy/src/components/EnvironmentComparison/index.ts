export { EnvironmentComparison } from './EnvironmentComparison';
