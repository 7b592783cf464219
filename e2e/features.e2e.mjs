import { describe, it } from 'node:test';
import {
  APP_URL,
  screenshot,
  useSignedInPage,
  withFailureScreenshot,
} from './browser.mjs';

const PAYMENTS = `${APP_URL}/catalog/default/component/payments-api`;

describe('the IDP feature pages in the running app', () => {
  const session = useSignedInPage();

  it('shows the demo pipeline and its history on the Promotion tab', () =>
    withFailureScreenshot(session.page, 'promotion-tab', async () => {
      const { page } = session;
      await page.goto(`${PAYMENTS}/promotion`);
      await page.getByText('Pipeline').first().waitFor({ timeout: 60_000 });
      await page.getByText('History').first().waitFor({ timeout: 30_000 });
      // The demo history (examples/promotion) holds releases 1.3.0 and 1.4.0.
      await page.getByText('1.4.0').first().waitFor({ timeout: 30_000 });
      await screenshot(page, 'promotion-tab');
    }));

  it('lists promotions across the organisation on the Promotions page', () =>
    withFailureScreenshot(session.page, 'promotions-page', async () => {
      const { page } = session;
      await page.goto(`${APP_URL}/idp`);
      await page
        .getByRole('link', { name: 'Promotions' })
        .first()
        .click({ timeout: 30_000 });
      await page
        .getByText('Recent promotions')
        .first()
        .waitFor({ timeout: 30_000 });
      await screenshot(page, 'promotions-page');
    }));

  it('shows the demo configuration compared across environments on the Configuration tab', () =>
    withFailureScreenshot(session.page, 'configuration-tab', async () => {
      const { page } = session;
      await page.goto(`${PAYMENTS}/configuration`);
      // examples/config/payments-api.yaml sets database.host per environment.
      await page
        .getByText(/database.host/)
        .first()
        .waitFor({ timeout: 60_000 });
      await screenshot(page, 'configuration-tab');
    }));

  it('lists configurations on the Configuration page', () =>
    withFailureScreenshot(session.page, 'configuration-page', async () => {
      const { page } = session;
      await page.goto(`${APP_URL}/config`);
      await page.getByText('payments-api').first().waitFor({ timeout: 30_000 });
      await screenshot(page, 'configuration-page');
    }));

  it('opens the Security tab and the organisation Security page', () =>
    withFailureScreenshot(session.page, 'security', async () => {
      const { page } = session;
      await page.goto(`${PAYMENTS}/security`);
      await page
        .getByText(/No scanner reports yet|Findings/)
        .first()
        .waitFor({ timeout: 60_000 });
      await screenshot(page, 'security-tab');
      await page.goto(`${APP_URL}/security`);
      await page
        .getByText(/by team|No scanner reports yet/i)
        .first()
        .waitFor({ timeout: 30_000 });
      await screenshot(page, 'security-page');
    }));

  it('opens the Policies page with the service map and the Policy tab of payments-api', () =>
    withFailureScreenshot(session.page, 'policy', async () => {
      const { page } = session;
      await page.goto(`${APP_URL}/idp`);
      await page
        .getByRole('link', { name: 'Policies' })
        .first()
        .click({ timeout: 30_000 });
      await page.getByText('Service map').first().waitFor({ timeout: 60_000 });
      // examples/policies holds the payments-api policy (loaded by idp.policy.demoData).
      await page.getByText('payments-api').first().waitFor({ timeout: 30_000 });
      await screenshot(page, 'policy-page');
      await page.goto(`${PAYMENTS}/policy`);
      await page.getByText(/Outbound|Inbound/).first().waitFor({ timeout: 60_000 });
      await screenshot(page, 'policy-tab');
    }));

  it('opens the Plugins page with the registry packages and the installed plugins', () =>
    withFailureScreenshot(session.page, 'plugin-manager', async () => {
      const { page } = session;
      await page.goto(`${APP_URL}/idp`);
      await page
        .getByRole('link', { name: 'Plugins' })
        .first()
        .click({ timeout: 30_000 });
      await page
        .getByRole('tab', { name: 'Discover' })
        .waitFor({ timeout: 60_000 });
      await screenshot(page, 'plugin-manager-discover');
      await page.getByRole('tab', { name: 'Installed' }).click();
      await page
        .getByText(/No plugins installed|Installed plugins|Health/i)
        .first()
        .waitFor({ timeout: 30_000 });
      await screenshot(page, 'plugin-manager-installed');
    }));
});
