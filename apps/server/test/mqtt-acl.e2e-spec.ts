import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { openDatabase } from '@hearth/database';
import { parseSiteFile, SiteImportService } from '@hearth/spaces';
import { createTestDatabase, SERVER_ENTRY, startDedicatedMosquitto, uniqueId, type DedicatedMosquitto, type TestDatabase } from '@hearth/testing';

/**
 * `npm run mqtt:acl` end to end: the built command reads a registry of two
 * libraries from PostgreSQL, and a Mosquitto of the test's own, configured
 * only with the files it wrote, enforces them.
 */
const CLI = path.join(path.dirname(SERVER_ENTRY), 'cli', 'mqtt-acl.js');
const SERVICE_PASSWORD = 'hearth-service-password-for-this-test';
const branchYaml = fs.readFileSync(new URL('../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');
const run = promisify(execFile);

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Connects and resolves with the CONNACK return code (0: accepted); a refused client is ended. */
function attempt(url: string, options: IClientOptions): Promise<{ code: number; client: MqttClient }> {
  return new Promise((resolve) => {
    const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 5000, protocolVersion: 4, clientId: uniqueId('acl-'), ...options });
    client.once('connect', () => resolve({ code: 0, client }));
    client.once('error', (err: Error & { code?: number }) => {
      client.end(true);
      resolve({ code: typeof err.code === 'number' ? err.code : -1, client });
    });
  });
}

describe('npm run mqtt:acl with a dedicated Mosquitto', () => {
  let db: TestDatabase;
  let dir: string;
  const [siteA, siteB] = [uniqueId('acla'), uniqueId('aclb')];
  const topicA = `v3/${siteA}@ttn/devices/+/up`;
  const topicB = `v3/${siteB}@ttn/devices/+/up`;
  const brokers: DedicatedMosquitto[] = [];
  const clients: MqttClient[] = [];

  const cli = (args: string[]) =>
    run(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', DATABASE_URL: db.url, MQTT_PASSWORD: SERVICE_PASSWORD, LOG_LEVEL: 'silent' } });

  /** Starts a Mosquitto loading the files in `out`, and a Hearth-user subscriber on it that records every topic it hears. */
  async function brokerFor(out: string) {
    const lines = fs.readFileSync(path.join(out, 'mosquitto.conf'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    // The stock queue limit: with the dedicated broker's unlimited one, Mosquitto 2.0.11 drops the
    // connection of a 3.1.1 client after refusing its QoS 1 publish instead of acknowledging it.
    const broker = await startDedicatedMosquitto({ extraConfig: [...lines, 'max_queued_messages 1000'] });
    brokers.push(broker);
    const service = await mqtt.connectAsync(broker.url, { clientId: uniqueId('svc-'), username: 'hearth', password: SERVICE_PASSWORD, reconnectPeriod: 0 });
    clients.push(service);
    const heard: string[] = [];
    service.on('message', (topic) => heard.push(topic));
    await service.subscribeAsync(['hearth/v1/+/+', topicA, topicB], { qos: 1 });
    const credentials = new Map(
      fs
        .readFileSync(path.join(out, 'credentials.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',') as [string, string]),
    );
    const device = async (username: string) => {
      const { code, client } = await attempt(broker.url, { username, password: credentials.get(username) });
      expect(code).toBe(0);
      clients.push(client);
      return client;
    };
    return { broker, heard, credentials, device };
  }

  beforeAll(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does).`);
    db = await createTestDatabase('hearth_mqtt_acl');
    const { dataSource } = await openDatabase(db.url);
    try {
      const importer = new SiteImportService(dataSource);
      for (const [site, topic] of [
        [siteA, topicA],
        [siteB, topicB],
      ]) {
        const yaml = branchYaml.replace('id: branch', `id: ${site}`).concat(`integrations:\n  - { id: tts, envelope: tts-v3, topic: "${topic}" }\n`);
        await importer.import(parseSiteFile(yaml, `${site}.yaml`));
      }
    } finally {
      await dataSource.destroy();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-mqtt-acl-'));
  });
  afterAll(async () => {
    for (const c of clients) c.end(true);
    for (const b of brokers) await b.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await db?.drop();
  });

  it("lets each site's device publish to its own topics only, refuses anonymous clients, and gives devices no subscriptions", async () => {
    const out = path.join(dir, 'per-site');
    const { stdout } = await cli(['--out', out]);
    expect(stdout).toContain('Issued 2 MQTT device tokens for 2 sites');
    expect(fs.statSync(path.join(out, 'credentials.csv')).mode & 0o777).toBe(0o600);
    const { heard, credentials, device, broker } = await brokerFor(out);
    expect([...credentials.keys()].sort()).toEqual([siteA, siteB].sort());
    for (const token of credentials.values()) expect(stdout).not.toContain(token);

    // Anonymous, a wrong token, and a token under the other site's name are all refused.
    expect((await attempt(broker.url, {})).code).toBe(5);
    expect((await attempt(broker.url, { username: siteA, password: 'hth_not-a-token' })).code).toBe(5);
    expect((await attempt(broker.url, { username: siteB, password: credentials.get(siteA) })).code).toBe(5);

    const a = await device(siteA);
    const b = await device(siteB);
    const nosy: string[] = [];
    a.on('message', (topic) => nosy.push(topic));
    await a.subscribeAsync(['#', '$SYS/#'], { qos: 1 }).catch(() => undefined);

    await a.publishAsync(`hearth/v1/${siteA}/desk-q1`, '{}', { qos: 1 });
    await a.publishAsync(`v3/${siteA}@ttn/devices/eui-1/up`, '{}', { qos: 1 });
    // Mosquitto acknowledges a refused QoS 1 publish of MQTT 3.1.1 and drops it.
    await a.publishAsync(`hearth/v1/${siteB}/desk-q1`, '{}', { qos: 1 });
    await a.publishAsync(`v3/${siteB}@ttn/devices/eui-1/up`, '{}', { qos: 1 });
    await a.publishAsync('hearth/status/hearth-ingest', 'offline', { qos: 1 });
    await b.publishAsync(`hearth/v1/${siteB}/door-main`, '{}', { qos: 1 });
    await settle(500);

    expect(heard.sort()).toEqual([`hearth/v1/${siteA}/desk-q1`, `hearth/v1/${siteB}/door-main`, `v3/${siteA}@ttn/devices/eui-1/up`].sort());
    expect(nosy).toEqual([]);
  });

  it('issues one token per sensor with --per-sensor, revokes the earlier ones, and prints tokens only when asked', async () => {
    const out = path.join(dir, 'per-sensor');
    const { stdout } = await cli(['--out', out, '--per-sensor', '--site', siteA, '--revoke-previous', '--print']);
    expect(stdout).toMatch(/Issued 6 MQTT device tokens for 1 site .*revoked 1 earlier one/);
    const { heard, credentials, device } = await brokerFor(out);
    expect([...credentials.keys()].sort()).toEqual(['cafe-count', 'desk-q1', 'desk-q2', 'desk-q3', 'desk-q4', 'door-main'].map((s) => `${siteA}/${s}`));
    for (const [user, token] of credentials) expect(stdout).toContain(`${user},${token}`);

    const desk = await device(`${siteA}/desk-q1`);
    await desk.publishAsync(`hearth/v1/${siteA}/desk-q1`, '{}', { qos: 1 });
    await desk.publishAsync(`hearth/v1/${siteA}/desk-q2`, '{}', { qos: 1 });
    await desk.publishAsync(`v3/${siteA}@ttn/devices/eui-1/up`, '{}', { qos: 1 });
    await settle(500);
    expect(heard).toEqual([`hearth/v1/${siteA}/desk-q1`]);

    const { dataSource } = await openDatabase(db.url);
    try {
      const rows: { label: string; revoked: boolean }[] = await dataSource.query(
        `SELECT t.label, t.revoked_at IS NOT NULL AS revoked FROM device_token t JOIN site ON site.id = t.site_id WHERE site.key = $1 ORDER BY t.id`,
        [siteA],
      );
      expect(rows.filter((r) => r.revoked).map((r) => r.label)).toEqual([`mqtt ${siteA}`]);
      expect(rows.filter((r) => !r.revoked)).toHaveLength(6);
    } finally {
      await dataSource.destroy();
    }
  });
});
