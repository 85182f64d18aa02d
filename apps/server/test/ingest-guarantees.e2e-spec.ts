import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { createTestDatabase, startDedicatedMosquitto, waitFor, type DedicatedMosquitto, type TestDatabase, adminApi } from '@hearth/testing';
import type { HearthHandle } from '../src/bootstrap.js';
import { startTestHearth } from './start-test-hearth.js';

const run = promisify(execFile);
const siteFile = fs.readFileSync(new URL('../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');

/**
 * The ingestion contract's examples, end to end against a real Mosquitto and
 * PostgreSQL. Its promises under faults (duplicates, arrival order, counter
 * resets, poison messages) are the fault tests in faults/ (T12-T16).
 */
describe('the ingestion contract examples', () => {
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

  const sensorId = async (key: string) => (await sql.query(`SELECT id FROM sensor WHERE key = $1`, [key]))[0].id as number;

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
