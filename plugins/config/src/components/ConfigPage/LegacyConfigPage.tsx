import { Header, Page } from '@backstage/core-components';
import { ConfigContent } from './ConfigPage';

/** The Configuration page with its own header, for the legacy app. */
export function LegacyConfigPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Configuration"
        subtitle="Application configuration per environment, and changes waiting for approval"
      />
      <ConfigContent />
    </Page>
  );
}
