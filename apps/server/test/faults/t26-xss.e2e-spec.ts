import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { ADMIN_HEADERS, publishMany, SERVER_ENTRY, waitFor } from '@hearth/testing';
import { sensorTopic } from '@hearth/contracts';
import { launchChromium, trapXss, waitForDrawn, watchedPage } from '../browser/chromium.js';
import { serveHearth, type ServedHearth } from '../browser/serve-hearth.js';
import { reportFigure } from './figures.js';

/**
 * T26: stored XSS through names and exports. A library whose site, floor,
 * period, zone and sensor names are script payloads from the OWASP XSS
 * filter-evasion cheat sheet (each with its own number, so a payload that
 * runs says which one it was) is rendered by the built dashboard in Chromium:
 * every page that shows names, with the floor maps' zones, legends and hot
 * spots hovered. A payload that ran would have opened a dialog, called
 * `__xssHit(n)` or set `window.__xss`; the pages must also report no
 * Content-Security-Policy violation, which proves the names went in as text
 * (the CSP is the second line, checked on its own at the end). The CSV
 * exports must neutralise every cell that starts like a formula.
 */
const SITE = 't26-xss';
const ZONES_PER_FLOOR = 10;
const FLOORS = 3;

/** Thirty payloads; § becomes the payload's number. The last five also start like spreadsheet formulas. */
const PAYLOADS = [
  '<script>__xssHit(§)</script>',
  '<img src=x onerror=__xssHit(§)>',
  '<svg onload=__xssHit(§)>',
  '<svg/onload=alert(§)>',
  '"><script>alert(§)</script>',
  "'><img src=x onerror=alert(§)>",
  '<body onload=__xssHit(§)>',
  '<iframe srcdoc="<script>parent.__xssHit(§)</script>">',
  '<a href="javascript:__xssHit(§)">§</a>',
  '<details open ontoggle=__xssHit(§)>',
  '<input autofocus onfocus=__xssHit(§)>',
  '<marquee onstart=__xssHit(§)>§</marquee>',
  '<video><source onerror=__xssHit(§)></video>',
  '<audio src=x onerror=alert(§)>',
  '<object data="javascript:alert(§)">',
  '<math><mtext><table><mglyph><style><img src=x onerror=__xssHit(§)>',
  '<IMG SRC=JaVaScRiPt:alert(§)>',
  '<scr<script>ipt>__xssHit(§)</scr</script>ipt>',
  '<b onmouseover=__xssHit(§)>hover §</b>',
  '" onmouseover="__xssHit(§)" x="',
  "' onfocus='__xssHit(§)' autofocus='",
  '</title><script>__xssHit(§)</script>',
  '</textarea><script>alert(§)</script>',
  "{{constructor.constructor('__xssHit(§)')()}}",
  '${__xssHit(§)}<img src=x onerror="window.__xss=§">',
  '=HYPERLINK("javascript:__xssHit(§)","<img src=x onerror=__xssHit(§)>")',
  "+__xssHit(§)+cmd|' /C calc'!A0",
  "-1+1+cmd|' /C calc'!A0<svg onload=__xssHit(§)>",
  "@SUM(1+1)*cmd|' /C calc'!A0<img src=x onerror=alert(§)>",
  '\t=1+§<script>__xssHit(§)</script>',
] as const;

const payload = (i: number, n: number) => PAYLOADS[i % PAYLOADS.length]!.replaceAll('§', String(n));
const FORMULA_START = /^[=+\-@\t\r]/;
// Dashboard screenshots go beside the browser tests' (dist/apps/server/src/main.js is four folders below the repository).
const SCREENSHOTS = path.join(path.dirname(SERVER_ENTRY), '..', '..', '..', '..', 'test-artifacts', 'screenshots');

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The site file: every name a payload, zones numbered 1..30, the site 100, floors 101.., periods 111.. */
function siteFile() {
  const allDay = ['00:00-23:59'];
  return {
    version: 1,
    site: {
      id: SITE,
      name: payload(25, 100),
      timeZone: 'UTC',
      serviceDayStart: '00:00',
      openingHours: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay },
      periods: [
        { kind: 'term', name: payload(1, 111), from: day(-60), to: day(60) },
        { kind: 'exam', name: payload(4, 112), from: day(-3), to: day(3) },
      ],
    },
    floors: Array.from({ length: FLOORS }, (_, f) => ({
      id: `f${f}`,
      name: payload(f + 2, 101 + f),
      ordinal: f,
      size: { width: 50, height: 20 },
      zones: Array.from({ length: ZONES_PER_FLOOR }, (_, i) => {
        const n = f * ZONES_PER_FLOOR + i;
        const [x, y] = [(i % 5) * 10, Math.floor(i / 5) * 10];
        return { id: `z${n}`, name: payload(n, n + 1), category: 'quiet_study', capacity: 4, polygon: [[x, y], [x + 10, y], [x + 10, y + 10], [x, y + 10]] };
      }),
      sensors: [
        ...Array.from({ length: ZONES_PER_FLOOR }, (_, i) => {
          const n = f * ZONES_PER_FLOOR + i;
          return { id: `d${n}`, kind: 'desk', zone: `z${n}`, position: [(i % 5) * 10 + 5, Math.floor(i / 5) * 10 + 5] };
        }),
        ...(f === 0 ? [{ id: 'door-main', kind: 'door', position: [25, 20], inTo: 'z7', outTo: 'outside' }] : []),
      ],
    })),
  };
}

const zoneNames = () => Array.from({ length: FLOORS * ZONES_PER_FLOOR }, (_, n) => payload(n, n + 1));
/** Sensors nobody declared, publishing under payload keys (MQTT topics cannot hold "/", "+" or "#"): shown as unclaimed. */
const UNCLAIMED = PAYLOADS.map((_, i) => payload(i, 200 + i)).filter((k) => !/[/+#\u0000]/.test(k)).slice(0, 8);

describe('T26: stored XSS through names and exports', () => {
  let hearth: ServedHearth;
  let browser: Browser;
  const pages: { route: string; dialogs: number; hits: number; flag: unknown; violations: string[]; csp: string }[] = [];

  const api = async (route: string, init: RequestInit = {}) => {
    const res = await fetch(`${hearth.url}/api/v1${route}`, { ...init, headers: { ...ADMIN_HEADERS, ...init.headers } });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${route}: ${res.status} ${await res.text()}`);
    return res;
  };

  beforeAll(async () => {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    [hearth, browser] = await Promise.all([serveHearth('t26'), launchChromium()]);
    await api('/sites/import', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(siteFile()) });
    // Desks taken in every other zone, people through the door, and heartbeats of the unclaimed sensors.
    const ts = new Date().toISOString();
    const seq = Date.now() % 1_000_000_000;
    const messages = [
      ...Array.from({ length: FLOORS * ZONES_PER_FLOOR }, (_, n) => ({ topic: sensorTopic(SITE, `d${n}`), payload: JSON.stringify({ type: 'desk', ts, occupied: n % 2 === 0, seq }) })),
      { topic: sensorTopic(SITE, 'door-main'), payload: JSON.stringify({ type: 'door', ts, in: 12, out: 3, seq }) },
      ...UNCLAIMED.map((key) => ({ topic: sensorTopic(SITE, key), payload: JSON.stringify({ type: 'heartbeat', ts, battery: 80, seq }) })),
    ];
    expect((await publishMany(hearth.mqttUrl, messages)).acked).toBe(messages.length);
    await waitFor(
      async () => {
        const live = (await (await api(`/sites/${SITE}/occupancy/live`)).json()) as { zones: { zone: string; occupancy: number | null }[] };
        const unclaimed = (await (await api('/sensors/unclaimed')).json()) as { key: string }[];
        return live.zones.filter((z) => z.occupancy !== null).length >= FLOORS * ZONES_PER_FLOOR / 2 && UNCLAIMED.every((k) => unclaimed.some((u) => u.key === k)) ? true : undefined;
      },
      20_000,
      'the readings stored',
    );
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await hearth?.stop();
  });

  /** Opens `route` with the traps set, runs `act`, and records what ran. Signed in as the test administrator unless `signedIn` is false. */
  async function visit(route: string, name: string, act: (page: Page) => Promise<void>, signedIn = true): Promise<void> {
    const { page, problems } = await watchedPage(browser, undefined, signedIn);
    const trap = await trapXss(page);
    try {
      const res = await page.goto(`${hearth.url}${route.startsWith('#') ? `/${route}` : route}`);
      await waitForDrawn(page);
      await act(page);
      await page.waitForLoadState('networkidle', { timeout: 3_000 }).catch(() => undefined);
      // Time for anything deferred (autofocus, media errors, marquee starts) to fire.
      await page.waitForTimeout(300);
      pages.push({ route, dialogs: trap.dialogs.length, hits: trap.hits.length, flag: await trap.flag(), violations: await trap.violations(), csp: res?.headers()['content-security-policy'] ?? '' });
      await page.screenshot({ path: path.join(SCREENSHOTS, `t26-${name}.png`), fullPage: true });
      expect({ route, dialogs: trap.dialogs, hits: trap.hits, flag: await trap.flag(), violations: await trap.violations() }).toEqual({ route, dialogs: [], hits: [], flag: undefined, violations: [] });
    } catch (err) {
      throw new Error(`${route}: ${(err as Error).message}\nThe page's errors: ${JSON.stringify(problems, null, 2)}`, { cause: err });
    } finally {
      await page.close();
    }
  }

  /** Moves the mouse over up to `max` elements matching `selector` (tooltips, legends, hot spots), and focuses them. */
  async function hoverAll(page: Page, selector: string, max = 40): Promise<number> {
    let n = 0;
    for (const el of (await page.locator(selector).all()).slice(0, max)) {
      if (!(await el.isVisible())) continue;
      await el.hover({ force: true, timeout: 2_000 }).catch(() => undefined);
      await el.focus({ timeout: 500 }).catch(() => undefined);
      n++;
    }
    return n;
  }

  it("the dashboard's source never turns a string into markup", () => {
    const root = path.join(path.dirname(SERVER_ENTRY), '..', '..', '..', '..', 'dashboards', 'src');
    const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));
    expect(files.length).toBeGreaterThan(20);
    const sinks = /\.html\(|innerHTML|outerHTML|insertAdjacentHTML|document\.write|\.attr\(\s*['"]style['"]|setAttribute\(\s*['"]style['"]|\bstyle:\s*[`'"]/;
    const found = files.flatMap((f) =>
      fs
        .readFileSync(path.join(root, f), 'utf8')
        .split('\n')
        .map((line, i) => (sinks.test(line) ? `${f}:${i + 1}: ${line.trim()}` : null))
        .filter((l): l is string => l !== null),
    );
    expect(found).toEqual([]);
  });

  it('serves the dashboard and the public page with a CSP that allows no inline script or style', async () => {
    for (const route of ['/', `/public/${SITE}`]) {
      const res = await fetch(`${hearth.url}${route}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect({ route, csp }).toEqual({ route, csp: expect.stringContaining("script-src 'self'") });
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
    }
  });

  it('the floor maps: zone names as text in the table, tooltips, legend and hot spots hovered, on every floor', async () => {
    for (let f = 0; f < FLOORS; f++) {
      await visit(`#/floor?site=${SITE}&floor=f${f}&window=7d`, `floor-${f}`, async (page) => {
        await page.locator('path.zone').first().waitFor();
        expect(await hoverAll(page, 'path.zone')).toBe(ZONES_PER_FLOOR);
        // The tooltip names the zone hovered last, as text.
        expect(await page.locator('.tooltip strong').innerText()).toBe(zoneNames()[f * ZONES_PER_FLOOR + ZONES_PER_FLOOR - 1]!.trim());
        await hoverAll(page, 'svg.legend, svg.legend *, circle.hotspot, .hotspot-label, [data-floor], option');
        const table = (await page.locator('table.data-table tbody th').allTextContents()).sort();
        expect(table).toEqual(zoneNames().slice(f * ZONES_PER_FLOOR, (f + 1) * ZONES_PER_FLOOR).sort());
        // Floor and period names as text too.
        expect(await page.locator('button[data-floor]').allTextContents()).toEqual([payload(2, 101), payload(3, 102), payload(4, 103)]);
        expect(await page.locator('option', { hasText: payload(4, 112) }).count()).toBe(1);
      });
    }
  });

  it('live and playback maps, with their tooltips', async () => {
    await visit(`#/floor?site=${SITE}&floor=f0&mode=live`, 'floor-live', async (page) => {
      await page.locator('svg[data-live-at]').waitFor();
      expect(await hoverAll(page, 'path.zone')).toBe(ZONES_PER_FLOOR);
    });
    await visit(`#/floor?site=${SITE}&floor=f1&mode=playback&day=${day(0)}`, 'floor-playback', async (page) => {
      await page.locator('path.zone').first().waitFor();
      await hoverAll(page, 'path.zone');
    });
  });

  it.each(['patterns', 'visits', 'recommendations', 'sensors', 'setup'])('the %s page', async (id) => {
    await visit(`#/${id}?site=${SITE}`, id, async (page) => {
      await page.locator('#nav a[aria-current=page]').waitFor();
      if (id === 'sensors') await page.locator('.unclaimed h3').first().waitFor();
      if (id === 'setup') await page.getByTestId('edit-zone-z0').waitFor();
      await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
      await hoverAll(page, 'svg rect, svg path, svg circle, [data-zone], button', 60);
      if (id === 'sensors') expect(await page.locator('.unclaimed h3').allTextContents()).toEqual(expect.arrayContaining(UNCLAIMED.map((k) => k.trim())));
      if (id === 'setup') expect(await page.getByTestId('edit-zone-z0').textContent()).toBe(`Edit ${zoneNames()[0]!}`);
    });
  });

  it('the public page, signed out: zone and floor names in the poll as text', async () => {
    await visit(
      `/public/${SITE}`,
      'public',
      async (page) => {
        await page.locator('#poll-zone').waitFor();
        const options = await page.locator('#poll-zone option').allTextContents();
        expect(options.slice(1).sort()).toEqual(zoneNames().sort());
        await hoverAll(page, 'h2, h3, svg, option', 60);
      },
      false,
    );
  });

  it('the CSV exports neutralise every cell that starts like a formula', async () => {
    const window = `from=${day(-6)}&to=${day(1)}`;
    const exports = [`/sites/${SITE}/exports/zone-days.csv?${window}`, `/sites/${SITE}/exports/statistics-returns.csv?${window}`, `/sites/${SITE}/recommendations?${window}&format=csv`];
    const names = new Set([...zoneNames(), payload(25, 100)]);
    let formulaCells = 0;
    let neutralised = 0;
    const unsafe: string[] = [];
    for (const route of exports) {
      const cells = (parse(await (await api(route)).text(), { bom: true, relax_column_count: true }) as string[][]).flat();
      for (const cell of cells) {
        const raw = cell.startsWith("'") ? cell.slice(1) : cell;
        if (names.has(raw) && FORMULA_START.test(raw)) {
          formulaCells++;
          if (cell === `'${raw}`) neutralised++;
        }
        // No cell of any export may start like a formula, numbers aside.
        if (FORMULA_START.test(cell) && Number.isNaN(Number(cell))) unsafe.push(`${route}: ${JSON.stringify(cell)}`);
      }
    }
    // Five formula zone names on each of the 7 days, at least.
    expect(formulaCells).toBeGreaterThanOrEqual(5 * 7);
    expect(unsafe).toEqual([]);
    expect(neutralised).toBe(formulaCells);

    const total = pages.reduce((s, p) => ({ dialogs: s.dialogs + p.dialogs, hits: s.hits + p.hits + (p.flag === undefined ? 0 : 1), violations: s.violations + p.violations.length }), { dialogs: 0, hits: 0, violations: 0 });
    // Every page visit above must have run to the end: a figure over fewer pages would claim what was not tried.
    const visits = FLOORS + 2 + 5 + 1; // the floor maps, live and playback, the five pages, the public page
    expect(pages.length).toBe(visits);
    const cspOk = pages.every((p) => p.csp.includes("script-src 'self'") && !p.csp.includes('unsafe-inline'));
    expect(cspOk).toBe(true);
    reportFigure(
      'T26',
      `XSS: ${PAYLOADS.length} payloads in site, floor, zone and sensor names on ${pages.length} pages: ${total.dialogs} dialogs, ${total.hits} script runs, ${total.violations} CSP violations; CSP without unsafe-inline; CSV formula cells neutralised ${neutralised}/${formulaCells}`,
    );
  });

  it("the CSP stops inline script on its own: markup forced into the page's DOM does not run", async () => {
    const { page } = await watchedPage(browser);
    const trap = await trapXss(page);
    await page.goto(`${hearth.url}/#/floor?site=${SITE}`);
    await page.locator('path.zone').first().waitFor();
    // What a forgotten .html(name) would do, done on purpose.
    await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { createElement(t: string): { innerHTML: string }; body: { append(n: unknown): void } } }).document;
      const div = doc.createElement('div');
      div.innerHTML = '<img src=x onerror="window.__xss=1;__xssHit(1)"><svg><a><animate attributeName=href values=javascript:__xssHit(2) /><text y=20>x</text></a></svg>';
      doc.body.append(div);
    });
    await page.waitForTimeout(500);
    expect({ hits: trap.hits, flag: await trap.flag() }).toEqual({ hits: [], flag: undefined });
    expect((await trap.violations()).some((v) => v.startsWith('script-src'))).toBe(true);
    await page.close();
  });
});
