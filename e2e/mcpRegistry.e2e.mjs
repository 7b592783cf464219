import { describe, it } from 'node:test';
import {
  APP_URL,
  screenshot,
  useSignedInPage,
  withFailureScreenshot,
} from './browser.mjs';

const EVERYTHING = 'io.github.modelcontextprotocol/server-everything';

describe('the MCP registry in the running app', () => {
  const session = useSignedInPage();

  it('is reachable from the IDP Platform sidebar group and lists the demo servers', () =>
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
      await page.getByText(EVERYTHING).first().waitFor({ timeout: 30_000 });
      await page
        .getByText('com.example.platform/weather')
        .first()
        .waitFor({ timeout: 30_000 });
      await screenshot(page, 'mcp-registry');
    }));

  it("tests a server over MCP and shows its tools and where it is hosted", () =>
    withFailureScreenshot(session.page, 'mcp-registry-server', async () => {
      const { page } = session;
      await page.goto(`${APP_URL}/mcp-registry`);
      await page.getByText(EVERYTHING).first().click({ timeout: 30_000 });
      await page
        .getByRole('button', { name: 'Test now' })
        .click({ timeout: 30_000 });
      // The backend runs the real everything server over stdio and lists its tools.
      await page
        .getByText('get-sum', { exact: true })
        .first()
        .waitFor({ timeout: 60_000 });
      await page
        .getByText('Not hosted anywhere yet')
        .first()
        .waitFor({ timeout: 30_000 });
      await screenshot(page, 'mcp-registry-server');
    }));
});
