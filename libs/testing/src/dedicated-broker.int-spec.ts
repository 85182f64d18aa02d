import mqtt from 'mqtt';
import { startDedicatedMosquitto, type DedicatedMosquitto } from './dedicated-broker.js';
import { deskEvents, discardSession, drainSession, prequeue, publishMany } from './mqtt-load.js';
import { reachable, uniqueId } from './test-services.js';

const BACKLOG = 5_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('a dedicated Mosquitto with the queue limits lifted', () => {
  let broker: DedicatedMosquitto;

  beforeAll(async () => {
    broker = await startDedicatedMosquitto();
  });
  afterAll(async () => {
    await broker?.stop();
  });

  it(`holds a backlog of ${BACKLOG} QoS 1 messages for an offline persistent session (the stock broker keeps 1,000)`, async () => {
    const clientId = uniqueId('backlog-');
    expect(await prequeue({ url: broker.url, clientId, topicFilter: 'hearth/v1/+/+', qos: 1 })).toEqual({ sessionPresent: false });

    const ledger = await publishMany(broker.url, deskEvents(BACKLOG, { sensors: 100, site: 'backlog' }), { inflight: 200, timeoutMs: 30_000 });
    expect(ledger).toMatchObject({ published: BACKLOG, acked: BACKLOG, unacked: 0 });
    expect(ledger.error).toBeUndefined();

    const drained = await drainSession(broker.url, { clientId, expected: BACKLOG, timeoutMs: 30_000 });
    expect(drained).toMatchObject({ received: BACKLOG, sessionPresent: true, timedOut: false });

    // Nothing more arrives: every message was delivered exactly once.
    const rest = await drainSession(broker.url, { clientId, idleMs: 300 });
    expect(rest.received).toBe(0);
    await discardSession(broker.url, clientId);
  });

  it('restarts on the same port with a new process, and clients connect again', async () => {
    const before = broker.pid;
    await broker.restart();
    expect(broker.pid).not.toBe(before);
    expect(alive(before)).toBe(false);
    const client = await mqtt.connectAsync(broker.url, { clientId: uniqueId('after-restart-'), reconnectPeriod: 0 });
    expect(client.connected).toBe(true);
    await client.endAsync();
  });

  it('stops: the process is gone and the port is closed', async () => {
    const other = await startDedicatedMosquitto();
    expect(other.url).toBe(`mqtt://127.0.0.1:${other.port}`);
    expect(await reachable('127.0.0.1', other.port)).toBe(true);
    await other.stop();
    expect(alive(other.pid)).toBe(false);
    expect(await reachable('127.0.0.1', other.port)).toBe(false);
  });

  it('keeps sessions and their queues across a restart when asked to persist them', async () => {
    const durable = await startDedicatedMosquitto({ persistence: true });
    try {
      const clientId = uniqueId('durable-');
      await prequeue({ url: durable.url, clientId, topicFilter: 'hearth/v1/+/+', qos: 1 });
      expect((await publishMany(durable.url, deskEvents(100, { sensors: 10, site: 'durable' }))).acked).toBe(100);
      await durable.restart();
      const drained = await drainSession(durable.url, { clientId, expected: 100, timeoutMs: 10_000 });
      expect(drained).toMatchObject({ received: 100, sessionPresent: true });
    } finally {
      await durable.stop();
    }
  });
});
