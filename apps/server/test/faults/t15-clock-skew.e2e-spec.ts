import { DataSource } from 'typeorm';
import { publishMany, seconds, waitFor, type DedicatedMosquitto } from '@hearth/testing';
import type { HearthHandle } from '../../src/bootstrap.js';
import { startFaultSite, type FaultSite } from './fault-site.js';
import { reportFigure } from './figures.js';

/**
 * T15. Sensors with wrong clocks: +2 h, -3 days, epoch 0 and the year 2100,
 * plus readings just inside and just outside Hearth's window (by default
 * 168 h back, 10 minutes ahead: INGEST_MAX_AGE_HOURS,
 * INGEST_MAX_FUTURE_MINUTES). Everything outside the window is quarantined
 * as a dead letter with its reason and time of receipt, over MQTT and HTTP;
 * everything inside is stored; no occupancy point lies in the future; and
 * the skew shows in the dead-letter summary and the metrics at once.
 */
describe('T15 clock skew', () => {
  let fault: FaultSite | undefined;
  let broker: DedicatedMosquitto;
  let hearth: HearthHandle;
  let http: FaultSite['http'];
  let token: string;
  const site = 't15';

  beforeAll(async () => {
    fault = await startFaultSite('t15', { sites: [site], env: { INGEST_HTTP_RATE_PER_SECOND: '1000', INGEST_HTTP_BURST: '1000' } });
    ({ broker, hearth, http } = fault);
    token = (await http.post(`/api/v1/sites/${site}/device-tokens`).send({}).expect(201)).body.token;
  });
  afterAll(async () => {
    await fault?.close();
  });

  it('quarantines every reading outside [-168 h, +10 min] with its reason and time of receipt, and stores the rest', async () => {
    const now = Date.now();
    const H = 3600_000;
    const cases = [
      { name: '+2 h', t: now + 2 * H, inside: false },
      { name: '-3 d', t: now - 72 * H, inside: true },
      { name: 'epoch 0', t: 0, inside: false },
      { name: 'year 2100', t: Date.parse('2100-01-01T12:00:00Z'), inside: false },
      { name: '+9 min', t: now + 9 * 60_000, inside: true },
      { name: '+11 min', t: now + 11 * 60_000, inside: false },
      { name: '-167 h', t: now - 167 * H, inside: true },
      { name: '-169 h', t: now - 169 * H, inside: false },
    ];
    const body = (c: (typeof cases)[number], seq: number) => ({ type: 'zone', ts: new Date(c.t).toISOString(), count: 3, seq });
    // Over MQTT from one sensor, over HTTP from another.
    await publishMany(broker.url, cases.map((c, i) => ({ topic: `hearth/v1/${site}/cafe-count`, payload: JSON.stringify(body(c, i)) })));
    const pushed = await http.post(`/api/v1/ingest/${site}/desk-q1`).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(cases.map((c, i) => ({ ...body(c, i), type: 'desk', count: undefined, occupied: true })));
    const sentAt = Date.now();

    const sql = hearth.app.get(DataSource);
    const outside = cases.filter((c) => !c.inside).length;
    const letters = await waitFor(async () => {
      const rows: { reason: string; sensor_key: string; received_at: Date; detail: string }[] = await sql.query(`SELECT reason, sensor_key, received_at, detail FROM dead_letter WHERE site_key = $1`, [site]);
      return rows.length >= 2 * outside ? rows : undefined;
    }, 20_000, 'quarantined readings');
    const summary = await waitFor(async () => {
      const s = (await http.get(`/api/v1/sites/${site}/dead-letters`).expect(200)).body as { total: number; byReason: { reason: string; count: number }[] };
      return s.total >= 2 * outside ? s : undefined;
    }, 20_000, 'the dead-letter summary');
    const visibleAfterMs = Date.now() - sentAt;
    const metrics = (await http.get('/metrics').expect(200)).text;
    const metric = (reason: string) => Number(new RegExp(`^hearth_dead_letters_total\\{reason="${reason}"\\} (\\S+)$`, 'm').exec(metrics)?.[1] ?? 0);
    const stored: { key: string; ts: Date }[] = await sql.query(`SELECT s.key, e.captured_at AS ts FROM raw_event e JOIN sensor s ON s.id = e.sensor_id ORDER BY s.key, e.captured_at`);
    const storedCases = (key: string) => cases.filter((c) => stored.some((r) => r.key === key && r.ts.getTime() === c.t)).map((c) => c.name);

    // Occupancy over a window reaching into the future: nothing after now + the allowed 10 minutes.
    const win = `from=${encodeURIComponent(new Date(now - 24 * H).toISOString())}&to=${encodeURIComponent(new Date(now + 48 * H).toISOString())}&resolution=15m`;
    const occupancy = await http.get(`/api/v1/sites/${site}/occupancy?${win}`);
    const starts = [...JSON.stringify(occupancy.body).matchAll(/"start":"([^"]+)"/g)].map((m) => Date.parse(m[1]!));
    const future = starts.filter((t) => t > now + 10 * 60_000).length;
    const received = letters.every((l) => Math.abs(l.received_at.getTime() - now) < 60_000);
    const reasons = (key: string) => letters.filter((l) => l.sensor_key === key).map((l) => l.reason).sort();
    const quarantined = letters.length;

    reportFigure(
      'T15',
      `clocks at +2 h, -3 d, epoch 0, year 2100 and at +9/+11 min, -167/-169 h, over MQTT and HTTP: ${quarantined}/${2 * outside} outside [-168 h, +10 min] quarantined with reason and received_at ` +
        `(${summary.byReason.map((r) => `${r.count} ${r.reason}`).join(', ')}), ${storedCases('cafe-count').length + storedCases('desk-q1').length}/${2 * (cases.length - outside)} inside stored; ` +
        `${future} occupancy points in the future (occupancy answered ${occupancy.status}); skew visible in GET dead-letters and hearth_dead_letters_total after ${seconds(visibleAfterMs)} (Hearth raises no alert of its own)`,
    );

    expect(pushed.status).toBe(400);
    expect(pushed.body.rejected.map((r: { index: number; reason: string }) => [cases[r.index]!.name, r.reason])).toEqual(
      cases.map((c, i) => [c.name, i]).filter(([, i]) => !cases[i as number]!.inside).map(([name]) => [name, cases.find((c) => c.name === name)!.t > now ? 'future_timestamp' : 'stale_timestamp']),
    );
    const expectedReasons = cases.filter((c) => !c.inside).map((c) => (c.t > now ? 'future_timestamp' : 'stale_timestamp')).sort();
    expect(reasons('cafe-count')).toEqual(expectedReasons);
    expect(reasons('desk-q1')).toEqual(expectedReasons);
    expect(received).toBe(true);
    expect(storedCases('cafe-count')).toEqual(cases.filter((c) => c.inside).map((c) => c.name));
    expect(storedCases('desk-q1')).toEqual(cases.filter((c) => c.inside).map((c) => c.name));
    expect(occupancy.status).toBe(200);
    expect(future).toBe(0);
    expect(metric('future_timestamp') + metric('stale_timestamp')).toBe(2 * outside);
  });
});
