import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormLabel from '@material-ui/core/FormLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import {
  FindingStatus,
  Severity,
} from '@idp-platform/backstage-plugin-idp-common';
import { SEVERITIES_BY_URGENCY } from '../SeverityCounts';

/** The filters of the findings table; empty values mean "any". */
export interface FindingFilterValues {
  severity: Severity[];
  status: FindingStatus | '';
  scanner: string;
  text: string;
}

/** Open findings of every severity, any scanner. */
export const DEFAULT_FINDING_FILTERS: FindingFilterValues = {
  severity: [],
  status: 'open',
  scanner: '',
  text: '',
};

const capitalised = (value: string) =>
  value.charAt(0).toUpperCase() + value.slice(1);

/** Severity checkboxes, status, scanner and a text search. */
export function FindingFilters(props: {
  value: FindingFilterValues;
  scanners: string[];
  onChange: (value: FindingFilterValues) => void;
}) {
  const { value, onChange } = props;
  const toggleSeverity = (severity: Severity, checked: boolean) =>
    onChange({
      ...value,
      severity: checked
        ? [...value.severity, severity]
        : value.severity.filter(s => s !== severity),
    });

  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="flex-end"
      style={{ gap: 16 }}
    >
      <FormControl component="fieldset">
        <FormLabel component="legend">Severity</FormLabel>
        <FormGroup row>
          {SEVERITIES_BY_URGENCY.map(severity => (
            <FormControlLabel
              key={severity}
              label={capitalised(severity)}
              control={
                <Checkbox
                  size="small"
                  checked={value.severity.includes(severity)}
                  onChange={event =>
                    toggleSeverity(severity, event.target.checked)
                  }
                />
              }
            />
          ))}
        </FormGroup>
      </FormControl>
      <TextField
        select
        id="security-filter-status"
        label="Status"
        value={value.status}
        onChange={event =>
          onChange({
            ...value,
            status: event.target.value as FindingFilterValues['status'],
          })
        }
        style={{ minWidth: 120 }}
      >
        <MenuItem value="">Any</MenuItem>
        <MenuItem value="open">Open</MenuItem>
        <MenuItem value="fixed">Fixed</MenuItem>
      </TextField>
      <TextField
        select
        id="security-filter-scanner"
        label="Scanner"
        value={value.scanner}
        onChange={event => onChange({ ...value, scanner: event.target.value })}
        style={{ minWidth: 140 }}
      >
        <MenuItem value="">Any</MenuItem>
        {props.scanners.map(scanner => (
          <MenuItem key={scanner} value={scanner}>
            {scanner}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        id="security-filter-text"
        label="Search findings"
        placeholder="CVE, title, package or location"
        value={value.text}
        onChange={event => onChange({ ...value, text: event.target.value })}
        style={{ minWidth: 260 }}
      />
    </Box>
  );
}
