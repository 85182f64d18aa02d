import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { createRng } from '@hearth/simulation';
import { createTestDatabase, publishMany, startDedicatedMosquitto, waitFor, type DedicatedMosquitto, type MqttMessage, type TestDatabase, adminApi } from '@hearth/testing';
import type { HearthHandle } from '../src/bootstrap.js';
import { startTestHearth } from './start-test-hearth.js';

const run = promisify(execFile);
const siteFile = fs.readFileSync(new URL('../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');

/**
 * The ingestion contract's promises, each checked end to end against a real
 * Mosquitto and PostgreSQL: duplicates are harmless, arrival order does not
 * matter, counters are exact, bad input never blocks good input.
 */
describe('ingestion guarantees', () => {
  let broker: DedicatedMosquitto;
  let db: TestDatabase;
  let hearth: HearthHandle;
  let http: ReturnType<typeof adminApi>;
  let sql: DataSource;
  let siteToken: string;
  const site = 'gtest';

  beforeAll(async () => {
    broker = await startDedicatedMosquitto();
    db = await createTestDatabase('hearth_guarantees');
    hearth = await startTestHearth('g', { DATABASE_URL: db.url, MQTT_URL: broker.url, INGEST_HTTP_RATE_PER_SECOND: '100000', INGEST_HTTP_BURST: '100000' });
    http = adminApi(hearth.url);
    sql = hearth.app.get(DataSource);
    await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(siteFile.replace('id: branch', `id: ${site}`)).expect(200);
    siteToken = (await http.post(`/api/v1/sites/${site}/device-tokens`).send({}).expect(201)).body.token;
    await waitFor(async () => ((await http.get('/health/ready')).status === 200 ? true : undefined), 20_000, 'ready');
  });
  afterAll(async () => {
    await hearth?.close();
    await broker?.stop();
    await db?.drop();
  });

  const count = async (sensorKeyPrefix: string) =>
    (await sql.query(`SELECT count(*)::int AS n FROM raw_event e JOIN sensor s ON s.id = e.sensor_id WHERE s.key LIKE $1`, [`${sensorKeyPrefix}%`]))[0].n as number;
  const settle = async (prefix: string, expected: number) => waitFor(async () => ((await count(prefix)) >= expected ? true : undefined), 60_000, `${expected} readings of ${prefix}*`);
  const base = Date.now() - 3600_000;
  const recent = (i: number) => new Date(base + i * 100).toISOString();
  const sensorId = async (key: string) => (await sql.query(`SELECT id FROM sensor WHERE key = $1`, [key]))[0].id as number;

  it('a duplicate storm (10,000 readings three times, over MQTT and HTTP) stores 10,000', async () => {
    const payloads = Array.from({ length: 10_000 }, (_, i) => ({ sensor: `storm-${i % 100}`, body: { type: 'desk', ts: recent(i), occupied: i % 2 === 0, seq: i } }));
    const mqttOnce = (): MqttMessage[] => payloads.map((p) => ({ topic: `hearth/v1/${site}/${p.sensor}`, payload: JSON.stringify(p.body) }));
    const [a, b] = await Promise.all([publishMany(broker.url, mqttOnce()), publishMany(broker.url, mqttOnce())]);
    expect(a.acked + b.acked).toBe(20_000);
    // The third copy over HTTP, batched per sensor.
    const bySensor = new Map<string, unknown[]>();
    for (const p of payloads) bySensor.set(p.sensor, [...(bySensor.get(p.sensor) ?? []), p.body]);
    for (const [sensor, bodies] of bySensor) {
      await http.post(`/api/v1/ingest/${site}/${sensor}`).set('Authorization', `Bearer ${siteToken}`).set('Content-Type', 'application/json').send(bodies).expect(200);
    }
    await settle('storm-', 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(await count('storm-')).toBe(10_000);
  });

  it('shuffled and late readings give the same stored result as in-order ones', async () => {
    // Two copies of the same traffic: one in order, one shuffled with a late tail published after the rest.
    const rng = createRng(11);
    const make = (prefix: string) => {
      const msgs: MqttMessage[] = [];
      let inTotal = 65_000;
      let outTotal = 64_990;
      for (let i = 0; i < 300; i++) {
        inTotal = (inTotal + (i % 9)) % 65536;
        outTotal = (outTotal + (i % 7)) % 65536;
        msgs.push({ topic: `hearth/v1/${site}/${prefix}-door`, payload: JSON.stringify({ type: 'door', ts: recent(i * 3), inTotal, outTotal, seq: i }) });
        msgs.push({ topic: `hearth/v1/${site}/${prefix}-desk`, payload: JSON.stringify({ type: 'desk', ts: recent(i * 3 + 1), occupied: i % 3 !== 0, seq: i }) });
      }
      return msgs;
    };
    const ordered = make('order');
    const shuffled = make('shuffle');
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    await publishMany(broker.url, ordered, { inflight: 1 });
    await publishMany(broker.url, shuffled.slice(0, 500));
    await settle('shuffle-', 500);
    await publishMany(broker.url, shuffled.slice(500)); // late arrivals
    await settle('order-', 600);
    await settle('shuffle-', 600);
    // Both doors are declared the same way, as 16-bit cumulative counters.
    for (const prefix of ['order', 'shuffle']) await sql.query(`UPDATE sensor SET counter_rollover = 65536 WHERE key = $1`, [`${prefix}-door`]);
    const read = async (key: string) =>
      (await http.get(`/api/v1/sensors/${await sensorId(key)}/events?from=${encodeURIComponent(recent(-10))}&limit=10000`).expect(200)).body.events.map(({ receivedAt: _r, ...e }: Record<string, unknown>) => e);
    expect(await read('shuffle-door')).toEqual(await read('order-door'));
    expect(await read('shuffle-desk')).toEqual(await read('order-desk'));
    const door = await read('order-door');
    expect(door).toHaveLength(300);
    expect(door.some((e: { counter?: string }) => e.counter === 'rollover')).toBe(true);
  });

  it('20 counter resets and rollovers through ingestion give exact totals', async () => {
    const msgs: MqttMessage[] = [];
    let inTotal = 65_536 - 2_000;
    let outTotal = 65_536 - 2_100;
    let seq = 0;
    let trueIn = 0;
    let trueOut = 0;
    let rollovers = 0;
    const resets = new Set([30, 61, 95, 130, 171, 210, 244, 280, 333, 370]);
    for (let i = 0; i < 400; i++) {
      if (resets.has(i)) {
        inTotal = 0;
        outTotal = 0;
        seq = 0;
      }
      const din = 5000 + (i % 17);
      const dout = 4990 + (i % 13);
      if (inTotal + din >= 65536 || outTotal + dout >= 65536) rollovers++;
      inTotal = (inTotal + din) % 65536;
      outTotal = (outTotal + dout) % 65536;
      if (i > 0) {
        trueIn += din;
        trueOut += dout;
      }
      msgs.push({ topic: `hearth/v1/${site}/door-main`, payload: JSON.stringify({ type: 'door', ts: recent(i * 2), inTotal, outTotal, seq: seq++ }) });
    }
    await publishMany(broker.url, msgs, { inflight: 50 });
    await settle('door-main', 400);
    const events = (await http.get(`/api/v1/sensors/${await sensorId('door-main')}/events?from=${encodeURIComponent(recent(-10))}&limit=10000`).expect(200)).body.events as { in: number | null; out: number | null; counter: string }[];
    const sum = (k: 'in' | 'out') => events.reduce((a, e) => a + (e[k] ?? 0), 0);
    expect(rollovers).toBeGreaterThanOrEqual(10);
    expect(events.filter((e) => e.counter === 'reset')).toHaveLength(10);
    expect(events.filter((e) => e.counter === 'rollover').length).toBeGreaterThanOrEqual(10);
    expect([sum('in'), sum('out')]).toEqual([trueIn, trueOut]);
    expect(events.every((e) => (e.in ?? 0) >= 0 && (e.out ?? 0) >= 0)).toBe(true);
  });

  it('one invalid payload among 10,000 leaves 9,999 stored and 1 dead-lettered', async () => {
    const msgs: MqttMessage[] = Array.from({ length: 10_000 }, (_, i) => ({ topic: `hearth/v1/${site}/poison-${i % 50}`, payload: JSON.stringify({ type: 'desk', ts: recent(i), occupied: true, seq: i }) }));
    msgs[4_321] = { topic: `hearth/v1/${site}/poison-21`, payload: '{"type":"desk","ts":"2026-11-22T10:15:00Z","occupied":"maybe"' };
    await publishMany(broker.url, msgs);
    await settle('poison-', 9_999);
    await new Promise((r) => setTimeout(r, 300));
    expect(await count('poison-')).toBe(9_999);
    const letters = await sql.query(`SELECT reason, sensor_key FROM dead_letter WHERE sensor_key LIKE 'poison-%'`);
    expect(letters).toEqual([{ reason: 'invalid_json', sensor_key: 'poison-21' }]);
  });

  it('stores the contract examples sent with mosquitto_pub and curl, and reads them back', async () => {
    const ts = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const port = new URL(broker.url).port;
    await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', port, '-q', '1', '-t', `hearth/v1/${site}/door-main`, '-m', `{"type":"door","ts":"${ts}","in":3,"out":1,"seq":900001}`]);
    await run('mosquitto_pub', ['-h', '127.0.0.1', '-p', port, '-q', '1', '-t', `hearth/v1/${site}/cafe-count`, '-m', `{"type":"zone","ts":"${ts}","count":14,"seq":9}`]);
    const { stdout } = await run('curl', ['-s', '-w', '\n%{http_code}', '-X', 'POST', `${hearth.url}/api/v1/ingest/${site}/desk-q3`, '-H', `Authorization: Bearer ${siteToken}`, '-H', 'Content-Type: application/json', '-d', `{"type":"desk","ts":"${ts}","occupied":true,"seq":77}`]);
    expect(stdout.trim().split('\n').pop()).toBe('200');
    await run('curl', ['-s', '-X', 'POST', `${hearth.url}/api/v1/ingest/${site}/desk-q3`, '-H', `Authorization: Bearer ${siteToken}`, '-H', 'Content-Type: application/json', '-d', `{"type":"heartbeat","ts":"${ts}","battery":87}`]);
    const read = async (key: string) => (await http.get(`/api/v1/sensors/${await sensorId(key)}/events`).expect(200)).body.events;
    const door = await waitFor(async () => (await read('door-main')).find((e: { seq: number }) => e.seq === 900001), 10_000);
    expect(door).toMatchObject({ type: 'door', ts: new Date(ts).toISOString(), in: 3, out: 1 });
    const zone = await waitFor(async () => (await read('cafe-count'))[0], 10_000);
    expect(zone).toMatchObject({ type: 'zone', count: 14, seq: 9 });
    expect(await read('desk-q3')).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'desk', occupied: true, seq: 77 }), expect.objectContaining({ type: 'heartbeat', battery: 87 })]));
    // Last-seen and battery are written every few seconds, off the readings' path.
    const battery = await waitFor(async () => (await http.get(`/api/v1/sensors/${await sensorId('desk-q3')}`).expect(200)).body.batteryPct ?? undefined, 15_000);
    expect(battery).toBe(87);
  });
});
