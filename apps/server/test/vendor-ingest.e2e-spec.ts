import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import pg from 'pg';
import { createTestDatabase, testMqttUrl, uniqueId, type TestDatabase, adminApi } from '@hearth/testing';
import type { HearthHandle } from '../src/bootstrap.js';
import { startTestHearth } from './start-test-hearth.js';

const run = promisify(execFile);
const branchYaml = fs.readFileSync(new URL('../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');

/**
 * Real sensors through their own formats: a Milesight VS133 behind The
 * Things Stack, published with mosquitto_pub to the broker Hearth uses, and
 * a Disruptive Technologies desk sensor pushing over HTTP. Real PostgreSQL,
 * real broker, the real server.
 */
describe('vendor devices through integrations', () => {
  let db: TestDatabase;
  let hearth: HearthHandle;
  let http: ReturnType<typeof adminApi>;
  let sql: pg.Client;
  let broker: URL;
  const site = uniqueId('vendor');
  const app = `${site}-counters`;
  const topicFor = (device: string) => `v3/${app}@ttn/devices/${device}/up`;
  const counter = '24E124136B502217';

  /** A Things Stack v3 uplink as its MQTT integration publishes it (trimmed to the fields that matter). */
  const uplink = (devEui: string, fCnt: number, receivedAt: string, decoded: unknown) => ({
    end_device_ids: { device_id: `vs133-${fCnt}`, application_ids: { application_id: app }, dev_eui: devEui },
    received_at: receivedAt,
    uplink_message: {
      session_key_id: 'AXA50tHUGUucuzS/bCGMNw==',
      ...(fCnt ? { f_cnt: fCnt } : {}),
      f_port: 85,
      decoded_payload: decoded,
      received_at: receivedAt,
      version_ids: { brand_id: 'milesight-iot', model_id: 'vs133' },
    },
  });
  const publish = (topic: string, body: unknown) =>
    run('mosquitto_pub', ['-h', broker.hostname, '-p', broker.port || '1883', '-q', '1', '-t', topic, '-m', JSON.stringify(body)]);
  const rows = async (sensor: string) =>
    (
      await sql.query(
        `SELECT e.channel, e.seq::int AS seq, e.in_count, e.out_count, e.in_total::int AS in_total, e.out_total::int AS out_total, e.occupied, to_char(e.captured_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
         FROM raw_event e JOIN sensor s ON s.id = e.sensor_id WHERE s.key = $1 ORDER BY e.captured_at, e.channel`,
        [sensor],
      )
    ).rows;
  /** Publishes until the readings appear: the subscription to a new integration's topic is made within seconds of the import. */
  async function publishUntilStored(topic: string, body: unknown, sensor: string, n: number) {
    for (let i = 0; i < 40; i++) {
      await publish(topic, body);
      await new Promise((r) => setTimeout(r, 500));
      if ((await rows(sensor)).length >= n) return;
    }
    throw new Error(`no readings for ${sensor}`);
  }

  beforeAll(async () => {
    db = await createTestDatabase('hearth_vendor');
    const mqttUrl = await testMqttUrl();
    broker = new URL(mqttUrl);
    hearth = await startTestHearth('vendor', { DATABASE_URL: db.url, MQTT_URL: mqttUrl });
    http = adminApi(hearth.url);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    const yaml = branchYaml
      .replace('id: branch', `id: ${site}`)
      .replace(
        '- { id: door-main, kind: door, position: [15, 20], inTo: lobby, outTo: outside, counterRollover: 65536 }',
        `- { id: door-main, kind: door, adapter: milesight-vs13x, position: [15, 20], inTo: lobby, outTo: outside, source: { device: "${counter}", channel: line_1 } }
      - { id: door-side, kind: door, position: [12, 20], inTo: lobby, outTo: outside, source: { device: "${counter}", channel: line_2, invert: true } }`,
      )
      .replace('- { id: desk-q1, kind: desk, zone: quiet, position: [2, 2] }', '- { id: desk-q1, kind: desk, zone: quiet, position: [2, 2], adapter: disruptive, source: { device: cj5jpe7r23r0008c1pmg } }')
      .concat(`integrations:\n  - { id: tts, envelope: tts-v3, topic: "v3/${app}@ttn/+/+/up" }\n  - { id: dt, adapter: disruptive }\n`);
    await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(yaml).expect(200);
  });
  afterAll(async () => {
    await sql?.end();
    await hearth?.close();
    await db?.drop();
  });

  it('takes a Things Stack uplink of a VS133 published with mosquitto_pub as in/out counts of the mapped doors', async () => {
    const at = new Date(Date.now() - 60_000).toISOString().replace('Z', '123456Z');
    const decoded = { line_1_period_in: 7, line_1_period_out: 3, line_2_period_in: 4, line_2_period_out: 9, line_3_period_in: 0, line_3_period_out: 0, line_4_period_in: 0, line_4_period_out: 0 };
    await publishUntilStored(topicFor('vs133-lobby'), uplink(counter, 12, at, decoded), 'door-side', 1);
    const ms = at.slice(0, 23) + 'Z';
    expect(await rows('door-main')).toEqual([{ channel: 'line_1', seq: 12, in_count: 7, out_count: 3, in_total: null, out_total: null, occupied: null, at: ms }]);
    // Mounted the other way round: its "in" is the device's "out".
    expect(await rows('door-side')).toEqual([{ channel: 'line_2', seq: 12, in_count: 9, out_count: 4, in_total: null, out_total: null, occupied: null, at: ms }]);
  });

  it('reads the nested shape of older codecs, and running totals, for the same door', async () => {
    const at = new Date(Date.now() - 30_000).toISOString();
    await publishUntilStored(topicFor('vs133-lobby'), uplink(counter, 13, at, { line_1: { total_in: 72, total_out: 200 } }), 'door-main', 2);
    expect((await rows('door-main')).at(-1)).toMatchObject({ channel: 'line_1', seq: 13, in_count: null, in_total: 72, out_total: 200 });
  });

  it('keeps a device nobody has mapped as an unclaimed sensor under its id, and a join message as a dead letter', async () => {
    const at = new Date(Date.now() - 20_000).toISOString();
    await publishUntilStored(topicFor('stranger'), uplink('24E1241300000001', 0, at, { line_1_period_in: 2, line_1_period_out: 1 }), '24e1241300000001', 1);
    const [sensor] = (await sql.query(`SELECT site_id, announced_site_key, kind FROM sensor WHERE key = '24e1241300000001'`)).rows;
    expect(sensor).toEqual({ site_id: null, announced_site_key: site, kind: 'door' });
    expect(await rows('24e1241300000001')).toEqual([expect.objectContaining({ channel: 'line_1', seq: 0, in_count: 2, out_count: 1 })]);

    await publish(topicFor('vs133-lobby'), { end_device_ids: { device_id: 'vs133-lobby', dev_eui: counter }, join_accept: { session_key_id: 'x' } });
    let letter: { reason: string; detail: string; site_key: string } | undefined;
    for (let i = 0; i < 40 && !letter; i++) {
      await new Promise((r) => setTimeout(r, 250));
      [letter] = (await sql.query(`SELECT reason, detail, site_key FROM dead_letter WHERE topic = $1`, [topicFor('vs133-lobby')])).rows;
    }
    expect(letter).toMatchObject({ reason: 'adapter_rejected', site_key: site });
    expect(letter!.detail).toMatch(/tts-v3: .*uplink/);
  });

  it("takes a Disruptive Technologies desk event pushed over HTTP with the site's token, once however often it is redelivered", async () => {
    const { body: token } = await http.post(`/api/v1/sites/${site}/device-tokens`).send({ label: 'DT data connector' }).expect(201);
    const at = new Date(Date.now() - 10_000).toISOString().replace('Z', '000Z');
    const event = {
      event: { eventId: 'd0etq5jlo1jc73as7ur0', targetName: 'projects/d0cv6cco848c73ajtmv0/devices/cj5jpe7r23r0008c1pmg', eventType: 'deskOccupancy', data: { deskOccupancy: { state: 'OCCUPIED', remarks: [], updateTime: at } }, timestamp: at },
      labels: { name: 'Desk 12' },
    };
    await http.post(`/api/v1/push/${site}/dt`).send(event).expect(401);
    for (let i = 0; i < 3; i++) await http.post(`/api/v1/push/${site}/dt`).set('Authorization', `Bearer ${token.token}`).send(event).expect(202);
    expect(await rows('desk-q1')).toEqual([expect.objectContaining({ occupied: true, seq: -1 })]);
    await http.post(`/api/v1/push/${site}/nope`).set('Authorization', `Bearer ${token.token}`).send(event).expect(202);
    const [letter] = (await sql.query(`SELECT reason FROM dead_letter WHERE topic = $1`, [`push/${site}/nope`])).rows;
    expect(letter).toEqual({ reason: 'unknown_topic' });
  });

  it('lists its adapters and envelopes, and refuses a site file naming one it does not have', async () => {
    const { body } = await http.get('/api/v1/adapters').expect(200);
    expect(body.adapters.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['milesight-vs13x', 'xovis-v5', 'irisys-vector', 'butlr', 'elsys', 'disruptive', 'pressac', 'haltian']));
    expect(body.envelopes.map((e: { name: string }) => e.name)).toEqual(['tts-v3', 'chirpstack-v4', 'milesight-gw']);
    const bad = branchYaml.replace('id: branch', `id: ${site}-bad`).concat('integrations:\n  - { id: x, envelope: lorawan-magic }\n');
    const res = await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(bad).expect(400);
    expect(res.body.message).toMatch(/envelope "lorawan-magic" is not one of tts-v3/);
  });
});
