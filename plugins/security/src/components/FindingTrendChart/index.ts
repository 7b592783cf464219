export { FindingTrendChart } from './FindingTrendChart';
