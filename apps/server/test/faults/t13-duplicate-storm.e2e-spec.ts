import { DataSource } from 'typeorm';
import { faultScale, publishMany, waitFor, type DedicatedMosquitto, type MqttMessage } from '@hearth/testing';
import type { HearthHandle } from '../../src/bootstrap.js';
import { startFaultSite, type FaultSite } from './fault-site.js';
import { reportFigure } from './figures.js';

/**
 * T13. A duplicate storm: every one of 50,000 door readings arrives three
 * times, over MQTT, over MQTT again with the DUP flag on a new connection
 * (new packet ids, as a sender resending after a reconnect would), and over
 * HTTP push. Exactly 50,000 are stored, the hourly in/out sums read back
 * through the API equal the sender's ledger, and the HTTP replays are
 * answered 200 like first deliveries (idempotent).
 */
const EVENTS = 50_000;
const SENSORS = 100;

describe('T13 a duplicate storm', () => {
  let fault: FaultSite | undefined;
  let broker: DedicatedMosquitto;
  let hearth: HearthHandle;
  let http: FaultSite['http'];
  let siteToken: string;
  const site = 't13';

  beforeAll(async () => {
    fault = await startFaultSite('t13', { sites: [site], env: { ROLLUP_INTERVAL_MS: '0', INGEST_HTTP_RATE_PER_SECOND: '100000', INGEST_HTTP_BURST: '100000' } });
    ({ broker, hearth, http } = fault);
    siteToken = (await http.post(`/api/v1/sites/${site}/device-tokens`).send({}).expect(201)).body.token;
  });
  afterAll(async () => {
    await fault?.close();
  });

  it(`${EVENTS} readings three times (MQTT, MQTT with DUP=1, HTTP push) store ${EVENTS}, with exact hourly sums`, async () => {
    // Sensor s sends reading r at base + r * 6 s (+ s * 10 ms): 500 readings each over the last 50 minutes.
    const base = Math.floor((Date.now() - 3_300_000) / 1000) * 1000;
    const readings = Array.from({ length: EVENTS }, (_, i) => {
      const s = i % SENSORS;
      const r = Math.floor(i / SENSORS);
      return { sensor: `storm-${String(s).padStart(3, '0')}`, body: { type: 'door', ts: new Date(base + r * 6000 + s * 10).toISOString(), in: (i * 7) % 5, out: (i * 3) % 4, seq: r } };
    });
    const mqttCopy = (): MqttMessage[] => readings.map((p) => ({ topic: `hearth/v1/${site}/${p.sensor}`, payload: JSON.stringify(p.body) }));
    const [first, second] = await Promise.all([publishMany(broker.url, mqttCopy()), publishMany(broker.url, mqttCopy(), { dup: true })]);

    // The third copy over HTTP, in batches of 250 per sensor (about 20 KB each).
    const bySensor = new Map<string, unknown[]>();
    for (const p of readings) bySensor.set(p.sensor, [...(bySensor.get(p.sensor) ?? []), p.body]);
    const statuses = new Map<number, number>();
    const batches: { sensor: string; items: unknown[] }[] = [];
    for (const [sensor, bodies] of bySensor) for (let i = 0; i < bodies.length; i += 250) batches.push({ sensor, items: bodies.slice(i, i + 250) });
    for (let i = 0; i < batches.length; i += 8) {
      const results = await Promise.all(
        batches.slice(i, i + 8).map(async ({ sensor, items }) => {
          const res = await http.post(`/api/v1/ingest/${site}/${sensor}`).set('Authorization', `Bearer ${siteToken}`).set('Content-Type', 'application/json').send(items);
          return { status: res.status, accepted: res.body.accepted as number };
        }),
      );
      for (const r of results) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    }

    const sql = hearth.app.get(DataSource);
    const count = async () => (await sql.query(`SELECT count(*)::int AS n FROM raw_event e JOIN sensor s ON s.id = e.sensor_id WHERE s.key LIKE 'storm-%'`))[0].n as number;
    await waitFor(async () => ((await count()) >= EVENTS ? true : undefined), 60_000, `${EVENTS} stored`);
    await new Promise((r) => setTimeout(r, 1000));
    const rows = await count();

    // Hourly in/out sums per sensor, through the API, against the ledger.
    const hour = (ts: string) => ts.slice(0, 13);
    const expected = new Map<string, [number, number]>();
    for (const p of readings) {
      const key = `${p.sensor} ${hour(p.body.ts)}`;
      const sums = expected.get(key) ?? [0, 0];
      sums[0] += p.body.in;
      sums[1] += p.body.out;
      expected.set(key, sums);
    }
    const actual = new Map<string, [number, number]>();
    const sensors = (await http.get('/api/v1/sensors/unclaimed').expect(200)).body as { id: number; key: string }[];
    const storm = sensors.filter((s) => s.key.startsWith('storm-'));
    for (const s of storm) {
      const { events } = (await http.get(`/api/v1/sensors/${s.id}/events?from=${encodeURIComponent(new Date(base - 1000).toISOString())}&limit=10000`).expect(200)).body as {
        events: { ts: string; in: number; out: number }[];
      };
      for (const e of events) {
        const key = `${s.key} ${hour(e.ts)}`;
        const sums = actual.get(key) ?? [0, 0];
        sums[0] += e.in;
        sums[1] += e.out;
        actual.set(key, sums);
      }
    }
    let diff = 0;
    for (const key of new Set([...expected.keys(), ...actual.keys()])) {
      const [a, b] = [expected.get(key) ?? [0, 0], actual.get(key) ?? [0, 0]];
      diff += Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]);
    }
    const pushOk = statuses.get(200) ?? 0;
    reportFigure(
      'T13',
      `${EVENTS} readings x3 (MQTT, MQTT DUP=1 with new packet ids, HTTP push): ${rows} rows; hourly in/out diff ${diff} over ${expected.size} sensor-hours; ` +
        `HTTP replays ${pushOk}/${batches.length} answered 200${statuses.size > 1 ? ` (${[...statuses].map(([k, v]) => `${v}x${k}`).join(', ')})` : ''}`,
    );

    expect(first.acked + second.acked).toBe(2 * EVENTS);
    expect(storm).toHaveLength(SENSORS);
    expect(rows).toBe(EVENTS);
    expect(diff).toBe(0);
    expect(pushOk).toBe(batches.length);
  }, faultScale(180_000, 300_000));
});
