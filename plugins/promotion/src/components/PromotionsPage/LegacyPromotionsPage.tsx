import { Header, Page } from '@backstage/core-components';
import { PromotionsContent } from './PromotionsContent';

/** The Promotions page with its own header, for the legacy app. */
export function LegacyPromotionsPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Promotions"
        subtitle="Approvals waiting across the organisation and recent promotions"
      />
      <PromotionsContent />
    </Page>
  );
}
