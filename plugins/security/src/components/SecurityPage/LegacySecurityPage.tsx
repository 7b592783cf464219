import { Content, Header, Page } from '@backstage/core-components';
import { SecurityDashboard } from './SecurityDashboard';

/** The organisation security dashboard with its own header, for the legacy app. */
export function LegacySecurityPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Security"
        subtitle="Open findings by team and system, criticals, remediation due"
      />
      <Content>
        <SecurityDashboard />
      </Content>
    </Page>
  );
}
