import { useApi } from '@backstage/core-plugin-api';
import { EmptyState } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  Environment,
  PolicyCompileResult,
  PolicySandboxResult,
  policyReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { describeBackendError } from '@idp-platform/backstage-plugin-idp-react';
import { useState } from 'react';
import { policyApiRef } from '../../api';
import { EnvironmentSelect } from '../EnvironmentSelect';
import {
  ScenarioResultsTable,
  describeSandboxResult,
} from './ScenarioResultsTable';

/** Props of {@link SandboxPanel}. */
export interface SandboxPanelProps {
  /** The policy being edited, saved or not. */
  text: string;
  environments: Environment[];
}

/**
 * Runs the edited policy's scenarios in an environment without storing or
 * applying anything, and shows pass or fail per scenario; also shows what the
 * policy compiles to there.
 */
export function SandboxPanel(props: SandboxPanelProps) {
  const { text, environments } = props;
  const api = useApi(policyApiRef);
  const [environment, setEnvironment] = useState(environments[0]?.name ?? '');
  const [running, setRunning] = useState<'scenarios' | 'compile'>();
  const [result, setResult] = useState<PolicySandboxResult>();
  const [compiled, setCompiled] = useState<PolicyCompileResult>();
  const [error, setError] = useState<string>();

  const run = async (what: 'scenarios' | 'compile') => {
    setRunning(what);
    setError(undefined);
    try {
      if (what === 'scenarios') {
        setResult(await api.sandbox({ yaml: text, environment }));
      } else {
        setCompiled(await api.compile(text, environment));
      }
    } catch (failure) {
      setError(
        describeBackendError(failure as Error, {
          permission: policyReadPermission,
        }),
      );
    } finally {
      setRunning(undefined);
    }
  };

  return (
    <Box>
      <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
        <EnvironmentSelect
          environments={environments}
          value={environment}
          onChange={value => {
            setEnvironment(value);
            setResult(undefined);
            setCompiled(undefined);
          }}
        />
        <Button
          variant="contained"
          color="primary"
          disabled={running !== undefined || !environment}
          onClick={() => run('scenarios')}
        >
          Run scenarios
        </Button>
        <Button
          variant="outlined"
          disabled={running !== undefined || !environment}
          onClick={() => run('compile')}
        >
          Show compiled objects
        </Button>
      </Box>
      {running && (
        <LinearProgress
          aria-label={
            running === 'scenarios' ? 'Running scenarios' : 'Compiling'
          }
        />
      )}
      {error && <Alert severity="error">{error}</Alert>}
      {!result && !running && !error && (
        <EmptyState
          missing="data"
          title="No scenarios run yet"
          description="Run the policy's scenarios to see whether each request or call is allowed or denied as expected, before anything is applied."
        />
      )}
      {result && (
        <Box mb={2}>
          <Alert severity={result.passed ? 'success' : 'error'}>
            {describeSandboxResult(result)}
          </Alert>
          <ScenarioResultsTable result={result} />
        </Box>
      )}
      {compiled && (
        <Box>
          <Typography variant="subtitle1" component="h3">
            Compiled for {compiled.environment}
            {compiled.strict ? ' (strict)' : ''}: {compiled.objects.length}{' '}
            objects
          </Typography>
          {compiled.problems.map((problem, index) => (
            <Alert
              key={index}
              severity={problem.severity === 'error' ? 'error' : 'warning'}
            >
              {problem.message}
            </Alert>
          ))}
          <pre aria-label="Compiled objects" style={{ overflowX: 'auto' }}>
            {compiled.yaml}
          </pre>
          {compiled.rego && (
            <pre aria-label="OPA Rego" style={{ overflowX: 'auto' }}>
              {compiled.rego}
            </pre>
          )}
        </Box>
      )}
    </Box>
  );
}
