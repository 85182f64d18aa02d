import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Browser, Locator, Page } from 'playwright-core';
import { sensorTopic, type SiteFile } from '@hearth/contracts';
import { ADMIN_HEADERS, publishMany, SERVER_ENTRY, waitFor } from '@hearth/testing';
import { checkPage, launchChromium, waitForDrawn, waitForHash } from './chromium.js';
import { serveHearth, type ServedHearth } from './serve-hearth.js';

/**
 * The dashboard as a planner sees it: the built bundle served by a Hearth
 * process with the demo library (two weeks of history and live simulated
 * traffic), driven in headless Chromium. One server and one browser serve
 * every test; each page gets a screenshot in test-artifacts/screenshots and
 * must load without console errors or uncaught exceptions.
 */
const SITE = 'riverside';
const FLOOR = 'first';
const NAV_PAGES = ['floor', 'patterns', 'visits', 'recommendations', 'sensors', 'setup'];
// dist/apps/server/src/main.js lives four folders below the repository.
const SCREENSHOTS = path.join(path.dirname(SERVER_ENTRY), '..', '..', '..', '..', 'test-artifacts', 'screenshots');

describe('the dashboard in a browser', () => {
  let hearth: ServedHearth;
  let browser: Browser;
  let siteFile: SiteFile;

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [hearth, browser] = await Promise.all([serveHearth('browser', { HEARTH_DEMO: 'true', DEMO_HISTORY_WEEKS: '2' }), launchChromium()]);
    siteFile = await api<SiteFile>(`/sites/${SITE}/site-file`);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await hearth?.stop();
  });

  const api = async <T>(route: string): Promise<T> => {
    const res = await fetch(`${hearth.url}/api/v1${route}`, { headers: ADMIN_HEADERS });
    if (!res.ok) throw new Error(`GET ${route}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const floorZones = () => siteFile.floors.find((f) => f.id === FLOOR)!.zones;

  /** Opens `route` (a path or a dashboard hash) with `checkPage`, its screenshot named `name`. */
  const inPage = (route: string, name: string, check: (page: Page) => Promise<void>): Promise<void> =>
    checkPage(browser, `${hearth.url}${route.startsWith('#') ? `/${route}` : route}`, path.join(SCREENSHOTS, `${name}.png`), check);
  const fills = async (zones: Locator) => Promise.all((await zones.all()).map((z) => z.getAttribute('fill')));

  it('draws the floor map: zone polygons, density contours, a legend and the zones as a table', async () => {
    await inPage(`#/floor?site=${SITE}&floor=${FLOOR}&window=28d`, 'floor-map', async (page) => {
      await page.locator('path.contour').first().waitFor();
      const zones = floorZones();
      expect(await page.locator('path.zone').count()).toBe(zones.length);
      expect(await page.locator('path.contour').count()).toBeGreaterThan(1);
      expect(await page.locator('svg.legend').getAttribute('aria-label')).toMatch(/^Utilisation/);
      const table = page.locator('table.data-table');
      expect(await table.locator('tbody tr').count()).toBe(zones.length);
      expect((await table.locator('tbody th').allTextContents()).sort()).toEqual(zones.map((z) => z.name).sort());
    });
  });

  it('answers "where do people congregate on floor 2 on weekday afternoons during exams?" in three clicks', async () => {
    await inPage(`#/floor?site=${SITE}`, 'floor-three-clicks', async (page) => {
      await page.locator('path.zone').first().waitFor();
      const density: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/density')) density.push(r.url());
      });
      await page.locator('button[data-floor="second"]').click(); // 1
      await page.locator('path.zone').first().waitFor();
      await page.getByRole('button', { name: 'Exam periods' }).click(); // 2
      await page.locator('path.zone').first().waitFor();
      await page.getByRole('button', { name: 'Weekday afternoons' }).click(); // 3
      await waitForHash(page, 'when=weekday-afternoons');
      await page.locator('path.zone').first().waitFor();
      // The last map asked for the second floor, exam days of the latest exam period, weekdays, 12:00-17:00.
      const asked = new URL(density.at(-1)!);
      const second = (await api<{ id: number; key: string }[]>(`/sites/${SITE}/floors`)).find((f) => f.key === 'second')!;
      expect(asked.pathname).toBe(`/api/v1/floors/${second.id}/density`);
      expect(Object.fromEntries(asked.searchParams)).toMatchObject({ exams: 'true', weekdays: 'mon,tue,wed,thu,fri', hours: '12-17' });
      // ...and the page answers: hot spots listed, or says there are none.
      await expect(page.locator('section[aria-label="Hot spots"], .side p.note').first().innerText()).resolves.toMatch(/congregate|hot spots/i);
    });
  });

  it('plays a day back: moving the scrubber redraws the zones', async () => {
    const day = await busiestRecentDay();
    await inPage(`#/floor?site=${SITE}&floor=${FLOOR}&mode=playback&day=${day}`, 'floor-playback', async (page) => {
      const map = page.locator('svg[data-frame]');
      await map.waitFor();
      expect(await map.getAttribute('data-frame')).toBe('0');
      const before = await fills(page.locator('path.zone'));
      // Midday: the library is open and busy, unlike the small hours the day starts with.
      const scrubber = page.locator('input[type=range]');
      const noon = String(Math.floor(Number(await scrubber.getAttribute('max')) / 2));
      await scrubber.fill(noon);
      await waitFor(async () => ((await map.getAttribute('data-frame')) === noon ? true : undefined), 5_000, `frame ${noon} shown`);
      expect(await fills(page.locator('path.zone'))).not.toEqual(before);
    });
  });

  it('follows the sensors live: desk readings over MQTT show on the map within seconds', async () => {
    await inPage(`#/floor?site=${SITE}&floor=${FLOOR}&mode=live`, 'floor-live', async (page) => {
      const map = page.locator('svg[data-live-at]');
      await map.waitFor();
      const { zone, desks } = await freeDesks();
      const zonePath = page.locator(`path.zone[data-zone="${zone}"]`);
      const label = await zonePath.getAttribute('aria-label');
      const liveAt = (await map.getAttribute('data-live-at'))!;

      // The live value is the current quarter hour's peak, which another desk leaving within
      // the same quarter hour could mask: every free desk of the zone sits down at once.
      const ts = new Date().toISOString();
      const seq = Date.now() % 1_000_000_000;
      const sent = await publishMany(hearth.mqttUrl, desks.map((d) => ({ topic: sensorTopic(SITE, d), payload: JSON.stringify({ type: 'desk', ts, occupied: true, seq }) })));
      expect(sent.acked).toBe(desks.length);

      await waitFor(async () => ((await zonePath.getAttribute('aria-label')) !== label ? true : undefined), 8_000, `zone ${zone} redrawn after the readings`);
      expect(Date.parse((await map.getAttribute('data-live-at'))!)).toBeGreaterThan(Date.parse(liveAt));
    });
  });

  it.each(NAV_PAGES)('the %s page loads without errors', async (id) => {
    await inPage(`#/${id}?site=${SITE}`, `page-${id}`, async (page) => {
      await settle(page);
      expect(await page.locator('#nav a[aria-current=page]').getAttribute('href')).toMatch(new RegExp(`^#/${id}\\?`));
    });
  });

  it('recommends layout changes with three budget options, filters them, and offers the report and data as downloads', async () => {
    // The demo's two weeks of history, today included (`to` is exclusive).
    const today = new Date().toLocaleDateString('en-CA', { timeZone: siteFile.site.timeZone });
    const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    const [from, to] = [day(-14), day(1)];
    type Answer = { recommendations: { id: string; title: string; priority: string; evidence: { figure: { kind: string } | null } }[] };
    const expected = await api<Answer>(`/sites/${SITE}/recommendations?from=${from}&to=${to}`);
    expect(expected.recommendations.length).toBeGreaterThan(0);
    const downloads: { label: string; href: string }[] = [];

    await inPage(`#/recommendations?site=${SITE}&from=${from}&to=${to}`, 'recommendations', async (page) => {
      const cards = page.locator('article.rec-card');
      await cards.first().waitFor({ timeout: 60_000 });
      expect(await cards.count()).toBe(expected.recommendations.length);
      const first = cards.first();
      expect(await first.locator('h3').innerText()).toBe(expected.recommendations[0]!.title);
      // The priority in words, not only in colour; the options under their budget levels, on every card.
      expect(await first.locator('.rec-priority').innerText()).toMatch(/^(High|Medium|Low) priority$/);
      for (const card of await cards.all()) {
        expect(await card.locator('.rec-options > li h5').allTextContents()).toEqual(['No budget', 'Low budget', 'High budget']);
        expect(await card.locator('.rec-options > li .rec-check').count()).toBe(3);
      }
      // Every recommendation with a figure shows it as a named image.
      const figures = expected.recommendations.filter((r) => r.evidence.figure).length;
      expect(await page.locator('article.rec-card svg[role=img] > title').count()).toBe(figures);

      // Filtering by the first card's priority keeps only that priority, in the page and in the address.
      const priority = expected.recommendations[0]!.priority;
      await page.getByRole('button', { name: new RegExp(`^${priority} priority \\(`, 'i') }).click();
      await waitForHash(page, `priority=${priority}`);
      const kept = expected.recommendations.filter((r) => r.priority === priority).length;
      expect(await cards.count()).toBe(kept);
      expect(await page.locator(`article.rec-card.priority-${priority}`).count()).toBe(kept);

      for (const link of await page.locator('nav.rec-exports a[download]').all()) downloads.push({ label: await link.innerText(), href: (await link.getAttribute('href'))! });
    });

    expect(downloads.map((d) => d.label)).toEqual(['PDF report', 'Recommendations CSV', 'Zones GeoJSON', 'Zone-days CSV', 'Statistics returns CSV']);
    const types: Record<string, string> = {
      'PDF report': 'application/pdf',
      'Recommendations CSV': 'text/csv',
      'Zones GeoJSON': 'application/geo+json',
      'Zone-days CSV': 'text/csv',
      'Statistics returns CSV': 'text/csv',
    };
    for (const { label, href } of downloads) {
      const url = new URL(href, hearth.url);
      expect({ label, from: url.searchParams.get('from'), to: url.searchParams.get('to') }).toEqual({ label, from, to });
      const res = await fetch(url, { headers: ADMIN_HEADERS });
      const body = Buffer.from(await res.arrayBuffer());
      expect({ label, status: res.status, type: res.headers.get('content-type')?.split(';')[0] }).toEqual({ label, status: 200, type: types[label] });
      expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
      if (label === 'PDF report') expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      else if (label === 'Zones GeoJSON') expect(JSON.parse(body.toString('utf8'))).toMatchObject({ type: 'FeatureCollection' });
      else expect(body.toString('utf8').split(/\r?\n/).filter(Boolean).length).toBeGreaterThan(1);
    }
  }, 180_000);

  it('draws a zone on the setup page, which then appears through the API', async () => {
    await inPage(`#/setup?site=${SITE}&floor=second`, 'setup-draw', async (page) => {
      const plan = page.getByTestId('setup-plan');
      await plan.waitFor();
      // Metres to screen pixels through the plan's own transform.
      const toScreen = (x: number, y: number) =>
        plan.evaluate((svg, [px, py]) => {
          // Runs in the page (DOM types are not part of the server's compilation).
          type Dom = { DOMPoint: new (x: number, y: number) => { matrixTransform(m: unknown): { x: number; y: number } } };
          const p = new (globalThis as unknown as Dom).DOMPoint(px, py).matrixTransform((svg as unknown as { getScreenCTM(): unknown }).getScreenCTM());
          return [p.x, p.y] as const;
        }, [x, y] as const);
      await page.getByTestId('setup-new-zone').click();
      const corners: [number, number][] = [
        [44, 30],
        [58, 30],
        [58, 39],
        [44, 39],
        [44, 30], // the first point again closes the outline
      ];
      for (const [x, y] of corners) {
        const [sx, sy] = await toScreen(x, y);
        await page.mouse.click(sx, sy);
      }
      await page.getByTestId('zone-key').fill('browser-corner');
      await page.getByTestId('zone-name').fill('Corner drawn in a browser');
      await page.getByTestId('zone-category').selectOption('quiet_study');
      await page.getByTestId('zone-capacity').fill('12');
      await page.getByTestId('zone-save').click();
      await page.getByTestId('setup-status').getByText('saved').waitFor({ timeout: 10_000 });
    });
    const zones = await api<{ key: string; name: string; capacity: number; floor: string; areaM2: number }[]>(`/sites/${SITE}/zones`);
    const drawn = zones.find((z) => z.key === 'browser-corner');
    // 14 m by 9 m, give or take the 0.1 m a click snaps to.
    expect(drawn).toMatchObject({ name: 'Corner drawn in a browser', capacity: 12, floor: 'second' });
    expect(Math.abs(drawn!.areaM2 - 126)).toBeLessThan(4);
  });

  it('the public page loads without errors, and never gives a count of fewer than 5 people', async () => {
    await inPage(`/public/${SITE}`, 'public', async (page) => {
      await settle(page);
      // What a patron reads or hears: the visible text and the accessible names of the meters.
      const labels = await Promise.all((await page.locator('[aria-label]').all()).map((el) => el.getAttribute('aria-label')));
      const said = [await page.locator('main').innerText(), ...labels].join('\n');
      expect(said).toMatch(/people/);
      const counts = [...said.matchAll(/(\d[\d,.]*)\s+(?:people|persons?|visitors?)\b/gi)].map((m) => ({ text: m[0], n: Number(m[1]!.replace(/,/g, '')) }));
      expect(counts.filter((c) => c.n < 5)).toEqual([]);
    });
  });

  /** Waits until a page has drawn: its content is in, and the network has been quiet for a moment. */
  async function settle(page: Page): Promise<void> {
    await waitForDrawn(page);
    // A page that keeps a live stream open never goes quiet; three seconds is plenty for the others.
    await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => undefined);
  }

  /** The site-local date of the busiest hour of the last week: a day with history. */
  async function busiestRecentDay(): Promise<string> {
    const to = new Date();
    const from = new Date(to.getTime() - 7 * 86_400_000);
    const history = await api<{ total?: { points: { start: string; mean: number }[] } }>(`/sites/${SITE}/occupancy?from=${from.toISOString()}&to=${to.toISOString()}&resolution=1h`);
    const points = history.total?.points ?? [];
    if (points.length === 0) throw new Error('the demo library has no history in the last week');
    const busiest = points.reduce((a, b) => (b.mean > a.mean ? b : a));
    return new Date(busiest.start).toLocaleDateString('en-CA', { timeZone: siteFile.site.timeZone });
  }

  /**
   * A zone of the floor counted by desk sensors alone (a headcount sensor would take
   * precedence), with the desks that are free now: never read, or last read as free.
   */
  async function freeDesks(): Promise<{ zone: string; desks: string[] }> {
    const sql = new pg.Client({ connectionString: hearth.db.url });
    await sql.connect();
    try {
      const { rows } = await sql.query<{ zone: string; desks: string[] }>(
        `SELECT z.key AS zone, array_agg(s.key ORDER BY s.key) AS desks
         FROM sensor s JOIN zone z ON z.id = s.zone_id JOIN floor f ON f.id = z.floor_id JOIN site ON site.id = z.site_id
         WHERE site.key = $1 AND f.key = $2 AND s.kind = 'desk'
           AND NOT EXISTS (SELECT 1 FROM sensor h WHERE h.zone_id = z.id AND h.kind = 'zone')
           AND NOT coalesce((SELECT e.occupied FROM raw_event e WHERE e.sensor_id = s.id AND e.kind = 'desk' ORDER BY e.captured_at DESC LIMIT 1), false)
         GROUP BY z.key ORDER BY count(*) DESC LIMIT 1`,
        [SITE, FLOOR],
      );
      if (!rows[0]) throw new Error(`no free desk on floor ${FLOOR}`);
      return rows[0];
    } finally {
      await sql.end();
    }
  }
});
