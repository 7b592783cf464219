import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import LinearProgress from '@material-ui/core/LinearProgress';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  ConfigApplicationView,
  ConfigChangeResult,
  ConfigJsonValue,
  Environment,
  configWritePermission,
  isSecretRefValue,
} from '@idp-platform/backstage-plugin-idp-common';
import { describeEnvironmentProtection } from '@idp-platform/backstage-plugin-idp-react';
import { useMemo, useState } from 'react';
import { configManagerApiRef } from '../../api';
import {
  describeBackendError,
  isConflictError,
} from '@idp-platform/backstage-plugin-idp-react';
import {
  ValueForm,
  buildValueChange,
  parseValueText,
} from './buildValueChange';
import { readConfigValue } from './readConfigValue';

/** Props of {@link ValueEditorDialog}. */
export interface ValueEditorDialogProps {
  application: ConfigApplicationView;
  environments: Environment[];
  /** The key to edit; absent to add a new one. */
  initialKey?: string;
  /** The environment layer to write to; absent for the application layer. */
  initialEnvironment?: string;
  onClose: () => void;
  onSaved: (result: ConfigChangeResult) => void;
  /** Reloads the configuration after someone else changed it. */
  onReload: () => Promise<void>;
}

/** The value as the editor shows it: strings as typed, the rest as JSON. */
function valueText(value: ConfigJsonValue | undefined): string {
  if (value === undefined || isSecretRefValue(value)) return '';
  // A string such as "8080" stays quoted, so saving it unchanged keeps it a string.
  if (typeof value === 'string' && parseValueText(value).readAs === 'string') {
    return value;
  }
  return JSON.stringify(value);
}

function initialForm(props: ValueEditorDialogProps): ValueForm {
  const { application, initialKey, initialEnvironment } = props;
  const key = initialKey ?? '';
  const layerValue = initialEnvironment
    ? readConfigValue(
        application.layers['application-environment'][initialEnvironment],
        key,
      )
    : readConfigValue(application.layers.application, key);
  const effectiveValue = initialEnvironment
    ? readConfigValue(
        application.effective.find(e => e.environment === initialEnvironment)
          ?.values,
        key,
      )
    : undefined;
  const value: ConfigJsonValue | undefined = layerValue ?? effectiveValue;
  const secret = isSecretRefValue(value) ? value.secretRef : undefined;
  return {
    key,
    layer: initialEnvironment ?? '',
    mode: secret ? 'secret' : 'value',
    text: valueText(value),
    secret: {
      store: secret?.store ?? '',
      key: secret?.key ?? '',
      property: secret?.property ?? '',
    },
    message: '',
  };
}

/**
 * Sets, or removes, one key in the application layer or in one environment's
 * layer. The value is checked as you type with the backend's zod schemas and
 * the application's JSON Schema; the save sends the version that was shown,
 * so a concurrent change is refused (409) rather than overwritten.
 */
export function ValueEditorDialog(props: ValueEditorDialogProps) {
  const { application, environments, initialKey } = props;
  const api = useApi(configManagerApiRef);
  const [form, setForm] = useState(() => initialForm(props));
  const [saving, setSaving] = useState(false);
  const [reloading, setReloading] = useState(false);
  const [failure, setFailure] = useState<{
    conflict: boolean;
    message: string;
  }>();

  const { request, problems } = useMemo(
    () => buildValueChange(form, application.version, application.schema),
    [form, application.version, application.schema],
  );
  const environment = environments.find(e => e.name === form.layer);
  const protectedTargets = form.layer
    ? [environment].filter(e => e?.protected)
    : environments.filter(e => e.protected);
  const set = <K extends keyof ValueForm>(field: K, value: ValueForm[K]) =>
    setForm(previous => ({ ...previous, [field]: value }));

  const save = async () => {
    if (!request) return;
    setSaving(true);
    setFailure(undefined);
    try {
      props.onSaved(await api.setValues(application.name, request));
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

  const reload = async () => {
    setReloading(true);
    try {
      await props.onReload();
      setFailure(undefined);
    } finally {
      setReloading(false);
    }
  };

  return (
    <Dialog
      open
      onClose={props.onClose}
      maxWidth="sm"
      fullWidth
      aria-labelledby="config-value-editor-title"
    >
      <DialogTitle id="config-value-editor-title">
        {initialKey ? `Edit ${initialKey}` : 'Add a key'}
      </DialogTitle>
      <DialogContent>
        <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
          <TextField
            id="config-value-key"
            label="Key"
            placeholder="/database/port"
            value={form.key}
            disabled={Boolean(initialKey)}
            onChange={event => set('key', event.target.value)}
            helperText="A JSON Pointer to the key"
          />
          <TextField
            select
            id="config-value-layer"
            label="Layer"
            value={form.layer}
            onChange={event => set('layer', event.target.value)}
            helperText={
              protectedTargets.length
                ? `${protectedTargets
                    .map(
                      e => `${e!.name}: ${describeEnvironmentProtection(e!)}`,
                    )
                    .join('; ')}. A change there waits for approval.`
                : ' '
            }
          >
            <MenuItem value="">Application (every environment)</MenuItem>
            {environments.map(e => (
              <MenuItem key={e.name} value={e.name}>
                {e.title ?? e.name} only
              </MenuItem>
            ))}
          </TextField>
          <RadioGroup
            row
            aria-label="What to write"
            value={form.mode}
            onChange={event =>
              set('mode', event.target.value as ValueForm['mode'])
            }
          >
            <FormControlLabel value="value" control={<Radio />} label="Value" />
            <FormControlLabel
              value="secret"
              control={<Radio />}
              label="Secret reference"
            />
            <FormControlLabel
              value="remove"
              control={<Radio />}
              label="Remove from this layer"
            />
          </RadioGroup>
          {form.mode === 'value' && (
            <TextField
              id="config-value-text"
              label="Value"
              value={form.text}
              multiline
              minRows={2}
              onChange={event => set('text', event.target.value)}
              helperText={`JSON, or text read as a string (read as ${
                parseValueText(form.text).readAs
              })`}
            />
          )}
          {form.mode === 'secret' && (
            <Box display="flex" style={{ gap: 16 }}>
              <TextField
                id="config-secret-store"
                label="Secret store"
                value={form.secret.store}
                onChange={event =>
                  set('secret', { ...form.secret, store: event.target.value })
                }
              />
              <TextField
                id="config-secret-key"
                label="Secret key"
                value={form.secret.key}
                onChange={event =>
                  set('secret', { ...form.secret, key: event.target.value })
                }
              />
              <TextField
                id="config-secret-property"
                label="Property"
                value={form.secret.property}
                onChange={event =>
                  set('secret', {
                    ...form.secret,
                    property: event.target.value,
                  })
                }
              />
            </Box>
          )}
          <TextField
            id="config-value-message"
            label="Message"
            placeholder="Why this change"
            value={form.message}
            onChange={event => set('message', event.target.value)}
          />
        </Box>
        <Box mt={2} aria-live="polite">
          {problems.map(problem => (
            <Typography key={problem} color="error" variant="body2">
              {problem}
            </Typography>
          ))}
        </Box>
        {failure?.conflict && (
          <Alert
            severity="warning"
            action={
              <Button color="inherit" disabled={reloading} onClick={reload}>
                Reload
              </Button>
            }
          >
            <AlertTitle>Changed by someone else</AlertTitle>
            {failure.message}
          </Alert>
        )}
        {failure && !failure.conflict && (
          <Alert severity="error">{failure.message}</Alert>
        )}
        {(saving || reloading) && (
          <LinearProgress aria-label={saving ? 'Saving' : 'Reloading'} />
        )}
      </DialogContent>
      <DialogActions>
        <Typography variant="caption" color="textSecondary">
          Editing version {application.version}
        </Typography>
        <Button onClick={props.onClose}>Cancel</Button>
        <Button
          variant="contained"
          color="primary"
          disabled={!request || saving || reloading}
          onClick={save}
        >
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
