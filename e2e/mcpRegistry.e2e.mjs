import { describe, it } from 'node:test';
import {
  APP_URL,
  screenshot,
  useSignedInPage,
  withFailureScreenshot,
} from './browser.mjs';

describe('the MCP registry in the running app', () => {
  const session = useSignedInPage();

  it('is reachable from the IDP Platform sidebar group and shows its empty registry', () =>
    withFailureScreenshot(session.page, 'mcp-registry-page', async () => {
      const { page } = session;
      await page.goto(`${APP_URL}/idp`);
      const item = page.getByRole('link', { name: 'MCP Registry' }).first();
      await item.waitFor({ timeout: 30_000 });
      await item.click();
      await page
        .getByText('MCP servers', { exact: true })
        .first()
        .waitFor({ timeout: 30_000 });
      await page
        .getByText('No MCP servers found')
        .first()
        .waitFor({ timeout: 30_000 });
      await screenshot(page, 'mcp-registry');
    }));
});
