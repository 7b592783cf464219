import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  InstalledPlugin,
  PluginHealth,
} from '@idp-platform/backstage-plugin-idp-common';
import { StatusChip } from '@idp-platform/backstage-plugin-idp-react';
import { PluginHealthCell } from './PluginHealthCell';

/** What the user can do to an installed plugin. */
export type InstalledPluginAction =
  | 'disable'
  | 'enable'
  | 'upgrade'
  | 'rollback'
  | 'uninstall'
  | 'history';

/** The installed plugins with version, state, health and their actions. */
export function InstalledPluginsTable(props: {
  plugins: InstalledPlugin[];
  health: Map<string, PluginHealth>;
  canInstall: boolean;
  onAction: (action: InstalledPluginAction, plugin: InstalledPlugin) => void;
}) {
  const { plugins, health, canInstall } = props;
  return (
    <Table aria-label="Installed plugins">
      <TableHead>
        <TableRow>
          <TableCell>Plugin</TableCell>
          <TableCell>Version</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Health</TableCell>
          <TableCell>Actions</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {plugins.map(plugin => {
          const previous = plugin.previousVersions[0];
          return (
            <TableRow key={plugin.package}>
              <TableCell>
                <Typography variant="body2">{plugin.package}</Typography>
                <Typography variant="caption" color="textSecondary">
                  {plugin.role ?? 'unknown role'}, installed by{' '}
                  {plugin.installedBy}
                </Typography>
              </TableCell>
              <TableCell>
                <Typography variant="body2">{plugin.version}</Typography>
                {plugin.previousVersions.length > 0 && (
                  <Typography variant="caption" color="textSecondary">
                    kept: {plugin.previousVersions.join(', ')}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                <StatusChip
                  status={plugin.disabled ? 'stopped' : 'applied'}
                  label={plugin.disabled ? 'disabled' : 'enabled'}
                />
              </TableCell>
              <TableCell>
                <PluginHealthCell health={health.get(plugin.package)} />
              </TableCell>
              <TableCell>
                <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
                  <Button
                    size="small"
                    aria-label={`History of ${plugin.package}`}
                    onClick={() => props.onAction('history', plugin)}
                  >
                    History
                  </Button>
                  {canInstall && (
                    <>
                      <Button
                        size="small"
                        aria-label={`${
                          plugin.disabled ? 'Enable' : 'Disable'
                        } ${plugin.package}`}
                        onClick={() =>
                          props.onAction(
                            plugin.disabled ? 'enable' : 'disable',
                            plugin,
                          )
                        }
                      >
                        {plugin.disabled ? 'Enable' : 'Disable'}
                      </Button>
                      <Button
                        size="small"
                        aria-label={`Upgrade ${plugin.package}`}
                        onClick={() => props.onAction('upgrade', plugin)}
                      >
                        Upgrade
                      </Button>
                      {previous && (
                        <Button
                          size="small"
                          aria-label={`Roll back ${plugin.package} to ${previous}`}
                          onClick={() => props.onAction('rollback', plugin)}
                        >
                          Roll back to {previous}
                        </Button>
                      )}
                      <Button
                        size="small"
                        aria-label={`Uninstall ${plugin.package}`}
                        onClick={() => props.onAction('uninstall', plugin)}
                      >
                        Uninstall
                      </Button>
                    </>
                  )}
                </Box>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
