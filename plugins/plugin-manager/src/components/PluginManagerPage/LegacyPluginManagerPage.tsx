import { Header, Page } from '@backstage/core-components';
import { PluginManagerContent } from './PluginManagerContent';

/** The Plugins page with its own header, for the legacy app. */
export function LegacyPluginManagerPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Plugins"
        subtitle="Discover, install and watch the dynamic plugins of this Backstage"
      />
      <PluginManagerContent />
    </Page>
  );
}
