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

/** What a page did that an injected script would do: dialogs, calls of the trap binding, `window.__xss`, and CSP violations. */
export interface XssTrap {
  /** Messages of the dialogs (alert, confirm, prompt) the page opened; each was dismissed. */
  dialogs: string[];
  /** Arguments of every call of `window.__xssHit(n)`: a payload's script ran. */
  hits: unknown[];
  /** Violations the page's Content-Security-Policy reported, as "directive blocked-uri". */
  violations(): Promise<string[]>;
  /** The value a payload may have put in `window.__xss` (undefined when none ran). */
  flag(): Promise<unknown>;
}

/**
 * Sets traps for injected scripts on `page` before it loads anything: a
 * `__xssHit` binding for payloads to call, a record of dialogs (dismissed at
 * once) and of the page's Content-Security-Policy violations. Payloads that
 * run leave a trace in one of them.
 */
export async function trapXss(page: Page): Promise<XssTrap> {
  const dialogs: string[] = [];
  const hits: unknown[] = [];
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss().catch(() => undefined);
  });
  await page.exposeBinding('__xssHit', (_source, ...args: unknown[]) => {
    hits.push(args.length === 1 ? args[0] : args);
  });
  // Runs in the page before its own scripts (DOM types are not part of the server's compilation).
  await page.addInitScript(() => {
    const w = globalThis as unknown as { __cspViolations: string[]; document: { addEventListener(type: string, fn: (e: { violatedDirective: string; blockedURI: string }) => void): void } };
    w.__cspViolations = [];
    w.document.addEventListener('securitypolicyviolation', (e) => w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return {
    dialogs,
    hits,
    violations: () => page.evaluate(() => (globalThis as unknown as { __cspViolations?: string[] }).__cspViolations ?? []),
    flag: () => page.evaluate(() => (globalThis as unknown as { __xss?: unknown }).__xss),
  };
}

/*
 * Waiting on the page. Hearth's Content-Security-Policy allows no eval, so
 * Playwright's string predicates (`page.waitForFunction("...")`) fail with an
 * EvalError once they have to poll; these pass functions instead. They run in
 * the page, where the DOM types of the server's compilation do not reach.
 */
type PageGlobals = { location: { hash: string }; document: { querySelector(s: string): { textContent: string | null } | null } };

/** Waits until the dashboard's (or the public page's) main element says more than "Loading…". */
export async function waitForDrawn(page: Page, timeout?: number): Promise<void> {
  await page.waitForFunction(
    () => !/^\s*Loading…\s*$/.test((globalThis as unknown as PageGlobals).document.querySelector('main')?.textContent ?? ''),
    undefined,
    timeout === undefined ? {} : { timeout },
  );
}

/** Waits until the page's address (its hash route) contains `part`. */
export async function waitForHash(page: Page, part: string, timeout?: number): Promise<void> {
  await page.waitForFunction((p) => (globalThis as unknown as PageGlobals).location.hash.includes(p), part, timeout === undefined ? {} : { timeout });
}
