import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import ButtonBase from '@material-ui/core/ButtonBase';
import { alpha, makeStyles } from '@material-ui/core/styles';
import { EmptyState } from '@backstage/core-components';
import {
  ConfigComparisonRow,
  ConfigEnvironmentComparison,
  Environment,
} from '@idp-platform/backstage-plugin-idp-common';
import { EnvironmentChip } from '@idp-platform/backstage-plugin-idp-react';
import { useMemo, useState } from 'react';
import { ConfigValue } from './ConfigValue';
import { describeConfigLayer } from './describeConfigLayer';

const useStyles = makeStyles(theme => ({
  key: {
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    whiteSpace: 'nowrap',
  },
  differs: {
    backgroundColor: alpha(theme.palette.warning.main, 0.15),
  },
  cellButton: {
    display: 'block',
    width: '100%',
    textAlign: 'left',
    padding: theme.spacing(0.5),
    borderRadius: theme.shape.borderRadius,
    '&:hover': { backgroundColor: theme.palette.action.hover },
  },
  unset: {
    color: theme.palette.text.secondary,
    fontStyle: 'italic',
  },
}));

/** Props of {@link ComparisonGrid}. */
export interface ComparisonGridProps {
  comparison: ConfigEnvironmentComparison;
  environments: Environment[];
  /** Opens the editor for a key in an environment; absent when the user may not write. */
  onEdit?: (key: string, environment: string) => void;
}

const PAGE_SIZES = [25, 50, 100];

/**
 * Keys down, environments across. Cells of keys that differ between
 * environments are highlighted, each value names its source layer on hover,
 * and secret references show as a lock chip with their store and key.
 */
export function ComparisonGrid(props: ComparisonGridProps) {
  const { comparison, environments, onEdit } = props;
  const classes = useStyles();
  const [search, setSearch] = useState('');
  const [onlyDifferences, setOnlyDifferences] = useState(false);
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(PAGE_SIZES[0]);

  const rows = useMemo(
    () =>
      comparison.rows.filter(
        row =>
          (!onlyDifferences || row.differs) &&
          row.key.toLocaleLowerCase().includes(search.toLocaleLowerCase()),
      ),
    [comparison.rows, onlyDifferences, search],
  );
  const environmentOf = (name: string) =>
    environments.find(e => e.name === name);
  const differing = comparison.rows.filter(row => row.differs).length;

  const cell = (row: ConfigComparisonRow, environment: string) => {
    const value = row.cells[environment];
    const content = value?.present ? (
      <ConfigValue value={value.value} />
    ) : (
      <Typography variant="body2" className={classes.unset}>
        not set
      </Typography>
    );
    const described =
      value?.present && value.source ? (
        <Tooltip title={describeConfigLayer(value.source, environment)}>
          <span>{content}</span>
        </Tooltip>
      ) : (
        content
      );
    return (
      <TableCell
        key={environment}
        className={row.differs ? classes.differs : undefined}
        data-differs={row.differs || undefined}
      >
        {onEdit ? (
          <ButtonBase
            className={classes.cellButton}
            aria-label={`Edit ${row.key} in ${environment}`}
            onClick={() => onEdit(row.key, environment)}
          >
            {described}
          </ButtonBase>
        ) : (
          described
        )}
      </TableCell>
    );
  };

  if (comparison.rows.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="No configuration keys yet"
        description="Add a key to the application layer or to one environment."
      />
    );
  }

  return (
    <>
      <Box display="flex" alignItems="center" mb={1} style={{ gap: 16 }}>
        <TextField
          label="Filter keys"
          value={search}
          onChange={event => {
            setPage(0);
            setSearch(event.target.value);
          }}
        />
        <FormControlLabel
          control={
            <Switch
              checked={onlyDifferences}
              onChange={event => {
                setPage(0);
                setOnlyDifferences(event.target.checked);
              }}
            />
          }
          label={`Only differences (${differing})`}
        />
      </Box>
      <TableContainer>
        <Table size="small" aria-label="Configuration by environment">
          <TableHead>
            <TableRow>
              <TableCell>Key</TableCell>
              {comparison.environments.map(name => {
                const environment = environmentOf(name);
                return (
                  <TableCell key={name} aria-label={name}>
                    {environment ? (
                      <EnvironmentChip environment={environment} />
                    ) : (
                      name
                    )}
                  </TableCell>
                );
              })}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.slice(page * pageSize, (page + 1) * pageSize).map(row => (
              <TableRow key={row.key}>
                <TableCell component="th" scope="row">
                  <span className={classes.key}>{row.key}</span>
                  {row.differs && (
                    <Box component="span" ml={1}>
                      <Chip size="small" label="differs" />
                    </Box>
                  )}
                </TableCell>
                {comparison.environments.map(name => cell(row, name))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {rows.length === 0 && (
        <Typography variant="body2" style={{ padding: 16 }}>
          No key matches the filter.
        </Typography>
      )}
      {rows.length > PAGE_SIZES[0] && (
        <TablePagination
          component="div"
          count={rows.length}
          page={page}
          rowsPerPage={pageSize}
          rowsPerPageOptions={PAGE_SIZES}
          onPageChange={(_event, next) => setPage(next)}
          onRowsPerPageChange={event => {
            setPage(0);
            setPageSize(Number(event.target.value));
          }}
        />
      )}
    </>
  );
}
