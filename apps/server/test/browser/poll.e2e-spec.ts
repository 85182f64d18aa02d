import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_HEADERS, SERVER_ENTRY } from '@hearth/testing';
import { checkPage, launchChromium } from './chromium.js';
import { serveHearth, type ServedHearth } from './serve-hearth.js';

/**
 * The patrons' poll in a browser: a patron answers it on the public page with
 * the keyboard and the mouse, and the staff's floor page shows the results
 * beside the density map. The built server on the branch library (no demo),
 * with a threshold of 2 answers.
 */
const SITE = 'branch';
const siteYaml = fs.readFileSync(new URL('../../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');
const SCREENSHOTS = path.join(path.dirname(SERVER_ENTRY), '..', '..', '..', '..', 'test-artifacts', 'screenshots');

describe("the patrons' poll in a browser", () => {
  let hearth: ServedHearth;
  let browser: Browser;
  let sql: pg.Client;

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [hearth, browser] = await Promise.all([serveHearth('pollui', { POLL_MIN_ANSWERS: '2' }), launchChromium()]);
    const imported = await fetch(`${hearth.url}/api/v1/sites/import`, { method: 'POST', headers: { ...ADMIN_HEADERS, 'Content-Type': 'text/yaml' }, body: siteYaml });
    if (!imported.ok) throw new Error(`import: ${imported.status} ${await imported.text()}`);
    sql = new pg.Client({ connectionString: hearth.db.url });
    await sql.connect();
  }, 120_000);
  afterAll(async () => {
    await sql?.end();
    await browser?.close();
    await hearth?.stop();
  });

  const answer = async (body: unknown) => {
    const res = await fetch(`${hearth.url}/api/v1/public/sites/${SITE}/poll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 202) throw new Error(`answer: ${res.status} ${await res.text()}`);
  };
  /** The counters of a zone: dimension → [answers, count of 1s … 5s]. */
  const counters = async (zone: string) => {
    const { rows } = await sql.query(
      `SELECT t.dimension, t.answers, t.count_1, t.count_2, t.count_3, t.count_4, t.count_5 FROM poll_tally t JOIN zone z ON z.id = t.zone_id WHERE z.key = $1 ORDER BY t.dimension`,
      [zone],
    );
    return Object.fromEntries(rows.map((r) => [r.dimension, [r.answers, r.count_1, r.count_2, r.count_3, r.count_4, r.count_5]]));
  };

  /** Opens `route` with `checkPage` on a phone-sized screen, its screenshot named `name`. */
  const inPage = (route: string, name: string, check: (page: Page) => Promise<void>): Promise<void> =>
    checkPage(browser, `${hearth.url}${route}`, path.join(SCREENSHOTS, `${name}.png`), check, { width: 420, height: 900 });

  it('a patron answers with the keyboard and the mouse, and is thanked; only counters change', async () => {
    await inPage(`/public/${SITE}`, 'poll-public', async (page) => {
      const poll = page.getByRole('region', { name: 'Tell us about this space' });
      await poll.waitFor();
      // Entrances have no poll.
      expect(await poll.locator('option').allTextContents()).toEqual(expect.arrayContaining(['Choose an area…', 'Quiet study', 'Cafe']));
      expect(await poll.locator('option').allTextContents()).not.toContain('Lobby');
      const area = page.getByLabel('Which area are you telling us about?');
      await area.focus();
      await area.selectOption({ label: 'Quiet study' });

      // From the area picker, Tab reaches the first question's chosen button ("Skip"); arrows move along its scale.
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement.name')).toBe('poll-convenience');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Tab');
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
      // The mouse: "5 excellent" for trust.
      await poll.getByRole('group', { name: /^Trust/ }).getByText('excellent').click();
      expect(await poll.getByRole('group', { name: /^Convenience/ }).getByRole('radio', { name: '3 good' }).isChecked()).toBe(true);
      expect(await poll.getByRole('group', { name: /^Comfort/ }).getByRole('radio', { name: '4 very good' }).isChecked()).toBe(true);

      // The busy figures refresh (as they do every 30 s) without touching the half-filled form.
      const busy = page.waitForResponse((r) => r.url().endsWith(`/api/v1/public/sites/${SITE}/busy`));
      await page.evaluate(`document.dispatchEvent(new Event('visibilitychange'))`);
      await busy;
      await page.locator('.figures h1').waitFor();
      expect(await page.getByLabel('Which area are you telling us about?').inputValue()).toBe('quiet');
      expect(await poll.getByRole('group', { name: /^Trust/ }).getByRole('radio', { name: '5 excellent' }).isChecked()).toBe(true);

      // Tab on past "wow" (skipped) to the button, and send with Enter.
      await poll.getByRole('group', { name: /^Trust/ }).getByRole('radio', { name: '5 excellent' }).focus();
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await page.evaluate('document.activeElement?.textContent')).toBe('Send my answer');
      await page.keyboard.press('Enter');
      const thanks = poll.locator('.poll-thanks');
      await thanks.waitFor();
      expect(await thanks.innerText()).toBe('Thank you! Your answer about Quiet study has been counted.');
      expect(await page.evaluate('document.activeElement?.className')).toBe('poll-thanks');
      // The busy figures are still there.
      expect(await page.locator('.figures h1').innerText()).toBe('How busy is Branch Library?');
    });
    expect(await counters('quiet')).toEqual({
      any: [1, 0, 0, 0, 0, 0],
      comfort: [1, 0, 0, 0, 1, 0],
      convenience: [1, 0, 0, 1, 0, 0],
      trust: [1, 0, 0, 0, 0, 1],
    });
  });

  it('tells a patron who scored nothing what is missing, without sending', async () => {
    await inPage(`/public/${SITE}`, 'poll-public-empty', async (page) => {
      await page.getByLabel('Which area are you telling us about?').selectOption({ label: 'Cafe' });
      await page.getByRole('button', { name: 'Send my answer' }).click();
      const status = page.locator('.poll-status');
      await expect(status.innerText()).resolves.toMatch(/at least one score/);
      expect(await status.getAttribute('role')).toBe('alert');
      // Fixed: one score, and it goes through.
      await page.getByRole('group', { name: /^Wow/ }).getByText('fair').click();
      await page.getByRole('button', { name: 'Send my answer' }).click();
      await page.locator('.poll-thanks').waitFor();
    });
    expect((await counters('cafe'))['wow']).toEqual([1, 0, 1, 0, 0, 0]);
  });

  it("shows the poll's results beside the floor map: means from the threshold, \"too few answers\" below it", async () => {
    // The cafe has 1 answer so far: two more make 3 (threshold 2); the quiet study stays at 1.
    await answer({ zone: 'cafe', scores: { wow: 4, comfort: 5 } });
    await answer({ zone: 'cafe', scores: { wow: 5 } });
    await inPage(`/#/floor?site=${SITE}&floor=ground&window=7d`, 'poll-floor', async (page) => {
      const table = page.locator('.side table.poll-results');
      await table.waitFor();
      expect(await page.locator('.side').getByRole('heading', { name: 'What patrons say' }).count()).toBe(1);
      const row = (zone: string) => table.locator(`tbody tr[data-zone="${zone}"]`);
      // Areas: name, answers, then convenience, comfort, hospitality, quality, trust, wow.
      expect(await row('cafe').locator('th, td').allInnerTexts()).toEqual(['Cafe', '3', '–', '–', '–', '–', '–', '3.7']);
      expect(await row('quiet').locator('th, td').allInnerTexts()).toEqual(['Quiet study', '1', 'too few answers']);
      expect(await table.locator('tbody tr').count()).toBe(2);
      // The density map's own table is untouched.
      expect(await page.locator('table.data-table').count()).toBe(1);
    });
  });
});
