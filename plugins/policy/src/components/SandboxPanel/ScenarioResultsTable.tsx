import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  PolicyScenario,
  PolicySandboxResult,
} from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';

function describeScenario(scenario: PolicyScenario) {
  if (scenario.kind === 'communication') {
    return `${scenario.from} → ${scenario.to}:${scenario.port}`;
  }
  const caller = scenario.request.from ? ` from ${scenario.request.from}` : '';
  const target = scenario.request.to ? ` to ${scenario.request.to}` : '';
  const claims = scenario.claims
    ? ` with ${Object.entries(scenario.claims)
        .map(([claim, value]) => `${claim}=${[value].flat().join('|')}`)
        .join(', ')}`
    : ' without a token';
  return `${scenario.request.method} ${scenario.request.path}${target}${caller}${claims}`;
}

/** One row per scenario: what it asks, what it expects, what happened, pass or fail. */
export function ScenarioResultsTable(props: {
  result: PolicySandboxResult;
  label?: string;
}) {
  const { result, label } = props;
  return (
    <>
      <Table size="small" aria-label={label ?? 'Scenario results'}>
        <TableHead>
          <TableRow>
            <TableCell>Scenario</TableCell>
            <TableCell>Checks</TableCell>
            <TableCell>Expected</TableCell>
            <TableCell>Decision</TableCell>
            <TableCell>Result</TableCell>
            <TableCell>Why</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {result.results.map((entry, index) => (
            <TableRow key={index}>
              <TableCell>{entry.scenario.name}</TableCell>
              <TableCell>{describeScenario(entry.scenario)}</TableCell>
              <TableCell>{entry.scenario.expect}</TableCell>
              <TableCell>{entry.decision}</TableCell>
              <TableCell>
                <StatusChip
                  status={entry.passed ? 'passed' : 'failed'}
                  label={entry.passed ? 'Pass' : 'Fail'}
                />
              </TableCell>
              <TableCell>
                {entry.reason}
                {entry.decidedBy && (
                  <Typography variant="caption" display="block">
                    {entry.decidedBy}
                  </Typography>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {result.skipped.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          Skipped in {result.environment}: {result.skipped.join(', ')}
        </Typography>
      )}
    </>
  );
}

/** "All 3 scenarios pass" or "1 of 3 scenarios fails". */
export function describeSandboxResult(result: PolicySandboxResult) {
  const total = result.results.length;
  const failed = result.results.filter(r => !r.passed).length;
  if (total === 0) return `No scenarios run in ${result.environment}`;
  if (failed === 0)
    return `All ${total} ${
      total === 1 ? 'scenario passes' : 'scenarios pass'
    } in ${result.environment}`;
  return `${failed} of ${total} ${
    total === 1 ? 'scenario fails' : 'scenarios fail'
  } in ${result.environment}`;
}
