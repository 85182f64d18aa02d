import { fileURLToPath } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import { MAX_PAYLOAD_BYTES, parseSensorTopic, sensorMessageSchema, type SensorMessage, type SiteFile } from '@hearth/contracts';
import { RIVERSIDE_TUNING } from '@hearth/simulation';
import { runLiveSimulation } from './live-simulation.js';
import { loadSiteFile } from './site-file-loader.js';

/** Publishes to the real local Mosquitto and listens with a separate client. */
const BROKER = process.env.MQTT_URL ?? 'mqtt://127.0.0.1:1883';
const riverside = loadSiteFile(fileURLToPath(new URL('../../../demo/riverside.site.yaml', import.meta.url)));

interface Received {
  topic: string;
  bytes: number;
  messages: SensorMessage[];
}

/** Riverside under a key of its own, so that nothing else listening mistakes the test traffic for the demo's. */
function testSite(): SiteFile {
  return { ...riverside, site: { ...riverside.site, id: `simtest-${process.pid}-${Date.now().toString(36)}` } };
}

async function listen(site: string): Promise<{ client: MqttClient; received: Received[]; invalid: string[] }> {
  const client = await mqtt.connectAsync(BROKER, { clientId: `simtest-listener-${process.pid}-${Date.now().toString(36)}` });
  const received: Received[] = [];
  const invalid: string[] = [];
  client.on('message', (topic, payload) => {
    const json: unknown = JSON.parse(payload.toString('utf8'));
    const items = Array.isArray(json) ? json : [json];
    const messages: SensorMessage[] = [];
    for (const item of items) {
      const parsed = sensorMessageSchema.safeParse(item);
      if (parsed.success) messages.push(parsed.data);
      else invalid.push(`${topic}: ${JSON.stringify(item)}`);
    }
    received.push({ topic, bytes: payload.length, messages });
  });
  await client.subscribeAsync(`hearth/v1/${site}/#`, { qos: 1 });
  return { client, received, invalid };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('live simulation over the local Mosquitto', () => {
  it('publishes a busy Tuesday morning at 900x speed to the right topics, every message valid', async () => {
    const site = testSite();
    const { client, received, invalid } = await listen(site.site.id);
    const controller = new AbortController();
    const startAt = new Date('2026-11-03T09:58:00Z'); // a term Tuesday, 09:58 in London
    let started!: () => void;
    const clockStarted = new Promise<void>((resolve) => (started = resolve));
    const log = (msg: string) => msg === 'live simulation started' && started();
    const running = runLiveSimulation({ site, mqttUrl: BROKER, speed: 900, tickMs: 100, startAt, signal: controller.signal, tuning: RIVERSIDE_TUNING, log });
    await clockStarted;
    await settle(3_000);
    controller.abort();
    const report = await running;
    await settle(500);
    await client.endAsync();

    expect(invalid).toEqual([]);
    const messages = received.flatMap((r) => r.messages.map((m) => ({ topic: r.topic, m })));
    expect(report.messages).toBeGreaterThan(100);
    expect(messages).toHaveLength(report.messages);
    expect(received).toHaveLength(report.publishes);
    expect(received.filter((r) => r.bytes > MAX_PAYLOAD_BYTES)).toEqual([]);

    const sensors = new Set(site.floors.flatMap((f) => f.sensors.map((s) => s.id)));
    const topics = received.map((r) => parseSensorTopic(r.topic));
    expect(topics.every((t) => t !== null && t.site === site.site.id && sensors.has(t.sensor))).toBe(true);

    // About three seconds at 900x: some 45 simulated minutes from the start.
    const times = messages.map(({ m }) => Date.parse(m.ts));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(startAt.getTime());
    expect(Math.max(...times)).toBeGreaterThan(startAt.getTime() + 30 * 60_000);
    expect(Math.max(...times)).toBeLessThan(startAt.getTime() + 90 * 60_000);
    const doors = new Set(received.filter((r) => r.messages.some((m) => m.type === 'door')).map((r) => parseSensorTopic(r.topic)!.sensor));
    expect(doors).toEqual(new Set(['main-door-a', 'main-door-b', 'river-door-a', 'river-door-b']));
    // Desks occupied at the start are reported straight away, then changes as they happen.
    const desk = messages.filter(({ m }) => m.type === 'desk');
    // The state reports carry no seq and all fall at the start (a real change may fall there too, with a seq);
    // every later message carries one, and each sensor's messages arrive in order.
    const stateReports = desk.filter(({ m }) => m.seq === undefined);
    expect(stateReports.length).toBeGreaterThan(20);
    expect(stateReports.every(({ m }) => Date.parse(m.ts) === startAt.getTime())).toBe(true);
    expect(desk.filter(({ m }) => Date.parse(m.ts) > startAt.getTime()).length).toBeGreaterThan(10);
    const lastSeq = new Map<string, number>();
    const outOfOrder = messages.filter(({ topic, m }) => {
      if (m.seq === undefined) return false;
      const ok = m.seq > (lastSeq.get(topic) ?? 0);
      lastSeq.set(topic, m.seq);
      return !ok;
    });
    expect(outOfOrder).toEqual([]);
  }, 20_000);

  it('stamps messages with the current time when run in real time', async () => {
    const site = testSite();
    const { client, received, invalid } = await listen(site.site.id);
    const controller = new AbortController();
    const before = Date.now();
    let started!: () => void;
    const clockStarted = new Promise<void>((resolve) => (started = resolve));
    const log = (msg: string) => msg === 'live simulation started' && started();
    const running = runLiveSimulation({ site, mqttUrl: BROKER, signal: controller.signal, tickMs: 50, log });
    await clockStarted;
    await settle(1_000);
    controller.abort();
    const report = await running;
    await settle(300);
    await client.endAsync();
    const after = Date.now();

    expect(invalid).toEqual([]);
    // Whatever the hour, each headcount sensor reports the zone's state when the simulation starts.
    const zones = received.filter((r) => r.messages.some((m) => m.type === 'zone'));
    expect(zones.length).toBeGreaterThanOrEqual(4);
    for (const m of received.flatMap((r) => r.messages)) {
      expect(Date.parse(m.ts)).toBeGreaterThanOrEqual(before - 1);
      expect(Date.parse(m.ts)).toBeLessThanOrEqual(after);
    }
    expect(report.simulatedTo.getTime()).toBeLessThanOrEqual(after);
  }, 20_000);

  it('stops cleanly when aborted before the broker answers', async () => {
    const controller = new AbortController();
    controller.abort();
    const report = await runLiveSimulation({ site: testSite(), mqttUrl: 'mqtt://127.0.0.1:1', signal: controller.signal });
    expect(report.messages).toBe(0);
  });
});
