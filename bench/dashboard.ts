/**
 * Dashboard benchmark: does the floor map stay quick on a big floor, does
 * playback keep up at its fastest setting, and is the bundle within budget?
 *
 *   npm run bench:dashboard -- [--desks N] [--runs N] [--seconds S] [--json]
 *   node dist/bench/dashboard.js ...        (after `npm run build`; this file does not build)
 *
 * Method, in one run:
 *  1. Bundle: every .js and .css of dist/dashboards, raw and gzipped (node:zlib, default level).
 *  2. A Hearth process (built, child process) on a scratch database, without the demo. A
 *     generated site is imported through POST /api/v1/sites/import: one floor of 100 x 80 m in
 *     20 zones of 20 x 20 m, --desks desk sensors (2,000) in a grid, open 08:00-20:00 daily.
 *  3. Readings: for each of the 7 days before today (UTC), every desk is taken for a morning
 *     and/or an afternoon session with a probability that peaks around one corner of the floor
 *     (so the density has a shape), written straight to raw_event, then rolled up through
 *     POST /api/v1/sites/<site>/rollups/rebuild.
 *  4. Render: headless Chromium opens the floor map (last 7 days) --runs times (5), each in a
 *     fresh page. A MutationObserver notes when the map's SVG (with its zones) enters the
 *     document; the render time runs from the end of the density response (Resource Timing)
 *     to that moment: parsing, shaping, contours and drawing. Navigation start to the map is
 *     reported too. Medians over the runs.
 *  5. Playback: the week before today, at 30 frames/s; a MutationObserver on the map's
 *     `data-frame` notes every frame shown for --seconds (5). Achieved frame rate, frames
 *     dropped against a steady 30 per second, and the longest gap between two frames.
 * Targets: render < 200 ms (median), playback >= 28.5 frames/s (30 within 5 %), dashboard
 * JS <= 350 KB gzipped (all bundles together; KB = 1,024 bytes).
 *
 * Progress and the table go to stderr. With --json the last line of stdout is one JSON object.
 * The exit code is 1 when a target is missed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import YAML from 'yaml';
import type { SiteFileInput } from '@hearth/contracts';
import { createRng, type Rng } from '@hearth/simulation';
import { RawEventWriter, type RawEventRow } from '@hearth/telemetry';
import { ADMIN_HEADERS, SERVER_ENTRY } from '@hearth/testing';
import { launchChromium, watchedPage } from '../apps/server/test/browser/chromium.js';
import { serveHearth } from '../apps/server/test/browser/serve-hearth.js';
import { median } from './bench-kit.js';

const SITE = 'bench-floor';
const FLOOR = 'main';
const FLOOR_SIZE = { width: 100, height: 80 };
const ZONE_M = 20;
const DESK_SPACING_M = 2;
const HISTORY_DAYS = 7;
const FRAME_RATE = 30;
const TARGETS = { renderMs: 200, fps: FRAME_RATE * 0.95, jsGzipKB: 350 };
const DAY_MS = 86_400_000;
// The built dashboard sits beside the built server: dist/dashboards, dist/apps/server/src/main.js.
const DASHBOARD_DIR = path.join(path.dirname(SERVER_ENTRY), '..', '..', '..', 'dashboards');

interface Options {
  desks: number;
  runs: number;
  seconds: number;
  json: boolean;
}

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const round1 = (x: number) => Math.round(x * 10) / 10;
const isoDate = (t: number) => new Date(t).toISOString().slice(0, 10);

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      desks: { type: 'string', default: '2000' },
      runs: { type: 'string', default: '5' },
      seconds: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
    },
  });
  const desks = Number(values.desks);
  const capacity = (FLOOR_SIZE.width / DESK_SPACING_M) * (FLOOR_SIZE.height / DESK_SPACING_M);
  if (!Number.isInteger(desks) || desks < 1 || desks > capacity) throw new Error(`--desks must be 1 to ${capacity}`);
  return { desks, runs: Math.max(1, Number(values.runs)), seconds: Math.max(1, Number(values.seconds)), json: values.json };
}

// ---- 1. the bundle ----

interface BundleFile {
  file: string;
  bytes: number;
  gzipBytes: number;
}

function bundleSizes(): BundleFile[] {
  if (!fs.existsSync(DASHBOARD_DIR)) throw new Error(`${DASHBOARD_DIR} is missing: run \`npm run build\` first.`);
  return fs
    .readdirSync(DASHBOARD_DIR)
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .sort()
    .map((file) => {
      const body = fs.readFileSync(path.join(DASHBOARD_DIR, file));
      return { file, bytes: body.length, gzipBytes: zlib.gzipSync(body).length };
    });
}

// ---- 2. the site ----

/** Desk positions: a grid at DESK_SPACING_M filled zone by zone, so every zone gets its share. */
function deskGrid(desks: number): { zone: string; position: [number, number] }[] {
  const perRow = ZONE_M / DESK_SPACING_M;
  const zones = zoneGrid();
  const out: { zone: string; position: [number, number] }[] = [];
  for (let i = 0; out.length < desks; i++) {
    const zone = zones[i % zones.length]!;
    const slot = Math.floor(i / zones.length);
    const [x0, y0] = zone.origin;
    out.push({ zone: zone.id, position: [x0 + DESK_SPACING_M / 2 + (slot % perRow) * DESK_SPACING_M, y0 + DESK_SPACING_M / 2 + Math.floor(slot / perRow) * DESK_SPACING_M] });
  }
  return out;
}

function zoneGrid(): { id: string; origin: [number, number] }[] {
  const zones: { id: string; origin: [number, number] }[] = [];
  for (let y = 0; y < FLOOR_SIZE.height; y += ZONE_M) for (let x = 0; x < FLOOR_SIZE.width; x += ZONE_M) zones.push({ id: `z${zones.length + 1}`, origin: [x, y] });
  return zones;
}

function siteFile(desks: number): SiteFileInput {
  const grid = deskGrid(desks);
  const daily = ['08:00-20:00'];
  return {
    version: 1,
    site: { id: SITE, name: 'Benchmark library', timeZone: 'UTC', openingHours: { mon: daily, tue: daily, wed: daily, thu: daily, fri: daily, sat: daily, sun: daily } },
    floors: [
      {
        id: FLOOR,
        name: 'Main floor',
        ordinal: 0,
        size: FLOOR_SIZE,
        zones: zoneGrid().map((z, i) => {
          const [x, y] = z.origin;
          return {
            id: z.id,
            name: `Study area ${i + 1}`,
            category: 'quiet_study' as const,
            capacity: grid.filter((d) => d.zone === z.id).length,
            polygon: [
              [x, y],
              [x + ZONE_M, y],
              [x + ZONE_M, y + ZONE_M],
              [x, y + ZONE_M],
            ],
          };
        }),
        sensors: grid.map((d, i) => ({ id: `desk-${String(i + 1).padStart(4, '0')}`, kind: 'desk' as const, zone: d.zone, position: d.position })),
      },
    ],
  };
}

async function importSite(url: string, file: SiteFileInput): Promise<void> {
  const res = await fetch(`${url}/api/v1/sites/import`, { method: 'POST', headers: { ...ADMIN_HEADERS, 'Content-Type': 'text/yaml' }, body: YAML.stringify(file) });
  if (!res.ok) throw new Error(`importing the site: ${res.status} ${await res.text()}`);
}

// ---- 3. readings ----

/** How likely a desk is taken in a session: busiest around a point a quarter of the way in. */
function takeRate([x, y]: [number, number]): number {
  const dx = x - FLOOR_SIZE.width * 0.3;
  const dy = y - FLOOR_SIZE.height * 0.35;
  return 0.1 + 0.75 * Math.exp(-(dx * dx + dy * dy) / (2 * 18 * 18));
}

function deskReadings(rng: Rng, sensorId: number, position: [number, number], days: number[]): RawEventRow[] {
  const rows: RawEventRow[] = [];
  const rate = takeRate(position);
  let seq = 0;
  const reading = (t: number, occupied: boolean): RawEventRow => ({
    sensorId,
    capturedAt: new Date(t),
    channel: '',
    seq: seq++,
    kind: 'desk',
    inCount: null,
    outCount: null,
    inTotal: null,
    outTotal: null,
    occupied,
    headcount: null,
    batteryPct: null,
  });
  const hour = 3_600_000;
  for (const day of days) {
    for (const [start, end] of [
      [9, 12.5],
      [13.5, 17.5],
    ] as const) {
      if (!rng.chance(rate)) continue;
      const from = day + (start + rng.range(-0.75, 1)) * hour;
      const to = day + (end + rng.range(-1.5, 1)) * hour;
      rows.push(reading(from, true), reading(Math.max(from + 15 * 60_000, to), false));
    }
  }
  return rows;
}

/** Writes HISTORY_DAYS days of desk sessions before today (UTC) and rolls them up; returns the readings stored. */
async function loadReadings(url: string, dbUrl: string, file: SiteFileInput, today: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: dbUrl, max: 2 });
  try {
    const { rows } = await pool.query<{ key: string; id: number }>(`SELECT s.key, s.id FROM sensor s JOIN site ON site.id = s.site_id WHERE site.key = $1`, [SITE]);
    const ids = new Map(rows.map((r) => [r.key, r.id]));
    const days = Array.from({ length: HISTORY_DAYS }, (_, i) => today - (HISTORY_DAYS - i) * DAY_MS);
    const rng = createRng(2026);
    const writer = new RawEventWriter(pool);
    let stored = 0;
    let batch: RawEventRow[] = [];
    for (const s of file.floors![0]!.sensors!) {
      batch.push(...deskReadings(rng, ids.get(s.id)!, s.position, days));
      if (batch.length >= 5000) {
        stored += await writer.write(batch);
        batch = [];
      }
    }
    stored += await writer.write(batch);
    const res = await fetch(`${url}/api/v1/sites/${SITE}/rollups/rebuild`, {
      method: 'POST',
      headers: { ...ADMIN_HEADERS, 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: isoDate(days[0]!), to: isoDate(today) }),
    });
    if (!res.ok) throw new Error(`rolling up: ${res.status} ${await res.text()}`);
    return stored;
  } finally {
    await pool.end();
  }
}

// ---- 4. render ----

/** Installed before the page's own scripts: notes when the floor map's SVG, with its zones, is in the document. */
const WATCH_MAP = `
  window.__bench = {};
  new MutationObserver((_, observer) => {
    if (!document.querySelector('svg[aria-label="Floor map"] path.zone')) return;
    window.__bench.mapInDom = performance.now();
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });`;

const READ_RENDER = `(() => {
  const density = performance.getEntriesByType('resource').find((e) => e.name.includes('/density'));
  return { mapInDom: window.__bench.mapInDom, densityStart: density ? density.requestStart : null, densityEnd: density ? density.responseEnd : null };
})()`;

interface RenderRun {
  navigationToMapMs: number;
  densityRequestMs: number;
  renderMs: number;
}

async function measureRender(browser: Browser, url: string, runs: number): Promise<{ runs: RenderRun[]; problems: string[] }> {
  const out: RenderRun[] = [];
  const problems: string[] = [];
  for (let i = 0; i < runs; i++) {
    const watched = await watchedPage(browser);
    await watched.page.addInitScript(WATCH_MAP);
    await watched.page.goto(`${url}/#/floor?site=${SITE}&floor=${FLOOR}&window=7d`);
    // A function, not a string: the dashboard's CSP forbids eval, which string predicates need.
    await watched.page.waitForFunction(() => (globalThis as unknown as { __bench: { mapInDom?: number } }).__bench.mapInDom !== undefined, undefined, { timeout: 60_000 });
    const t = await watched.page.evaluate<{ mapInDom: number; densityStart: number | null; densityEnd: number | null }>(READ_RENDER);
    if (t.densityEnd === null || t.densityStart === null) throw new Error('the floor map drew without a density request');
    out.push({ navigationToMapMs: t.mapInDom, densityRequestMs: t.densityEnd - t.densityStart, renderMs: t.mapInDom - t.densityEnd });
    problems.push(...watched.problems);
    progress(`render ${i + 1}/${runs}: ${t.mapInDom.toFixed(0)} ms from navigation, ${(t.mapInDom - t.densityEnd).toFixed(1)} ms after the density arrived`);
    await watched.page.close();
  }
  return { runs: out, problems };
}

// ---- 5. playback ----

const WATCH_FRAMES = `(() => {
  const map = document.querySelector('svg[data-frame]');
  window.__frames = [];
  new MutationObserver(() => window.__frames.push(performance.now())).observe(map, { attributes: true, attributeFilter: ['data-frame'] });
})()`;

interface PlaybackResult {
  frames: number;
  seconds: number;
  fps: number;
  dropped: number;
  maxGapMs: number;
  problems: string[];
}

async function measurePlayback(browser: Browser, url: string, day: string, seconds: number): Promise<PlaybackResult> {
  const { page, problems } = await watchedPage(browser);
  await page.goto(`${url}/#/floor?site=${SITE}&floor=${FLOOR}&mode=playback&span=week&day=${day}`);
  await page
    .locator('svg[data-frame]')
    .waitFor({ timeout: 60_000 })
    .catch(async (err: Error) => {
      throw new Error(`${err.message}\nThe page says: ${await page.locator('main').innerText()}\n${problems.join('\n')}`);
    });
  const available = Number(await page.locator('input[type=range]').getAttribute('max'));
  if (available < seconds * FRAME_RATE) throw new Error(`only ${available} frames to play; ${seconds * FRAME_RATE} needed`);
  await page.getByLabel('Speed').selectOption(String(FRAME_RATE));
  await page.evaluate(WATCH_FRAMES);
  const play = page.getByRole('button', { name: 'Play', exact: true });
  await play.click();
  await page.waitForTimeout(seconds * 1000);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const times = await page.evaluate<number[]>('window.__frames');
  await page.close();
  if (times.length < 2) throw new Error(`playback showed ${times.length} frame(s) in ${seconds} s`);
  const span = times.at(-1)! - times[0]!;
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  const expected = Math.floor(span / (1000 / FRAME_RATE)) + 1;
  return {
    frames: times.length,
    seconds: span / 1000,
    fps: (times.length - 1) / (span / 1000),
    dropped: Math.max(0, expected - times.length),
    maxGapMs: Math.max(...gaps),
    problems,
  };
}

// ---- the run ----

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const bundle = bundleSizes();
  const jsGzipKB = bundle.filter((f) => f.file.endsWith('.js')).reduce((s, f) => s + f.gzipBytes, 0) / 1024;
  const cssGzipKB = bundle.filter((f) => f.file.endsWith('.css')).reduce((s, f) => s + f.gzipBytes, 0) / 1024;

  progress('starting Hearth on a scratch database, and Chromium');
  const [hearth, browser] = await Promise.all([serveHearth('bench_dashboard', { HEARTH_DEMO: 'false', ROLLUP_INTERVAL_MS: '0', LOG_LEVEL: 'error' }), launchChromium()]);
  try {
    const file = siteFile(opts.desks);
    await importSite(hearth.url, file);
    const today = Date.parse(`${isoDate(Date.now())}T00:00:00Z`);
    const started = performance.now();
    const readings = await loadReadings(hearth.url, hearth.db.url, file, today);
    progress(`site of ${opts.desks} desks imported; ${readings} readings over ${HISTORY_DAYS} days stored and rolled up in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const render = await measureRender(browser, hearth.url, opts.runs);
    const playback = await measurePlayback(browser, hearth.url, isoDate(today - DAY_MS), opts.seconds);
    const problems = [...new Set([...render.problems, ...playback.problems])];

    const result = {
      desks: opts.desks,
      readings,
      render: {
        medianMs: round1(median(render.runs.map((r) => r.renderMs))),
        navigationToMapMedianMs: round1(median(render.runs.map((r) => r.navigationToMapMs))),
        densityRequestMedianMs: round1(median(render.runs.map((r) => r.densityRequestMs))),
        runs: render.runs.map((r) => ({ renderMs: round1(r.renderMs), navigationToMapMs: round1(r.navigationToMapMs), densityRequestMs: round1(r.densityRequestMs) })),
      },
      playback: { targetFps: FRAME_RATE, fps: round1(playback.fps), frames: playback.frames, seconds: round1(playback.seconds), dropped: playback.dropped, maxGapMs: round1(playback.maxGapMs) },
      bundle: { jsGzipKB: round1(jsGzipKB), cssGzipKB: round1(cssGzipKB), files: bundle },
      problems,
      targets: TARGETS,
      met: { render: false, playback: false, bundle: false },
    };
    result.met = { render: result.render.medianMs < TARGETS.renderMs, playback: playback.fps >= TARGETS.fps, bundle: jsGzipKB <= TARGETS.jsGzipKB };

    const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
    progress('');
    progress(`floor map, ${opts.desks} desks: render ${result.render.medianMs} ms median (target < ${TARGETS.renderMs}) ${mark(result.met.render)}`);
    progress(`   navigation to map ${result.render.navigationToMapMedianMs} ms, density request ${result.render.densityRequestMedianMs} ms (medians of ${opts.runs})`);
    progress(`playback at ${FRAME_RATE} frames/s: ${result.playback.fps} fps over ${result.playback.seconds} s, ${playback.dropped} dropped, longest gap ${result.playback.maxGapMs} ms (target >= ${TARGETS.fps}) ${mark(result.met.playback)}`);
    for (const f of bundle) progress(`   ${f.file.padEnd(12)} ${(f.bytes / 1024).toFixed(1).padStart(8)} KB  ${(f.gzipBytes / 1024).toFixed(1).padStart(7)} KB gzipped`);
    progress(`bundle: JS ${result.bundle.jsGzipKB} KB gzipped (target <= ${TARGETS.jsGzipKB}) ${mark(result.met.bundle)}, CSS ${result.bundle.cssGzipKB} KB gzipped`);
    if (problems.length) progress(`the pages reported: ${problems.join('; ')}`);
    if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    if (!Object.values(result.met).every(Boolean)) process.exitCode = 1;
  } finally {
    await browser.close();
    await hearth.stop();
  }
}

main().catch((err: unknown) => {
  progress(`failed: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});
