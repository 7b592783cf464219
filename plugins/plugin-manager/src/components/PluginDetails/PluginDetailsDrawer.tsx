import { useApi } from '@backstage/core-plugin-api';
import {
  Link,
  MarkdownContent,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Divider from '@material-ui/core/Divider';
import Drawer from '@material-ui/core/Drawer';
import IconButton from '@material-ui/core/IconButton';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import CloseIcon from '@material-ui/icons/Close';
import Alert from '@material-ui/lab/Alert';
import {
  PluginPackageDetails,
  pluginManagerInstallPermission,
  pluginManagerReadPermission,
} from '@idp-platform/backstage-plugin-idp-common';
import {
  describeBackendError,
  isNotAllowedError,
} from '@idp-platform/backstage-plugin-idp-react';
import { ReactNode, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { pluginManagerApiRef } from '../../api';
import { InstallDialog } from '../InstallDialog';
import { CompatibilityReasons } from './CompatibilityReasons';
import { VerdictChip } from './VerdictChip';
import { DependencyConflicts } from './DependencyConflicts';

/** Props of {@link PluginDetailsDrawer}. */
export interface PluginDetailsDrawerProps {
  name: string;
  canInstall: boolean;
  reloadKey: number;
  onClose: () => void;
  onChanged: () => void;
}

function Section(props: { title: string; children: ReactNode }) {
  return (
    <Box component="section" mt={3} aria-label={props.title}>
      <Typography variant="h6" component="h3" gutterBottom>
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

function ErrorNotice(props: { error: Error }) {
  if (isNotAllowedError(props.error)) {
    return (
      <Alert severity="warning">
        {describeBackendError(props.error, {
          permission: pluginManagerReadPermission,
        })}
      </Alert>
    );
  }
  return <ResponseErrorPanel error={props.error} />;
}

function CompatibilitySection(props: {
  name: string;
  version: string;
  onChooseVersion: (version: string) => void;
}) {
  const api = useApi(pluginManagerApiRef);
  const report = useAsync(
    () => api.compatibility(props.name, props.version),
    [api, props.name, props.version],
  );
  let body;
  if (report.loading) body = <Progress />;
  else if (report.error) body = <ErrorNotice error={report.error} />;
  else {
    const value = report.value!;
    body = (
      <>
        <Box display="flex" alignItems="center" style={{ gap: 8 }} mb={1}>
          <VerdictChip verdict={value.verdict} />
          <Typography variant="body2">
            {value.package} {value.version} with Backstage{' '}
            {value.backstageVersion}
          </Typography>
        </Box>
        <CompatibilityReasons reasons={value.reasons} />
        <Typography variant="subtitle2" component="h4" gutterBottom>
          Dependency conflicts
        </Typography>
        <DependencyConflicts
          conflicts={value.conflicts}
          onChooseVersion={props.onChooseVersion}
        />
      </>
    );
  }
  return <Section title="Compatibility">{body}</Section>;
}

function installLabel(details: PluginPackageDetails, version: string) {
  const installed = details.installed?.version;
  if (!installed) return `Install ${version}`;
  if (installed === version) return `${version} is installed`;
  return `Change ${installed} to ${version}`;
}

/**
 * A plugin's details beside the search: description, versions, the
 * compatibility verdict with its reasons and conflicts for the chosen
 * version, the README, and Install (or a change of version).
 */
export function PluginDetailsDrawer(props: PluginDetailsDrawerProps) {
  const { name, canInstall, reloadKey } = props;
  const api = useApi(pluginManagerApiRef);
  const details = useAsync(() => api.getPackage(name), [api, name, reloadKey]);
  const [chosenVersion, setChosenVersion] = useState<string>();
  const [installing, setInstalling] = useState(false);

  let body;
  if (details.error) {
    body = <ErrorNotice error={details.error} />;
  } else if (!details.value) {
    body = <Progress />;
  } else {
    const value = details.value;
    const { summary } = value;
    const version = chosenVersion ?? value.distTags.latest ?? summary.version;
    const alreadyInstalled = value.installed?.version === version;
    body = (
      <>
        {summary.description && (
          <Typography variant="body1" gutterBottom>
            {summary.description}
          </Typography>
        )}
        <Box display="flex" flexWrap="wrap" style={{ gap: 8 }} mb={2}>
          {summary.role && <Chip size="small" label={summary.role} />}
          <Chip size="small" label={summary.kind} />
          {summary.author && (
            <Chip size="small" label={`by ${summary.author}`} />
          )}
          <Chip size="small" label={`registry ${summary.registry}`} />
          {value.installed && (
            <Chip
              size="small"
              color="primary"
              label={`Installed ${value.installed.version}${
                value.installed.disabled ? ' (disabled)' : ''
              }`}
            />
          )}
        </Box>
        <Box display="flex" style={{ gap: 16 }} mb={2}>
          {summary.links.npm && <Link to={summary.links.npm}>npm</Link>}
          {summary.links.repository && (
            <Link to={summary.links.repository}>Repository</Link>
          )}
          {summary.links.homepage && (
            <Link to={summary.links.homepage}>Homepage</Link>
          )}
        </Box>
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <TextField
            select
            id="plugin-details-version"
            label="Version"
            value={version}
            onChange={event => setChosenVersion(event.target.value)}
            style={{ minWidth: 160 }}
          >
            {value.versions.map(v => (
              <MenuItem key={v.version} value={v.version}>
                {v.version}
                {v.version === value.distTags.latest ? ' (latest)' : ''}
                {v.deprecated ? ' (deprecated)' : ''}
              </MenuItem>
            ))}
          </TextField>
          <Button
            variant="contained"
            color="primary"
            disabled={!canInstall || alreadyInstalled}
            onClick={() => setInstalling(true)}
          >
            {installLabel(value, version)}
          </Button>
        </Box>
        {!canInstall && (
          <Box mt={1}>
            <Typography variant="body2" color="textSecondary">
              Installing needs the permission{' '}
              {pluginManagerInstallPermission.name}.
            </Typography>
          </Box>
        )}
        <CompatibilitySection
          name={name}
          version={version}
          onChooseVersion={setChosenVersion}
        />
        <Section title="README">
          {value.readme ? (
            <MarkdownContent content={value.readme} />
          ) : (
            <Typography variant="body2" color="textSecondary">
              No README published.
            </Typography>
          )}
        </Section>
        {installing && (
          <InstallDialog
            packageName={name}
            version={version}
            installedVersion={value.installed?.version}
            onClose={() => setInstalling(false)}
            onDone={() => {
              setInstalling(false);
              props.onChanged();
            }}
          />
        )}
      </>
    );
  }

  return (
    <Drawer
      anchor="right"
      open
      onClose={props.onClose}
      PaperProps={{
        role: 'dialog',
        'aria-labelledby': 'plugin-details-title',
        style: { width: 'min(720px, 100vw)' },
      }}
    >
      <Box p={3}>
        <Box display="flex" alignItems="center">
          <Typography
            id="plugin-details-title"
            variant="h5"
            component="h2"
            style={{ flexGrow: 1, wordBreak: 'break-all' }}
          >
            {name}
          </Typography>
          <IconButton aria-label="Close details" onClick={props.onClose}>
            <CloseIcon />
          </IconButton>
        </Box>
        <Divider />
        <Box mt={2}>{body}</Box>
      </Box>
    </Drawer>
  );
}
