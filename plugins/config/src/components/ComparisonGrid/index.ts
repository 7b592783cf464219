export { ComparisonGrid } from './ComparisonGrid';
