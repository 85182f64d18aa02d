import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { check } from '@placemarkio/check-geojson';
import request from 'supertest';
import { parse } from 'yaml';
import type { Recommendation } from '@hearth/recommendations';
import { createTestDatabase, testMqttUrl, uniqueId, waitFor, type TestDatabase, adminApi } from '@hearth/testing';
import { ReportScheduleService } from '@hearth/insights';
import type { HearthHandle } from '../src/bootstrap.js';
import { startTestHearth } from './start-test-hearth.js';

/**
 * The done-means of directors' recommendations, on the demo library: six
 * weeks of simulated Riverside history, whose visitors crowd the Reading Room
 * beside the half-empty Garden Study Room, hold group work in the quiet Local
 * Studies Room, and gather far from the service desk. The engine must find
 * those, each with three budget levels, and leave the fine zones alone; the
 * exports must be what a director, a planner and a GIS tool can open.
 */
const DAY_MS = 86_400_000;
const riverside = fs.readFileSync(new URL('../../../demo/riverside.site.yaml', import.meta.url), 'utf8');

/** The text of every page of a PDF. */
async function pdfText(data: Buffer): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(data), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? i.str : '')).join(' '));
  }
  return pages.join('\n').replace(/\s+/g, ' ');
}

/** A webhook receiver on loopback that answers 500 to its first `failures` calls, then 204, and keeps what it was sent. */
async function webhook(failures = 1) {
  const received: { event: string; site: string; window: { first: string; last: string }; recommendations: unknown[]; report: { filename: string; base64: string } }[] = [];
  let calls = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      calls++;
      if (calls <= failures) return void res.writeHead(500).end();
      received.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, calls: () => calls };
}

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('layout recommendations and exports on the demo library', () => {
  let db: TestDatabase;
  let hearth: HearthHandle;
  let http: ReturnType<typeof adminApi>;
  let window: string;
  let recs: Recommendation[];
  let hook: Awaited<ReturnType<typeof webhook>>;
  let reportDir: string;

  beforeAll(async () => {
    db = await createTestDatabase('hearth_recs');
    hook = await webhook();
    reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-reports-'));
    hearth = await startTestHearth('recs', {
      DATABASE_URL: db.url,
      MQTT_URL: await testMqttUrl(),
      HEARTH_DEMO: 'true',
      DEMO_HISTORY_WEEKS: '6',
      REPORT_SCHEDULE: 'weekly',
      REPORT_DIR: reportDir,
      REPORT_WEBHOOK_URL: hook.url,
    });
    http = adminApi(hearth.url);
    // Ready once the demo library, its history and the history's rollups are in.
    await waitFor(async () => ((await fetch(`${hearth.url}/health/ready`)).ok ? true : undefined), 150_000, 'the demo library');
    // The demo's history, whole days up to yesterday.
    const today = new Date().toISOString().slice(0, 10);
    window = `from=${new Date(Date.now() - 41 * DAY_MS).toISOString().slice(0, 10)}&to=${today}`;
    const res = await http.get(`/api/v1/sites/riverside/recommendations?${window}`).expect(200);
    recs = res.body.recommendations;
  }, 180_000);
  afterAll(async () => {
    await hearth?.close();
    hook?.server.close();
    await db?.drop();
  });

  it('finds the crowded Reading Room beside the idle Garden Study Room, groups in Local Studies, and gatherings far from the service desk', () => {
    const ids = recs.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['crowded-beside-idle:reading-room', 'groups-in-quiet-zone:local-studies', 'hotspot-far-from-service:ground']));
    expect(recs.find((r) => r.id === 'crowded-beside-idle:reading-room')!.zones).toEqual(['reading-room', 'garden-study']);
    expect(recs.find((r) => r.id === 'hotspot-far-from-service:ground')!.zones).toContain('service-desk');
    for (const r of recs) {
      expect(Object.keys(r.options)).toEqual(['none', 'low', 'high']);
      for (const o of Object.values(r.options)) {
        expect(o.action.length).toBeGreaterThan(20);
        expect(o.expectedEffect.length).toBeGreaterThan(10);
        expect(o.check.afterWeeks).toBeGreaterThan(0);
      }
      expect(r.evidence.metrics.length).toBeGreaterThan(0);
      expect(r.finding).not.toMatch(/[{}]/);
    }
  });

  it('does not flag the zones that are fine', () => {
    // Findings about one zone's crowding, idleness or behaviour name it after the rule.
    const zoneFindings = recs.map((r) => r.id).filter((id) => /^(crowded-zone|crowded-beside-idle|under-used-zone|groups-in-quiet-zone|solo-in-group-zone|short-stays-at-study-desks|crowded-and-uncomfortable):/.test(id));
    expect(zoneFindings.sort()).toEqual(['crowded-beside-idle:reading-room', 'groups-in-quiet-zone:local-studies']);
  });

  it('answers the same recommendations as CSV (by format or Accept), one row per budget level, and as a PDF whose text reads back', async () => {
    const csv = await http.get(`/api/v1/sites/riverside/recommendations?${window}`).set('Accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="riverside-recommendations-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = csv.text.trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThanOrEqual(1 + recs.length * 3);

    const pdf = await http.get(`/api/v1/sites/riverside/recommendations?${window}&format=pdf`).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.body as Buffer);
    for (const r of recs) expect(text).toContain(r.title.replace(/\s+/g, ' '));
    for (const level of ['No budget', 'Low budget', 'High budget']) expect(text.split(level).length - 1).toBeGreaterThanOrEqual(recs.length);
    expect(text).toContain('Methodology');
    expect(text).toContain('Privacy');
  });

  it('exports zones as valid GeoJSON, zone-days and statistics returns as CSV', async () => {
    const geo = await http.get(`/api/v1/sites/riverside/exports/zones.geojson?${window}`).expect(200);
    expect(geo.headers['content-type']).toBe('application/geo+json');
    const collection = check(geo.text);
    expect(collection.type).toBe('FeatureCollection');
    const zones = (collection as Extract<typeof collection, { type: 'FeatureCollection' }>).features.filter((f) => f.properties?.kind === 'zone');
    expect(zones).toHaveLength(19);
    expect(zones.find((f) => f.properties!.zone === 'reading-room')!.properties!.recommendations).toContain('crowded-beside-idle:reading-room');

    const days = await http.get(`/api/v1/sites/riverside/exports/zone-days.csv?${window}`).expect(200);
    const rows = days.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(rows[0]).toBe('date,floor,zone,zone name,open hours,mean occupancy (people),peak (people),utilisation (share of capacity),hours above 85 %,arrivals');
    // 19 zones on every open day.
    expect((rows.length - 1) % 19).toBe(0);
    expect(rows.length - 1).toBeGreaterThanOrEqual(19 * 30);

    const stats = await http.get(`/api/v1/sites/riverside/exports/statistics-returns.csv?${window}`).expect(200);
    const statRows = stats.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
    const months = statRows.filter((r) => r[3] === 'month');
    const years = statRows.filter((r) => r[3] === 'year');
    expect(months.length).toBeGreaterThanOrEqual(2);
    // The months add up to their years.
    for (const y of years) expect(months.filter((m) => m[2]!.startsWith(y[2]!)).reduce((s, m) => s + Number(m[4]), 0)).toBeCloseTo(Number(y[4]), -1);
  });

  it('writes last week\'s report on schedule, once, and delivers it to the webhook, retrying after a failure', async () => {
    const schedule = hearth.app.get(ReportScheduleService);
    // Only riverside has data; the run covers every site, so look for its files.
    const first = await schedule.runOnce();
    const mine = first.filter((f) => path.basename(f).startsWith('riverside-weekly-'));
    expect(mine.map((f) => path.extname(f)).sort()).toEqual(['.csv', '.pdf']);
    const pdf = fs.readFileSync(mine.find((f) => f.endsWith('.pdf'))!);
    expect((await pdfText(pdf)).length).toBeGreaterThan(500);
    // The webhook failed the first time: nothing recorded as sent, the report is not made again, and the next run delivers it.
    expect(hook.received).toHaveLength(0);
    expect(await schedule.runOnce()).toEqual([]);
    await waitFor(() => (hook.received.some((r) => r.site === 'riverside') ? true : undefined), 5_000, 'the webhook delivery');
    const sent = hook.received.find((r) => r.site === 'riverside')!;
    expect(sent.event).toBe('hearth.report');
    expect(sent.report.filename).toBe(path.basename(mine.find((f) => f.endsWith('.pdf'))!));
    expect(Buffer.from(sent.report.base64, 'base64').equals(pdf)).toBe(true);
    const calls = hook.calls();
    await schedule.runOnce();
    expect(hook.calls()).toBe(calls);
    expect(fs.readdirSync(reportDir).filter((f) => f.startsWith('riverside-')).sort()).toEqual([
      path.basename(mine.find((f) => f.endsWith('.csv'))!),
      path.basename(mine.find((f) => f.endsWith('.pdf'))!),
      path.basename(mine.find((f) => f.endsWith('.pdf'))!).replace(/\.pdf$/, '.sent'),
    ]);
  });

  it('neutralises spreadsheet formulas that a site file smuggles into names', async () => {
    const site = uniqueId('evil').toLowerCase().replace(/[^a-z0-9-]/g, '');
    const file = parse(riverside) as { site: { id: string; name: string }; floors: { zones: { id: string; name: string }[] }[] };
    file.site.id = site;
    file.site.name = '=HYPERLINK("http://example.invalid","x")';
    file.floors[0]!.zones[0]!.name = '+SUM(1,2)';
    file.floors[0]!.zones[1]!.name = '@cmd';
    file.floors[0]!.zones[2]!.name = '-2+3';
    await http.post('/api/v1/sites/import').send(file).expect(200);
    const days = await http.get(`/api/v1/sites/${site}/exports/zone-days.csv?${window}`).expect(200);
    expect(days.text).toContain("'+SUM(1,2)");
    expect(days.text).toContain("'@cmd");
    expect(days.text).toContain("'-2+3");
    // No cell starts with a formula character.
    for (const line of days.text.replace(/^\uFEFF/, '').split(/\r?\n/)) for (const cell of line.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('reviews a layout change declared in the site file, before and after', async () => {
    const file = parse(riverside) as { site: { id: string; changes?: unknown[] } };
    file.site.changes = [{ date: '2020-01-01', description: 'Sofa moved', zones: ['no-such-zone'] }];
    const bad = await http.post('/api/v1/sites/import').send(file).expect(400);
    expect(JSON.stringify(bad.body)).toContain('zone \\"no-such-zone\\" is not declared in this file');

    // Three weeks ago the demo library "added lamps" to the Garden Study Room: three weeks either side.
    const date = new Date(Date.now() - 21 * DAY_MS).toISOString().slice(0, 10);
    file.site.changes = [{ date, description: 'Power sockets and lamps added to the Garden Study Room', zones: ['garden-study'] }];
    await http.post('/api/v1/sites/import').send(file).expect(200);
    const exported = await http.get('/api/v1/sites/riverside/site-file').expect(200);
    expect(exported.body.site.changes).toEqual(file.site.changes);
    // Re-importing the exported file changes nothing.
    expect((await http.post('/api/v1/sites/import').send(exported.body).expect(200)).body.unchanged).toBe(true);

    // Analytics reload a site's declaration within 10 s of a change to it.
    const review = await waitFor(
      async () => ((await http.get(`/api/v1/sites/riverside/recommendations?${window}`).expect(200)).body.recommendations as Recommendation[]).find((r) => r.rule === 'layout-change-review'),
      20_000,
      'the review of the layout change',
    );
    expect(review.zones).toEqual(['garden-study']);
    expect(review.finding).toContain('Power sockets and lamps added to the Garden Study Room');
    expect(review.evidence.metrics.length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(review.options)).toEqual(['none', 'low', 'high']);
  });
});
