import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { Environment } from '@idp-platform/backstage-plugin-idp-common';
import { useState } from 'react';

let selectCount = 0;

/** Props of {@link EnvironmentSelect}. */
export interface EnvironmentSelectProps {
  environments: Environment[];
  value: string;
  onChange: (environment: string) => void;
  disabled?: boolean;
  label?: string;
}

/** A choice of one configured environment, protected ones marked. */
export function EnvironmentSelect(props: EnvironmentSelectProps) {
  const { environments, value, onChange, disabled, label } = props;
  // The label names the select only through an id.
  const [id] = useState(() => `policy-environment-${(selectCount += 1)}`);
  return (
    <TextField
      select
      id={id}
      size="small"
      label={label ?? 'Environment'}
      value={value}
      disabled={disabled}
      onChange={event => onChange(event.target.value)}
      style={{ minWidth: 200 }}
    >
      {environments.map(environment => (
        <MenuItem key={environment.name} value={environment.name}>
          {environment.title ?? environment.name}
          {environment.protected ? ' (protected)' : ''}
        </MenuItem>
      ))}
    </TextField>
  );
}
