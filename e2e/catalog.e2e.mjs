import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  APP_URL,
  screenshot,
  useSignedInPage,
  withFailureScreenshot,
} from './browser.mjs';

describe('the app started by ./idp start', () => {
  const session = useSignedInPage();

  // The catalog is the landing page (app-config.yaml mounts page:catalog at /).
  it('lists the example entities in the catalog', () =>
    withFailureScreenshot(
      session.page,
      'lists-the-example-entities-in-the-catalo',
      async () => {
        const { page } = session;
        await page.goto(
          `${APP_URL}/?filters%5Bkind%5D=component&filters%5Buser%5D=all`,
        );
        for (const name of [
          'payments-api',
          'checkout-web',
          'orders-service',
          'docs-assistant-mcp',
        ]) {
          await page
            .getByRole('link', { name, exact: true })
            .first()
            .waitFor({ timeout: 60_000 });
        }
        await screenshot(page, 'catalog-components');
        await page.goto(
          `${APP_URL}/?filters%5Bkind%5D=system&filters%5Buser%5D=all`,
        );
        await page
          .getByRole('link', { name: 'commerce', exact: true })
          .first()
          .waitFor({ timeout: 60_000 });
      },
    ));

  it('shows the IDP Platform sidebar group with its overview page', () =>
    withFailureScreenshot(
      session.page,
      'shows-the-idp-platform-sidebar-group-wit',
      async () => {
        const { page } = session;
        const item = page.getByRole('link', { name: 'IDP Platform' }).first();
        await item.waitFor({ timeout: 30_000 });
        await item.click();
        await page
          .getByRole('heading', { name: 'IDP Platform' })
          .first()
          .waitFor({ timeout: 30_000 });
        for (const environment of [
          'Development',
          'Staging',
          'UAT',
          'Production',
        ]) {
          await page
            .getByRole('cell', { name: environment, exact: true })
            .waitFor({ timeout: 30_000 });
        }
        assert.equal(new URL(page.url()).pathname, '/idp');
        await screenshot(page, 'idp-overview');
      },
    ));

  it('shows compliance tags derived from the IDP annotations', () =>
    withFailureScreenshot(
      session.page,
      'shows-compliance-tags-derived-from-the-i',
      async () => {
        const { page } = session;
        await page.goto(`${APP_URL}/catalog/default/component/payments-api`);
        await page
          .getByText('compliance-pci-dss')
          .first()
          .waitFor({ timeout: 60_000 });
        await screenshot(page, 'payments-api');
      },
    ));
});
