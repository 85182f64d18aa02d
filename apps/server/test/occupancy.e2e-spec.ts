import fs from 'node:fs';
import { DateTime } from 'luxon';
import mqtt from 'mqtt';
import { DataSource } from 'typeorm';
import { createTestDatabase, testMqttUrl, uniqueId, waitFor, type TestDatabase, adminApi, ADMIN_HEADERS } from '@hearth/testing';
import type { HearthHandle } from '../src/bootstrap.js';
import { startTestHearth } from './start-test-hearth.js';

const siteFile = fs.readFileSync(new URL('../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');
const ZONE = 'Europe/London';

describe('occupancy rolled up from readings as they land', () => {
  let db: TestDatabase;
  let hearth: HearthHandle;
  let http: ReturnType<typeof adminApi>;
  let client: mqtt.MqttClient;
  const site = uniqueId('occ');
  // The latest Monday to Thursday before today in the site's time zone (open 09:00-20:00): inside
  // the ingest's 7-day acceptance window.
  let day = DateTime.now().setZone(ZONE).minus({ days: 1 });
  while (day.weekday > 4) day = day.minus({ days: 1 });
  const date = day.toISODate()!;
  const at = (clock: string) => DateTime.fromISO(`${date}T${clock}`, { zone: ZONE }).toUTC().toISO()!;
  const publish = (sensor: string, body: unknown) => client.publishAsync(`hearth/v1/${site}/${sensor}`, JSON.stringify(body), { qos: 1 });
  const quiet = async () => {
    const res = await http.get(`/api/v1/sites/${site}/occupancy`).query({ from: date, to: DateTime.fromISO(date).plus({ days: 1 }).toISODate()!, zones: 'quiet' }).expect(200);
    return res.body as { empty: boolean; zones?: { zone: string; points: { start: string; mean: number; peak: number; arrivals: number; departures: number }[] }[] };
  };
  const point = (body: Awaited<ReturnType<typeof quiet>>, clock: string) => body.zones?.[0]?.points.find((p) => p.start === new Date(at(clock)).toISOString());

  beforeAll(async () => {
    db = await createTestDatabase('hearth_occupancy');
    const mqttUrl = await testMqttUrl();
    hearth = await startTestHearth('occ', { DATABASE_URL: db.url, MQTT_URL: mqttUrl, ROLLUP_INTERVAL_MS: '200' });
    http = adminApi(hearth.url);
    await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(siteFile.replace('id: branch', `id: ${site}`)).expect(200);
    client = await mqtt.connectAsync(mqttUrl, { clientId: uniqueId('occ-pub-') });
  });
  afterAll(async () => {
    await client?.endAsync();
    await hearth?.close();
    await db?.drop();
  });

  it('says a window without readings is empty rather than returning zeros', async () => {
    expect(await quiet()).toMatchObject({ empty: true });
  });

  it('rolls desk readings up into 15-minute buckets, and re-rolls a late reading', async () => {
    await publish('desk-q1', [
      { type: 'desk', ts: at('10:00'), occupied: true, seq: 1 },
      { type: 'desk', ts: at('11:00'), occupied: false, seq: 2 },
    ]);
    await publish('desk-q2', [
      { type: 'desk', ts: at('10:30'), occupied: true, seq: 1 },
      { type: 'desk', ts: at('11:30'), occupied: false, seq: 2 },
    ]);
    let body = await waitFor(async () => {
      const b = await quiet();
      return point(b, '11:15') ? b : undefined;
    }, 15_000);
    // q1 is occupied 10:00-11:00, q2 10:30-11:30.
    expect(point(body, '10:00')).toMatchObject({ mean: 1, peak: 1, arrivals: 1, departures: 0 });
    expect(point(body, '10:30')).toMatchObject({ mean: 2, peak: 2, arrivals: 1 });
    expect(point(body, '11:00')).toMatchObject({ mean: 1, departures: 1 });
    expect(point(body, '11:30')).toMatchObject({ mean: 0, departures: 1 });

    // A reading from the morning arrives late: q3 was occupied 10:00-10:45.
    await publish('desk-q3', [
      { type: 'desk', ts: at('10:45'), occupied: false, seq: 2 },
      { type: 'desk', ts: at('10:00'), occupied: true, seq: 1 },
    ]);
    body = await waitFor(async () => {
      const b = await quiet();
      return point(b, '10:00')?.mean === 2 ? b : undefined;
    }, 15_000);
    expect(point(body, '10:00')).toMatchObject({ mean: 2, arrivals: 2 });
    expect(point(body, '10:30')).toMatchObject({ mean: 3, peak: 3 });
    expect(point(body, '10:45')).toMatchObject({ mean: 2, departures: 1 });

    // Once rolled up, the days' marks are cleared (a mark left behind would be recomputed on every pass).
    await waitFor(async () => ((await hearth.app.get(DataSource).query('SELECT count(*)::int AS n FROM rollup_mark WHERE site_key = $1', [site]))[0].n === 0 ? true : undefined), 10_000);
  });

  it('rebuilds a range on request with the same result, and refuses a bad range', async () => {
    const before = await quiet();
    const res = await http.post(`/api/v1/sites/${site}/rollups/rebuild`).send({ from: date, to: date }).expect(200);
    expect(res.body).toMatchObject({ site, days: 1 });
    expect(await quiet()).toEqual(before);
    await http.post(`/api/v1/sites/${site}/rollups/rebuild`).send({ from: date, to: '2020-01-01' }).expect(400);
    await http.get(`/api/v1/sites/${site}/occupancy`).query({ from: 'yesterday' }).expect(400);
  });

  it('measures utilisation over open hours and maps the density of the floor', async () => {
    const next = DateTime.fromISO(date).plus({ days: 1 }).toISODate()!;
    const patterns = (await http.get(`/api/v1/sites/${site}/patterns`).query({ from: date, to: next, zones: 'quiet' }).expect(200)).body;
    // Open 09:00-20:00; the desks report from 10:00, so 10 open hours have data. Occupied desk-hours:
    // q1 1 h + q2 1 h + q3 0.75 h = 2.75, a mean of 0.275 of 4 seats; the busiest quarter hour holds 3 (< 85 % of 4).
    expect(patterns.empty).toBe(false);
    expect(patterns.utilisation.openHours).toBeCloseTo(10, 5);
    expect(patterns.utilisation.meanOccupancy).toBeCloseTo(0.275, 3);
    expect(patterns.utilisation.utilisation).toBeCloseTo(0.06875, 4);
    expect(patterns.utilisation.hoursAbove).toBe(0);

    const floors = (await http.get(`/api/v1/sites/${site}/floors`).expect(200)).body as { id: number; key: string }[];
    const ground = floors.find((f) => f.key === 'ground')!.id;
    const density = (await http.get(`/api/v1/floors/${ground}/density`).query({ from: date, to: next, cell: 0.5 }).expect(200)).body;
    // Over the 11 open hours the three desks were occupied 2.75 hours: 0.25 people on average.
    expect(density).toMatchObject({ empty: false, openHours: 11 });
    expect(density.zones.find((z: { zone: string }) => z.zone === 'quiet')).toMatchObject({ basis: 'desks', capacity: 4 });
    expect(density.zones.find((z: { zone: string }) => z.zone === 'quiet').occupancy).toBeCloseTo(0.25, 5);
    expect(density.zones.find((z: { zone: string }) => z.zone === 'cafe').occupancy).toBeNull();
    expect(density.grid.cols * density.grid.rows).toBe(density.grid.values.length);
    // The densest cell lies among the quiet desks (around (2.6, 2.6) m), inside the quiet zone.
    const values = density.grid.values as number[];
    const top = values.indexOf(Math.max(...values));
    const [x, y] = [((top % density.grid.cols) + 0.5) * 0.5, (Math.floor(top / density.grid.cols) + 0.5) * 0.5];
    expect(Math.hypot(x - 2.6, y - 2.6)).toBeLessThan(1.5);
    await http.get(`/api/v1/floors/${ground}/density`).query({ cell: 5 }).expect(400);

    // 10:00-11:00 only: q1 all hour, q2 half of it, q3 three quarters: 2.25 people on average.
    const tenToEleven = (await http.get(`/api/v1/floors/${ground}/density`).query({ from: date, to: next, hours: '10-11' }).expect(200)).body;
    expect(tenToEleven).toMatchObject({ empty: false, openHours: 1, filter: { hours: [10, 11] } });
    expect(tenToEleven.zones.find((z: { zone: string }) => z.zone === 'quiet').occupancy).toBeCloseTo(2.25, 5);
    const afternoon = (await http.get(`/api/v1/floors/${ground}/density`).query({ from: date, to: next, hours: '12-17' }).expect(200)).body;
    expect(afternoon).toMatchObject({ empty: true, openHours: 5 });
    const weekend = (await http.get(`/api/v1/floors/${ground}/density`).query({ from: date, to: next, weekdays: 'sat,sun' }).expect(200)).body;
    expect(weekend).toMatchObject({ empty: true, reason: expect.stringMatching(/chosen days and hours/) });
    await http.get(`/api/v1/floors/${ground}/density`).query({ hours: '17-12' }).expect(400);
  });

  it('says when there is too little history for profiles or a forecast', async () => {
    const next = DateTime.fromISO(date).plus({ days: 1 }).toISODate()!;
    const profiles = (await http.get(`/api/v1/sites/${site}/profiles`).query({ from: date, to: next }).expect(200)).body;
    expect(profiles).toMatchObject({ empty: true, sessions: 3 });
    expect(profiles.reason).toMatch(/at least 20/);
    await http.get(`/api/v1/sites/${site}/profiles`).query({ from: '2026-01-01', to: '2026-06-01' }).expect(400);
    const forecast = (await http.get(`/api/v1/sites/${site}/forecast`).expect(200)).body;
    expect(forecast.evaluation).toMatchObject({ empty: true });
  });

  it('measures dwell at the desks from the rolled-up sessions', async () => {
    const next = DateTime.fromISO(date).plus({ days: 1 }).toISODate()!;
    const dwell = (await http.get(`/api/v1/sites/${site}/dwell`).query({ from: date, to: next }).expect(200)).body;
    // Sessions of 60 (q1), 60 (q2) and 45 (q3) minutes. Read from 5-minute steps: 45 sits in [45, 50) as 47.5,
    // the two 60s share [60, 65) as 61.25 and 63.75; median 61.25, p90 at position 1.8: 61.25 + 0.8 × 2.5.
    expect(dwell).toMatchObject({ empty: false, days: 1 });
    expect(dwell.all).toMatchObject({ count: 3, cut: 0, meanMinutes: 55, medianMinutes: 61.25, p90Minutes: 63.25 });
    expect(dwell.all.bins.map((b: { count: number }) => b.count)).toEqual([0, 1, 2, 0, 0]);
    expect(dwell.byZone.cafe).toMatchObject({ empty: true, reason: 'no-sessions' });
    const twoBands = (await http.get(`/api/v1/sites/${site}/dwell`).query({ from: date, to: next, zones: 'quiet', bins: '50' }).expect(200)).body;
    expect(twoBands.byZone.quiet.bins.map((b: { label: string; count: number }) => [b.label, b.count])).toEqual([
      ['<50 min', 1],
      ['≥50 min', 2],
    ]);
    await http.get(`/api/v1/sites/${site}/dwell`).query({ bins: '30,62' }).expect(400);
    const weekend = (await http.get(`/api/v1/sites/${site}/dwell`).query({ from: date, to: next, weekdays: 'sat,sun' }).expect(200)).body;
    expect(weekend).toMatchObject({ empty: true, days: 0 });
  });

  it('compares periods, the weeks around a change and branches, and says which side has no data', async () => {
    const next = DateTime.fromISO(date).plus({ days: 1 }).toISODate()!;
    const periods = (await http.get(`/api/v1/sites/${site}/compare/periods`).query({ from: date, to: next, zones: 'quiet' }).expect(200)).body;
    // The day a week earlier had no readings.
    expect(periods).toMatchObject({ empty: true, current: { first: date, last: date }, baseline: { first: DateTime.fromISO(date).minus({ days: 7 }).toISODate() } });
    expect(periods.detail).toMatch(/baseline/);
    await http.get(`/api/v1/sites/${site}/compare/periods`).query({ from: next, to: date }).expect(400);
    const around = (await http.get(`/api/v1/sites/${site}/compare/before-after`).query({ date, weeks: 1 }).expect(200)).body;
    expect(around).toMatchObject({ empty: true });
    await http.get(`/api/v1/sites/${site}/compare/before-after`).query({ date, weeks: 30 }).expect(400);

    const other = `${site}-b`;
    await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(siteFile.replace('id: branch', `id: ${other}`)).expect(200);
    const branches = (await http.get('/api/v1/compare/branches').query({ sites: `${other},${site}`, from: date, to: next }).expect(200)).body;
    expect(branches.branches.map((b: { key: string; rank: number | null }) => [b.key, b.rank])).toEqual([
      [site, 1],
      [other, null],
    ]);
    expect(branches.branches[0].utilisation).toBeGreaterThan(0);
    await http.get('/api/v1/compare/branches').query({ sites: site, from: date, to: next }).expect(400);
    await http.get('/api/v1/compare/branches').query({ sites: `${site},nowhere`, from: date, to: next }).expect(404);
  });

  it('needs two weeks of entrance counts for day types', async () => {
    const types = (await http.get(`/api/v1/sites/${site}/day-types`).expect(200)).body;
    expect(types).toMatchObject({ empty: true, days: 0 });
    expect(types.reason).toMatch(/at least 14/);
  });

  it('streams live occupancy when readings land', async () => {
    const controller = new AbortController();
    const res = await fetch(`${hearth.url}/api/v1/sites/${site}/occupancy/live/stream`, { signal: controller.signal, headers: { ...ADMIN_HEADERS, Accept: 'text/event-stream' } });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const events: { zones: { zone: string; occupancy: number | null }[] }[] = [];
    let buffer = '';
    const next = async () => {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const chunk = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = chunk.split('\n').find((l) => l.startsWith('data:'));
          if (data) return JSON.parse(data.slice(5)) as (typeof events)[number];
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the stream ended');
        buffer += new TextDecoder().decode(value);
      }
    };
    try {
      events.push(await next()); // sent at once
      const sent = Date.now();
      await publish('desk-q2', { type: 'desk', ts: new Date().toISOString(), occupied: true, seq: 20 });
      let latest = await next();
      while (latest.zones.find((z) => z.zone === 'quiet')?.occupancy !== 1) latest = await next(); // nobody was seated today before
      // Within a second or two of the reading being published (stored, announced, recomputed).
      expect(Date.now() - sent).toBeLessThan(3000);
    } finally {
      controller.abort();
    }
  });

  it('reports live occupancy per zone and floor', async () => {
    await publish('desk-q4', { type: 'desk', ts: new Date().toISOString(), occupied: true, seq: 10 });
    const live = await waitFor(async () => {
      const b = (await http.get(`/api/v1/sites/${site}/occupancy/live`).expect(200)).body;
      // q2 sat down in the streaming test, q4 now.
      return b.zones.find((z: { zone: string; occupancy: number | null }) => z.zone === 'quiet')?.occupancy === 2 ? b : undefined;
    }, 15_000);
    expect(live.floors).toEqual([expect.objectContaining({ floor: 'ground', capacity: 16, occupancy: expect.any(Number) })]);
    expect(live.zones.find((z: { zone: string }) => z.zone === 'cafe')).toMatchObject({ occupancy: null, source: null });
  });
});
