import { chromium, type Browser, type Page } from 'playwright-core';
import { ADMIN_HEADERS } from '@hearth/testing';

/**
 * Headless Chromium for the dashboard's browser tests and its benchmark: the
 * machine's Chromium, with everything that would reach the network on its own
 * (updates, sync, background fetches) switched off.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught exceptions of the page so far, as readable lines. */
  problems: string[];
}

/**
 * A new page of `browser` that records what a person with the developer tools
 * open would see go wrong: console errors (failed loads included) and
 * uncaught exceptions. Signed in as the test administrator unless
 * `signedIn` is false (a patron on the public page).
 */
export async function watchedPage(browser: Browser, viewport = { width: 1280, height: 900 }, signedIn = true): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport, extraHTTPHeaders: signedIn ? ADMIN_HEADERS : {} });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  return { page, problems };
}

/**
 * Opens `url` in a fresh watched page, runs `check` on it, saves a full-page
 * screenshot to `screenshot`, and fails if the page logged errors or showed
 * an error notice (`role=alert`). A failing check reports those too: they
 * usually say why.
 */
export async function checkPage(browser: Browser, url: string, screenshot: string, check: (page: Page) => Promise<void>, viewport?: { width: number; height: number }): Promise<void> {
  const { page, problems } = await watchedPage(browser, viewport);
  let failure: unknown;
  try {
    await page.goto(url);
    await check(page);
  } catch (err) {
    failure = err;
  }
  await page.screenshot({ path: screenshot, fullPage: true });
  const alerts = await page.locator('[role=alert]').allTextContents();
  await page.close();
  if (failure) throw new Error(`${(failure as Error).message}\nThe page's errors: ${JSON.stringify({ problems, alerts }, null, 2)}`, { cause: failure });
  if (problems.length || alerts.length) throw new Error(`${url} went wrong: ${JSON.stringify({ problems, alerts }, null, 2)}`);
}
