import { Header, Page } from '@backstage/core-components';
import { PolicyContent } from './PolicyPage';

/** The Policies page with its own header, for the legacy app. */
export function LegacyPolicyPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Policies"
        subtitle="Service communication: who may call whom, tried in a sandbox, applied per environment"
      />
      <PolicyContent />
    </Page>
  );
}
