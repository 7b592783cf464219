export { SandboxPanel } from './SandboxPanel';
export {
  ScenarioResultsTable,
  describeSandboxResult,
} from './ScenarioResultsTable';
