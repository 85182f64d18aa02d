import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { DataSource } from 'typeorm';
import { adminApi, createTestDatabase, freePort, TEST_AUTH_ENV, uniqueId, waitFor, type TestDatabase } from '@hearth/testing';
import { startHearth, type HearthHandle } from '../../src/bootstrap.js';
import { reportFigure } from './figures.js';

/**
 * T25: MQTT authentication and topic ACLs on Hearth's embedded broker (no
 * MQTT_URL). Anonymous clients, devices publishing to another site's or
 * another device's topic, wildcard subscriptions and identities with "+" or
 * "#" in them are all refused, and not one of the refused readings reaches
 * the database, while a device's publish to its own topic is stored.
 */
const CROSS_SITE = 100; // site A's site token, to site B's sensors
const CROSS_DEVICE = 100; // site A's desk-q1 token, to site B's desk-q1
const branchYaml = fs.readFileSync(new URL('../../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');
const SENSORS = ['door-main', 'desk-q1', 'desk-q2', 'desk-q3', 'desk-q4', 'cafe-count'];

/** Connects and resolves with the CONNACK return code (0: accepted); a refused client is ended. */
function attempt(url: string, options: IClientOptions): Promise<{ code: number; client: MqttClient }> {
  return new Promise((resolve) => {
    const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 5000, protocolVersion: 4, clientId: uniqueId('t25-'), ...options });
    client.once('connect', () => resolve({ code: 0, client }));
    client.once('error', (err: Error & { code?: number }) => {
      client.end(true);
      resolve({ code: typeof err.code === 'number' ? err.code : -1, client });
    });
  });
}

/** The QoS the broker granted for each filter (128: refused). */
async function grantedQos(client: MqttClient, filters: string[]): Promise<number[]> {
  try {
    return (await client.subscribeAsync(filters, { qos: 1 })).map((g) => g.qos);
  } catch (err) {
    const granted = (err as { packet?: { granted?: number[] } }).packet?.granted;
    if (!granted) throw err;
    return granted;
  }
}

/**
 * One publish on a connection of its own: 'acked' when the broker acknowledged
 * it, 'closed' when the broker closed the connection instead.
 */
async function publishOnce(url: string, options: IClientOptions, topic: string, payload: string): Promise<'acked' | 'closed'> {
  const { code, client } = await attempt(url, options);
  if (code !== 0) throw new Error(`the device could not connect (CONNACK ${code})`);
  try {
    return await new Promise((resolve) => {
      client.once('close', () => resolve('closed'));
      client.publish(topic, payload, { qos: 1 }, (err) => resolve(err ? 'closed' : 'acked'));
    });
  } finally {
    client.end(true);
  }
}

describe('T25 MQTT authentication and topic ACLs (embedded broker)', () => {
  let db: TestDatabase;
  let hearth: HearthHandle;
  let http: ReturnType<typeof adminApi>;
  let url: string;
  const [siteA, siteB] = [uniqueId('t25a'), uniqueId('t25b')];
  const tokens: Record<string, string> = {};
  const open: MqttClient[] = [];
  const reading = (seq: number) => JSON.stringify({ type: 'desk', ts: new Date().toISOString(), occupied: seq % 2 === 0, seq });
  const rowsOf = async (site: string): Promise<number> =>
    Number(
      (
        await hearth.app
          .get(DataSource)
          .query(`SELECT count(*)::int AS n FROM raw_event e JOIN sensor s ON s.id = e.sensor_id JOIN site ON site.id = s.site_id WHERE site.key = $1`, [site])
      )[0].n,
    );

  beforeAll(async () => {
    db = await createTestDatabase('hearth_t25');
    hearth = await startHearth({
      DATABASE_URL: db.url,
      MQTT_HOST: '127.0.0.1',
      MQTT_PORT: String(await freePort()),
      MQTT_CLIENT_ID: uniqueId('hearth-t25-'),
      HEARTH_DEMO: 'false',
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-t25-')),
      ...TEST_AUTH_ENV,
    });
    url = hearth.brokerUrl;
    http = adminApi(hearth.url);
    for (const site of [siteA, siteB]) {
      await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(branchYaml.replace('id: branch', `id: ${site}`)).expect(200);
    }
    const issue = async (site: string, sensor?: string) => (await http.post(`/api/v1/sites/${site}/device-tokens`).send(sensor ? { sensor } : {}).expect(201)).body.token as string;
    tokens.siteA = await issue(siteA);
    tokens.deskA = await issue(siteA, 'desk-q1');
    tokens.deskB = await issue(siteB, 'desk-q1');
  });
  afterAll(async () => {
    for (const c of open) c.end(true);
    await hearth?.close();
    await db?.drop();
  });

  it('refuses anonymous clients, cross-site and cross-device publishes, wildcard subscriptions and wildcard identities; stores a device’s own reading', async () => {
    expect(hearth.brokerUrl).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);

    // Anonymous CONNECT.
    const anonymous = (await attempt(url, {})).code;
    expect(anonymous).toBe(5);

    // A device's own topic: stored (published until Hearth's subscriber, which connects as Hearth starts, has it).
    let seq = 1;
    await waitFor(
      async () => {
        await publishOnce(url, { username: siteA, password: tokens.siteA }, `hearth/v1/${siteA}/desk-q1`, reading(seq++));
        return (await rowsOf(siteA)) > 0 ? true : undefined;
      },
      30_000,
      "site A's own reading stored",
    );
    const deskB = await publishOnce(url, { username: `${siteB}/desk-q1`, password: tokens.deskB }, `hearth/v1/${siteB}/desk-q1`, reading(seq++));
    expect(deskB).toBe('acked');
    const ownStored = await waitFor(async () => ((await rowsOf(siteB)) === 1 ? 1 : undefined), 10_000, "device B's own reading stored");

    // Device A publishing to site B's sensors (site token) and to device B's topic (sensor token).
    const outcomes: string[] = [];
    for (let i = 0; i < CROSS_SITE; i++) outcomes.push(await publishOnce(url, { username: siteA, password: tokens.siteA }, `hearth/v1/${siteB}/${SENSORS[i % SENSORS.length]}`, reading(1000 + i)));
    for (let i = 0; i < CROSS_DEVICE; i++) outcomes.push(await publishOnce(url, { username: `${siteA}/desk-q1`, password: tokens.deskA }, `hearth/v1/${siteB}/desk-q1`, reading(2000 + i)));
    // ...and the same token under site B's name, or a sensor token under its site's name: not even connected.
    expect((await attempt(url, { username: siteB, password: tokens.siteA })).code).toBe(4);
    expect((await attempt(url, { username: `${siteB}/desk-q1`, password: tokens.deskA })).code).toBe(4);
    expect((await attempt(url, { username: siteA, password: tokens.deskA })).code).toBe(4);

    // Wildcard subscriptions by a device.
    const { code, client: nosy } = await attempt(url, { username: siteA, password: tokens.siteA });
    expect(code).toBe(0);
    open.push(nosy);
    const heard: string[] = [];
    nosy.on('message', (topic) => heard.push(topic));
    const granted = await grantedQos(nosy, ['#', '$SYS/#']);

    // Identities with "+" or "#": user names and client ids.
    const identities = [
      (await attempt(url, { username: `${siteA}/+`, password: tokens.siteA })).code,
      (await attempt(url, { username: '#', password: tokens.siteA })).code,
      (await attempt(url, { clientId: 'counter+1', username: siteA, password: tokens.siteA })).code,
      (await attempt(url, { clientId: 'counter#1', username: siteA, password: tokens.siteA })).code,
    ];

    // One more reading of site A's own, stored after all of the above: then nothing of theirs is still on its way.
    const before = await rowsOf(siteA);
    expect(await publishOnce(url, { username: `${siteA}/desk-q1`, password: tokens.deskA }, `hearth/v1/${siteA}/desk-q1`, reading(seq++))).toBe('acked');
    await waitFor(async () => ((await rowsOf(siteA)) > before ? true : undefined), 10_000, "site A's last reading stored");
    const storedB = (await rowsOf(siteB)) - ownStored;

    const closed = outcomes.filter((o) => o === 'closed').length;
    expect(closed).toBe(CROSS_SITE + CROSS_DEVICE);
    expect(storedB).toBe(0);
    expect(granted).toEqual([128, 128]);
    expect(heard).toEqual([]);
    expect(identities).toEqual([4, 4, 2, 2]);

    reportFigure(
      'T25',
      `MQTT ACL (embedded broker): anonymous refused ${anonymous === 5 ? 1 : 0}/1, cross-site and cross-device publishes stored ${storedB}/${CROSS_SITE + CROSS_DEVICE} ` +
        `(connections closed ${closed}/${CROSS_SITE + CROSS_DEVICE}), wildcard subscriptions refused ${granted.filter((g) => g === 128).length}/2, ` +
        `special-character identities refused ${identities.filter((c) => c !== 0).length}/4, own-topic publishes stored yes`,
    );
  });
});
