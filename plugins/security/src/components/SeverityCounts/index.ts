export { SeverityCounts, SEVERITIES_BY_URGENCY } from './SeverityCounts';
