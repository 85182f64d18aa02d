import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { DeviceAuthority } from './broker-access.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.js';
import type { DeviceGrant } from './mqtt-access.js';

/**
 * The embedded broker over real MQTT connections. The registry behind it is
 * a small in-memory authority here; the fault test T25 runs the same broker
 * inside Hearth against PostgreSQL.
 */
const SERVICE = { username: 'hearth', password: 'service-secret-for-this-test' };
const tokens = new Map<string, DeviceGrant>([
  ['hth_branch-site', { site: 'branch', sensor: null }],
  ['hth_branch-desk', { site: 'branch', sensor: 'desk-q1' }],
  ['hth_central-site', { site: 'central', sensor: null }],
]);
const authority: DeviceAuthority & { calls: number } = {
  calls: 0,
  async grantOf(token) {
    this.calls++;
    return tokens.get(token) ?? null;
  },
  async integrationTopics() {
    return new Map([['branch', ['v3/branch-app@ttn/devices/+/up']]]);
  },
};

/** Connects and resolves with the CONNACK return code (0: accepted) and the client, ended unless accepted. */
function attempt(url: string, options: IClientOptions): Promise<{ code: number; client: MqttClient }> {
  return new Promise((resolve) => {
    const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 5000, protocolVersion: 4, ...options });
    client.once('connect', () => resolve({ code: 0, client }));
    client.once('error', (err: Error & { code?: number }) => {
      client.end(true);
      resolve({ code: typeof err.code === 'number' ? err.code : -1, client });
    });
  });
}

async function connected(url: string, options: IClientOptions): Promise<MqttClient> {
  const { code, client } = await attempt(url, options);
  if (code !== 0) throw new Error(`connection refused with ${code}`);
  return client;
}

/** The QoS the broker granted for each filter (128: refused). */
async function grantedQos(client: MqttClient, filters: string[]): Promise<number[]> {
  try {
    return (await client.subscribeAsync(filters, { qos: 1 })).map((g) => g.qos);
  } catch (err) {
    // MQTT.js rejects a SUBACK with a refusal in it; the SUBACK itself says which.
    const granted = (err as { packet?: { granted?: number[] } }).packet?.granted;
    if (!granted) throw err;
    return granted;
  }
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the embedded broker with device credentials and topic ACLs', () => {
  let broker: EmbeddedBroker;
  let service: MqttClient;
  const received: string[] = [];
  const open: MqttClient[] = [];

  beforeAll(async () => {
    broker = await startEmbeddedBroker({ host: '127.0.0.1', port: 0, access: { service: SERVICE, allowAnonymous: false } });
    service = await connected(broker.url, { clientId: 'hearth-ingest-test', ...SERVICE });
    await service.subscribeAsync(['hearth/v1/+/+', 'v3/+/devices/+/up'], { qos: 1 });
    service.on('message', (topic) => received.push(topic));
  });
  afterAll(async () => {
    for (const c of [service, ...open]) c?.end(true);
    await broker?.close();
  });

  it('tells devices to come back later until Hearth hands over its registry, then checks their tokens', async () => {
    expect((await attempt(broker.url, { username: 'branch', password: 'hth_branch-site' })).code).toBe(3);
    broker.admitDevices(authority);
    const device = await connected(broker.url, { username: 'branch', password: 'hth_branch-site' });
    open.push(device);
  });

  it('refuses anonymous clients, unknown tokens, user names that are not the grant, and wildcard identities', async () => {
    const codes = async (options: IClientOptions) => (await attempt(broker.url, options)).code;
    expect(await codes({})).toBe(5);
    expect(await codes({ username: 'branch', password: 'hth_unknown' })).toBe(4);
    expect(await codes({ username: 'branch', password: 'not-a-token' })).toBe(4);
    expect(await codes({ username: 'central', password: 'hth_branch-site' })).toBe(4);
    expect(await codes({ username: 'branch', password: 'hth_branch-desk' })).toBe(4); // a sensor's token is not the site's
    expect(await codes({ username: 'branch/desk-q2', password: 'hth_branch-desk' })).toBe(4);
    expect(await codes({ username: 'hearth', password: 'wrong' })).toBe(4);
    expect(await codes({ username: '#', password: 'hth_branch-site' })).toBe(4);
    expect(await codes({ username: 'branch/+', password: 'hth_branch-site' })).toBe(4);
    expect(await codes({ clientId: 'dev+1', username: 'branch', password: 'hth_branch-site' })).toBe(2);
    expect(await codes({ clientId: '#', username: 'branch', password: 'hth_branch-site' })).toBe(2);
  });

  it("delivers a device's publishes to its own topics and closes the connection of one that publishes elsewhere", async () => {
    const sensor = await connected(broker.url, { username: 'branch/desk-q1', password: 'hth_branch-desk' });
    const site = await connected(broker.url, { username: 'branch', password: 'hth_branch-site' });
    open.push(sensor, site);
    await sensor.publishAsync('hearth/v1/branch/desk-q1', '{}', { qos: 1 });
    await site.publishAsync('hearth/v1/branch/door-main', '{}', { qos: 1 });
    await site.publishAsync('v3/branch-app@ttn/devices/eui-1/up', '{}', { qos: 1 });
    await settle(200);
    expect(received.sort()).toEqual(['hearth/v1/branch/desk-q1', 'hearth/v1/branch/door-main', 'v3/branch-app@ttn/devices/eui-1/up']);

    received.length = 0;
    const closed = new Promise<void>((resolve) => sensor.once('close', () => resolve()));
    sensor.publish('hearth/v1/branch/desk-q2', '{}', { qos: 1 });
    await closed;
    const otherSite = await connected(broker.url, { username: 'central', password: 'hth_central-site' });
    open.push(otherSite);
    const closedToo = new Promise<void>((resolve) => otherSite.once('close', () => resolve()));
    otherSite.publish('hearth/v1/branch/door-main', '{}', { qos: 1 });
    otherSite.publish('v3/branch-app@ttn/devices/eui-1/up', '{}', { qos: 1 });
    await closedToo;
    await settle(200);
    expect(received).toEqual([]);
  });

  it('refuses every subscription of a device, and the service still hears everything', async () => {
    const device = await connected(broker.url, { username: 'branch', password: 'hth_branch-site' });
    open.push(device);
    expect(await grantedQos(device, ['#', '$SYS/#', 'hearth/v1/branch/+'])).toEqual([128, 128, 128]);
    expect(await grantedQos(service, ['hearth/status/#'])).toEqual([1]);
    const heard: string[] = [];
    device.on('message', (topic) => heard.push(topic));
    await device.publishAsync('hearth/v1/branch/desk-q1', '{}', { qos: 1 });
    await settle(200);
    expect(heard).toEqual([]);
    expect(received).toContain('hearth/v1/branch/desk-q1');
  });

  it("stops a connected device's publishes once its token is revoked", async () => {
    const strict = await startEmbeddedBroker({ host: '127.0.0.1', port: 0, access: { service: SERVICE, allowAnonymous: false, revalidateMs: 100 } });
    const revocable = new Map<string, DeviceGrant>([['hth_revocable', { site: 'branch', sensor: null }]]);
    strict.admitDevices({ grantOf: async (token) => revocable.get(token) ?? null, integrationTopics: async () => new Map() });
    try {
      const device = await connected(strict.url, { username: 'branch', password: 'hth_revocable' });
      await device.publishAsync('hearth/v1/branch/desk-q1', '{}', { qos: 1 });
      revocable.clear();
      await settle(150);
      const closed = new Promise<void>((resolve) => device.once('close', () => resolve()));
      device.publish('hearth/v1/branch/desk-q1', '{}', { qos: 1 });
      await closed;
      expect((await attempt(strict.url, { username: 'branch', password: 'hth_revocable' })).code).toBe(4);
    } finally {
      await strict.close();
    }
  });

  it('lets anonymous clients in where MQTT_ALLOW_ANONYMOUS asks for it', async () => {
    const openBroker = await startEmbeddedBroker({ host: '127.0.0.1', port: 0, access: { service: SERVICE, allowAnonymous: true } });
    try {
      const { code, client } = await attempt(openBroker.url, {});
      expect(code).toBe(0);
      client.end(true);
    } finally {
      await openBroker.close();
    }
  });
});
