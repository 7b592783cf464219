import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import LinearProgress from '@material-ui/core/LinearProgress';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  ConfigChangeResult,
  FeatureFlag,
  configWritePermission,
} from '@idp-platform/backstage-plugin-idp-common';
import { useMemo, useState } from 'react';
import { configManagerApiRef } from '../../api';
import {
  describeBackendError,
  isConflictError,
} from '@idp-platform/backstage-plugin-idp-react';
import {
  FlagForm,
  buildFeatureFlag,
  parseVariants,
  variantNamesOf,
} from './buildFeatureFlag';

function initialForm(
  key: string | undefined,
  flag: FeatureFlag | undefined,
  environment: string,
): FlagForm {
  const settings = flag?.environments[environment];
  return {
    key: key ?? '',
    type: flag?.type ?? 'boolean',
    variantsText: flag?.variants ? JSON.stringify(flag.variants) : '',
    defaultVariant: flag?.defaultVariant ?? 'off',
    inEnvironment: flag ? Boolean(settings) : true,
    state: settings?.state ?? 'ENABLED',
    environmentDefaultVariant: settings?.defaultVariant ?? '',
    useRollout: Boolean(settings?.rollout),
    rollout: Object.fromEntries(
      (settings?.rollout ?? []).map(r => [r.variant, String(r.percentage)]),
    ),
    message: '',
  };
}

/** Creates a flag, or changes one flag's state, default and rollout in one environment. */
export function FlagEditDialog(props: {
  application: string;
  version: number;
  environment: string;
  /** The flag to edit; absent to add one. */
  flagKey?: string;
  flag?: FeatureFlag;
  onClose: () => void;
  onSaved: (result: ConfigChangeResult) => void;
}) {
  const { application, version, environment, flagKey, flag } = props;
  const api = useApi(configManagerApiRef);
  const [form, setForm] = useState(() =>
    initialForm(flagKey, flag, environment),
  );
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<{
    conflict: boolean;
    message: string;
  }>();
  const set = <K extends keyof FlagForm>(field: K, value: FlagForm[K]) =>
    setForm(previous => ({ ...previous, [field]: value }));

  const built = useMemo(
    () => buildFeatureFlag(form, environment, flag),
    [form, environment, flag],
  );
  const names = variantNamesOf(
    form.type,
    parseVariants(form.variantsText).variants,
  );

  const save = async () => {
    if (!built.flag) return;
    setSaving(true);
    setFailure(undefined);
    try {
      props.onSaved(
        await api.putFlag(application, form.key.trim(), {
          version,
          flag: built.flag,
          message: form.message.trim() || undefined,
        }),
      );
    } catch (error) {
      setFailure({
        conflict: isConflictError(error as Error),
        message: describeBackendError(error as Error, {
          permission: configWritePermission,
        }),
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      open
      onClose={props.onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="config-flag-title"
    >
      <DialogTitle id="config-flag-title">
        {flagKey
          ? `Edit flag ${flagKey} in ${environment}`
          : `Add a flag (${environment})`}
      </DialogTitle>
      <DialogContent>
        <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
          {!flagKey && (
            <Box display="flex" style={{ gap: 16 }}>
              <TextField
                id="config-flag-key"
                label="Flag key"
                value={form.key}
                onChange={event => set('key', event.target.value)}
              />
              <TextField
                select
                id="config-flag-type"
                label="Type"
                value={form.type}
                onChange={event =>
                  set('type', event.target.value as FlagForm['type'])
                }
                style={{ minWidth: 140 }}
              >
                <MenuItem value="boolean">boolean</MenuItem>
                <MenuItem value="variant">variant</MenuItem>
              </TextField>
            </Box>
          )}
          <TextField
            id="config-flag-variants"
            label="Variants"
            placeholder={
              form.type === 'boolean'
                ? 'empty for on/off'
                : '{"red": "#f00", "blue": "#00f"}'
            }
            value={form.variantsText}
            onChange={event => set('variantsText', event.target.value)}
            helperText="A JSON object of variant name to value"
          />
          <TextField
            select
            id="config-flag-default"
            label="Default variant (every environment)"
            value={
              names.includes(form.defaultVariant) ? form.defaultVariant : ''
            }
            onChange={event => set('defaultVariant', event.target.value)}
          >
            {names.map(name => (
              <MenuItem key={name} value={name}>
                {name}
              </MenuItem>
            ))}
          </TextField>
          <FormControlLabel
            control={
              <Checkbox
                checked={form.inEnvironment}
                onChange={event => set('inEnvironment', event.target.checked)}
              />
            }
            label={`Set up in ${environment}`}
          />
          {form.inEnvironment && (
            <>
              <Box display="flex" style={{ gap: 16 }}>
                <TextField
                  select
                  id="config-flag-state"
                  label="State"
                  value={form.state}
                  onChange={event =>
                    set('state', event.target.value as FlagForm['state'])
                  }
                  style={{ minWidth: 140 }}
                >
                  <MenuItem value="ENABLED">ENABLED</MenuItem>
                  <MenuItem value="DISABLED">DISABLED</MenuItem>
                </TextField>
                <TextField
                  select
                  id="config-flag-environment-default"
                  label={`Default variant in ${environment}`}
                  value={form.environmentDefaultVariant}
                  onChange={event =>
                    set('environmentDefaultVariant', event.target.value)
                  }
                  style={{ minWidth: 200 }}
                >
                  <MenuItem value="">the flag's default</MenuItem>
                  {names.map(name => (
                    <MenuItem key={name} value={name}>
                      {name}
                    </MenuItem>
                  ))}
                </TextField>
              </Box>
              <FormControlLabel
                control={
                  <Checkbox
                    checked={form.useRollout}
                    onChange={event => set('useRollout', event.target.checked)}
                  />
                }
                label="Percentage rollout"
              />
              {form.useRollout && (
                <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
                  {names.map(name => (
                    <TextField
                      key={name}
                      id={`config-flag-rollout-${name}`}
                      label={`${name} %`}
                      type="number"
                      inputProps={{ min: 0, max: 100 }}
                      value={form.rollout[name] ?? ''}
                      onChange={event =>
                        set('rollout', {
                          ...form.rollout,
                          [name]: event.target.value,
                        })
                      }
                    />
                  ))}
                </Box>
              )}
            </>
          )}
          <TextField
            id="config-flag-message"
            label="Message"
            value={form.message}
            onChange={event => set('message', event.target.value)}
          />
        </Box>
        <Box mt={2} aria-live="polite">
          {built.problems.map(problem => (
            <Typography key={problem} color="error" variant="body2">
              {problem}
            </Typography>
          ))}
        </Box>
        {failure && (
          <Alert severity={failure.conflict ? 'warning' : 'error'}>
            {failure.conflict && (
              <AlertTitle>Changed by someone else</AlertTitle>
            )}
            {failure.message}
          </Alert>
        )}
        {saving && <LinearProgress aria-label="Saving" />}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="primary"
          disabled={!built.flag || saving}
          onClick={save}
        >
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
