import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { alpha, makeStyles } from '@material-ui/core/styles';
import { Environment } from '@idp-platform/backstage-plugin-idp-common';
import { EnvironmentChip } from '@idp-platform/backstage-plugin-idp-react';
import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { policyApiRef } from '../../api';

const useStyles = makeStyles(
  theme => ({
    differs: {
      backgroundColor: alpha(theme.palette.warning.main, 0.12),
    },
    yaml: {
      margin: 0,
      fontSize: 12,
      whiteSpace: 'pre-wrap',
      wordBreak: 'break-word',
    },
  }),
  { name: 'IdpPolicyEnvironmentComparison' },
);

/** Props of {@link EnvironmentComparison}. */
export interface EnvironmentComparisonProps {
  name: string;
  version: number;
  environments: Environment[];
}

/**
 * The compiled objects of a version side by side, one column per
 * environment, with what each environment has applied; objects that differ
 * between environments are highlighted, and can be shown alone.
 */
export function EnvironmentComparison(props: EnvironmentComparisonProps) {
  const { name, version, environments } = props;
  const classes = useStyles();
  const api = useApi(policyApiRef);
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const comparison = useAsync(
    () => api.compare(name, undefined, version),
    [api, name, version],
  );

  if (comparison.loading) return <Progress />;
  if (comparison.error) return <ResponseErrorPanel error={comparison.error} />;
  const value = comparison.value!;
  const rows = value.rows.filter(row => !onlyDifferences || row.differs);
  const columns = value.environments.map(state => ({
    state,
    environment: environments.find(e => e.name === state.environment),
  }));

  return (
    <Box>
      <FormControlLabel
        control={
          <Switch
            checked={onlyDifferences}
            onChange={event => setOnlyDifferences(event.target.checked)}
          />
        }
        label="Only differences"
      />
      {rows.length === 0 ? (
        <EmptyState
          missing="data"
          title={
            onlyDifferences
              ? 'The environments get the same objects'
              : 'The policy compiles to no objects'
          }
        />
      ) : (
        <Box overflow="auto">
          <Table size="small" aria-label="Compiled objects by environment">
            <TableHead>
              <TableRow>
                <TableCell>Object</TableCell>
                {columns.map(({ state, environment }) => (
                  <TableCell key={state.environment}>
                    {environment ? (
                      <EnvironmentChip environment={environment} />
                    ) : (
                      state.environment
                    )}
                    <Typography variant="caption" display="block">
                      {state.appliedVersion
                        ? `applied: version ${state.appliedVersion}`
                        : 'not applied'}
                      {state.pendingChangeRequestId
                        ? `, change request ${state.pendingChangeRequestId} pending`
                        : ''}
                    </Typography>
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map(row => (
                <TableRow
                  key={`${row.kind}/${row.name}`}
                  className={row.differs ? classes.differs : undefined}
                >
                  <TableCell>
                    {row.kind}/{row.name}
                    {row.differs && (
                      <Typography variant="caption" display="block">
                        differs
                      </Typography>
                    )}
                  </TableCell>
                  {columns.map(({ state }) => (
                    <TableCell key={state.environment}>
                      {row.cells[state.environment]?.yaml ? (
                        <pre className={classes.yaml}>
                          {row.cells[state.environment].yaml}
                        </pre>
                      ) : (
                        <Typography variant="body2" color="textSecondary">
                          not produced
                        </Typography>
                      )}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
}
