// The end-to-end walk of the local demo (issue 9): what a developer and a platform
// engineer do with the IDP Platform, in the browser, against `./idp start`'s app and
// its demo cluster. Each step saves a screenshot. Needs a fresh demo database
// (scripts/e2e.sh deletes data/sqlite before starting the app).
import { describe, it } from 'node:test';
import {
  APP_URL,
  screenshot,
  useSignedInPage,
  withFailureScreenshot,
} from './browser.mjs';

const entityUrl = name => `${APP_URL}/catalog/default/component/${name}`;

/** The history entry of the promotion of this artifact tag to this environment. */
const promotionEntry = (page, tag, environment) =>
  page
    .getByLabel(new RegExp(`^(promotion|hotfix) \\S+ to ${environment}$`))
    .filter({ hasText: `${tag} (` })
    .first();

describe('the IDP Platform walk', () => {
  const session = useSignedInPage();

  it('promotes payments-api 1.5.0 from development to staging through the demo cluster', () =>
    withFailureScreenshot(session.page, 'walk-promote', async () => {
      const { page } = session;
      await page.goto(`${entityUrl('payments-api')}/promotion`);
      await page.getByText('Pipeline').first().waitFor({ timeout: 60_000 });
      // One Promote button per stage, in pipeline order: development, staging, uat, production.
      await page
        .getByRole('button', { name: 'Promote', exact: true })
        .nth(1)
        .click({ timeout: 30_000 });
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Promote to Staging').waitFor({ timeout: 30_000 });
      await screenshot(page, 'walk-promote-dialog');
      await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
      // Gates, server-side apply of the image, the rollout and the health check take a few seconds.
      await promotionEntry(page, '1.5.0', 'staging')
        .getByText('succeeded', { exact: true })
        .waitFor({ timeout: 120_000 });
      await screenshot(page, 'walk-promoted');
    }));

  it('shows the critical finding of orders-service and the security gate blocking its promotion', () =>
    withFailureScreenshot(session.page, 'walk-blocked-gate', async () => {
      const { page } = session;
      // The demo reports (examples/security/demo.yaml) are ingested once the catalog has the entity.
      await page.goto(`${entityUrl('orders-service')}/security`);
      await page
        .getByText('CVE-2019-14697')
        .first()
        .waitFor({ timeout: 90_000 });
      await screenshot(page, 'walk-finding');
      await page.goto(`${entityUrl('orders-service')}/promotion`);
      await page.getByText('Pipeline').first().waitFor({ timeout: 60_000 });
      await page
        .getByRole('button', { name: 'Promote', exact: true })
        .nth(1)
        .click({ timeout: 30_000 });
      const dialog = page.getByRole('dialog');
      await dialog.getByText('Promote to Staging').waitFor({ timeout: 30_000 });
      await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
      await promotionEntry(page, '3.1.0', 'staging')
        .getByText('failed', { exact: true })
        .waitFor({ timeout: 60_000 });
      await page
        .getByText(/security gate failed: CVE-2019-14697/)
        .first()
        .waitFor({ timeout: 30_000 });
      await screenshot(page, 'walk-gate-blocked');
    }));

  it("approves dana's configuration change for uat and sees the new value", () =>
    withFailureScreenshot(session.page, 'walk-config-approval', async () => {
      const { page } = session;
      const poolInUat = page.getByRole('button', {
        name: 'Edit /database/pool/max in uat',
      });
      await page.goto(`${entityUrl('payments-api')}/configuration`);
      await poolInUat.waitFor({ timeout: 60_000 });
      await page.getByText('20').first().waitFor();
      // examples/config/changes: dana asked to raise the pool in uat, a protected environment.
      await page.goto(`${APP_URL}/config`);
      await page
        .getByText('Change configuration of payments-api in uat')
        .waitFor({ timeout: 60_000 });
      await page.getByText('user:default/dana').first().waitFor();
      await screenshot(page, 'walk-config-request');
      await page
        .getByRole('region', { name: 'Your decision' })
        .getByRole('button', { name: 'Approve' })
        .click();
      await page
        .getByText('No configuration changes waiting for approval')
        .waitFor({ timeout: 60_000 });
      await page.goto(`${entityUrl('payments-api')}/configuration`);
      await poolInUat.getByText('40').waitFor({ timeout: 60_000 });
      await screenshot(page, 'walk-config-applied');
    }));

  it("runs the payments-api access policy's scenarios in the sandbox", () =>
    withFailureScreenshot(session.page, 'walk-policy-sandbox', async () => {
      const { page } = session;
      await page.goto(`${APP_URL}/policy`);
      await page
        .getByRole('button', { name: 'Open policy payments-api-access' })
        .click({ timeout: 60_000 });
      await page.getByRole('tab', { name: 'Sandbox' }).click({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Run scenarios' }).click();
      // The seed's scenarios: an admin token has full access, a developer token is denied staging.
      await page
        .getByText('developer token reaching staging denied')
        .first()
        .waitFor({ timeout: 60_000 });
      await page.getByText('admin full access allowed').first().waitFor();
      await page.getByText(/^All \d+ scenarios pass in /).waitFor();
      await screenshot(page, 'walk-policy-sandbox');
    }));

  it('creates a Node service from the template, wired into the catalog, promotion, configuration and policy', () =>
    withFailureScreenshot(session.page, 'walk-template', async () => {
      const { page } = session;
      await page.goto(`${APP_URL}/create`);
      // The nearest element around the template's title that holds a Choose button is its card.
      const card = page
        .getByText('Node.js service on the IDP Platform', { exact: true })
        .locator('xpath=ancestor::*[.//button[normalize-space()="Choose"]][1]');
      await card.getByRole('button', { name: 'Choose' }).click({ timeout: 60_000 });
      await page.getByRole('textbox', { name: 'Name' }).fill('receipts-api');
      await page.getByRole('textbox', { name: 'Description' }).fill('Keeps receipts');
      for (const [field, value] of [
        [/^Owner/, 'team-payments'],
        [/^System/, 'commerce'],
      ]) {
        const picker = page.getByLabel(field).first();
        await picker.click();
        await picker.fill(value);
        // The pickers accept a typed entity reference; leaving the field keeps it.
        await picker.press('Tab');
      }
      await screenshot(page, 'walk-template-form');
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByRole('button', { name: 'Next' }).click();
      // Repository: "Publish to" defaults to this Backstage (the demo has no Git host).
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByRole('button', { name: 'Create' }).click();
      await page
        .getByRole('link', { name: 'Open in catalog' })
        .waitFor({ timeout: 180_000 });
      await screenshot(page, 'walk-template-done');
      await page.getByRole('link', { name: 'Open in catalog' }).click();
      await page.getByText('receipts-api').first().waitFor({ timeout: 60_000 });
      await page.goto(`${entityUrl('receipts-api')}/configuration`);
      await page
        .getByRole('table', { name: 'Configuration by environment' })
        .waitFor({ timeout: 60_000 });
      await screenshot(page, 'walk-template-entity');
    }));
});
