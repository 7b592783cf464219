import { Content } from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import { pluginManagerInstallPermission } from '@idp-platform/backstage-plugin-idp-common';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { DiscoverTab } from '../DiscoverTab';
import { InstalledTab } from '../InstalledTab';
import { OperationProgress } from '../OperationProgress';

const TABS = [
  { id: 'discover', label: 'Discover' },
  { id: 'installed', label: 'Installed' },
] as const;

type TabId = (typeof TABS)[number]['id'];

/**
 * Content of the Plugins page: the Discover and Installed tabs, chosen by
 * `?tab=`, under the live progress of running operations. Install and the
 * other changes need `idp.plugin-manager.install`; reading needs nothing more
 * than the backend's read permission.
 */
export function PluginManagerContent() {
  const [searchParams, setSearchParams] = useSearchParams();
  const tab: TabId =
    searchParams.get('tab') === 'installed' ? 'installed' : 'discover';
  const install = usePermission({ permission: pluginManagerInstallPermission });
  const canInstall = !install.loading && install.allowed;
  // Bumped after every finished operation so both tabs read the new state.
  const [reloadKey, setReloadKey] = useState(0);
  const reload = () => setReloadKey(key => key + 1);

  return (
    <Content>
      <OperationProgress onFinished={reload} />
      <Box mb={2}>
        <Tabs
          value={tab}
          onChange={(_, value: TabId) =>
            setSearchParams(value === 'discover' ? {} : { tab: value }, {
              replace: true,
            })
          }
          indicatorColor="primary"
          aria-label="Plugin manager views"
        >
          {TABS.map(t => (
            <Tab
              key={t.id}
              value={t.id}
              label={t.label}
              id={`plugin-manager-tab-${t.id}`}
              aria-controls={`plugin-manager-tabpanel-${t.id}`}
            />
          ))}
        </Tabs>
      </Box>
      <div
        role="tabpanel"
        id={`plugin-manager-tabpanel-${tab}`}
        aria-labelledby={`plugin-manager-tab-${tab}`}
      >
        {tab === 'discover' ? (
          <DiscoverTab
            canInstall={canInstall}
            reloadKey={reloadKey}
            onChanged={reload}
          />
        ) : (
          <InstalledTab
            canInstall={canInstall}
            reloadKey={reloadKey}
            onChanged={reload}
          />
        )}
      </div>
    </Content>
  );
}
