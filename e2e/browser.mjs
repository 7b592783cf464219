// Launches Debian's chromium through playwright-core with the flags this
// closed network needs (playwright gives it a fresh temporary profile), and signs in as guest.
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

export const APP_URL = process.env.IDP_APP_URL ?? 'http://localhost:3000';
const resultsDir = process.env.IDP_RESULTS_DIR ?? 'test-results';

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.IDP_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens the app and signs in with the guest provider. */
export async function signInAsGuest(browser) {
  const page = await browser.newPage({
    viewport: { width: 1440, height: 900 },
  });
  await page.goto(APP_URL);
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.waitFor({ timeout: 120_000 });
  await enter.click();
  // Signed in once the app shell renders; navigating earlier would abort the sign-in.
  await page
    .getByRole('link', { name: 'Settings' })
    .first()
    .waitFor({ timeout: 120_000 });
  return page;
}

export async function screenshot(page, name) {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
}

/** Runs a browser step; on failure saves a screenshot named after it, then fails. */
export async function withFailureScreenshot(page, name, fn) {
  try {
    await fn();
  } catch (error) {
    await screenshot(page, `FAILED-${name}`).catch(() => undefined);
    throw error;
  }
}

/**
 * Registers before/after hooks of the current suite that open chromium and
 * sign in as guest; the returned session's `page` is ready inside each test.
 */
export function useSignedInPage() {
  const session = { browser: undefined, page: undefined };
  before(async () => {
    session.browser = await launchBrowser();
    session.page = await signInAsGuest(session.browser);
  });
  after(async () => session.browser?.close());
  return session;
}
