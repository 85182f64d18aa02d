import { performance } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { sensorTopic, type DeskMessage } from '@hearth/contracts';
import { uniqueId } from './test-services.js';

/**
 * Load helpers shared by the ingest benchmark and fault tests: build a
 * backlog in an offline persistent session, publish at QoS 1 with a ledger of
 * what the broker acknowledged, drain a session with a bare subscriber, and
 * generate valid desk readings with unique natural keys.
 */

export interface MqttMessage {
  topic: string;
  payload: string | Buffer;
}


export interface PrequeueOptions {
  url: string;
  clientId: string;
  topicFilter: string | string[];
  qos: 1;
}

/**
 * Creates (or keeps) a persistent session for `clientId` with a QoS 1
 * subscription, then disconnects, so the broker queues every matching message
 * published from now on until that client id connects again with clean=false.
 */
export async function prequeue(opts: PrequeueOptions): Promise<{ sessionPresent: boolean }> {
  const { client, sessionPresent } = await connectWithAck(opts.url, { clientId: opts.clientId, clean: false, protocolVersion: 4, reconnectPeriod: 0 });
  try {
    const granted = await client.subscribeAsync(opts.topicFilter, { qos: opts.qos });
    const refused = granted.filter((g) => g.qos !== opts.qos);
    if (refused.length > 0) throw new Error(`the broker refused QoS ${opts.qos} for ${refused.map((g) => `${g.topic} (granted ${g.qos})`).join(', ')}`);
    return { sessionPresent };
  } finally {
    await client.endAsync();
  }
}

function connectWithAck(url: string, options: mqtt.IClientOptions): Promise<{ client: mqtt.MqttClient; sessionPresent: boolean }> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, options);
    client.once('connect', (ack) => resolve({ client, sessionPresent: ack.sessionPresent }));
    client.once('error', (err) => {
      client.end(true);
      reject(err);
    });
    client.once('close', () => {
      if (!client.connected) reject(new Error(`could not connect to ${url}`));
    });
  });
}

/** Removes the broker's persistent session of `clientId` (its subscriptions and whatever is still queued). */
export async function discardSession(url: string, clientId: string): Promise<void> {
  const client = await mqtt.connectAsync(url, { clientId, clean: true, protocolVersion: 4, reconnectPeriod: 0 });
  await client.endAsync();
}

export interface PublishManyOptions {
  /** At most this many QoS 1 messages awaiting PUBACK at once (default 1000). */
  inflight?: number;
  clientId?: string;
  /** Stop publishing after this long; what was acknowledged until then is reported. */
  timeoutMs?: number;
  /** Publish at most this many messages per second (default: as fast as the broker acknowledges). */
  ratePerSecond?: number;
  /** Set the DUP flag on every PUBLISH, as a sender does when it sends a message again. */
  dup?: boolean;
}

export interface PublishResult {
  /** Messages handed to the broker connection. */
  published: number;
  /** PUBACKs received: the ledger of what the broker took responsibility for. */
  acked: number;
  /** Published messages whose acknowledgement never came (connection lost, timeout). */
  unacked: number;
  ms: number;
  /** Why publishing stopped early, when it did. */
  error?: string;
}

/**
 * Publishes every message at QoS 1 as fast as the broker acknowledges them,
 * with a bounded number in flight. It never throws for a lost connection or a
 * timeout: it stops and reports, so a fault test can compare the ledger
 * (`acked`) with what reached the database.
 */
export async function publishMany(url: string, messages: Iterable<MqttMessage>, opts: PublishManyOptions = {}): Promise<PublishResult> {
  const inflight = Math.max(1, opts.inflight ?? 1000);
  const client = await mqtt.connectAsync(url, { clientId: opts.clientId ?? uniqueId('hearth-load-'), clean: true, protocolVersion: 4, reconnectPeriod: 0 });
  const started = performance.now();
  let published = 0;
  let acked = 0;
  let pending = 0;
  let error: string | undefined;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let finished = false;
  const stop = (reason: string) => {
    if (finished) return;
    error ??= reason;
    signal();
  };
  client.on('close', () => stop('the connection to the broker closed'));
  client.on('error', (err) => stop(err.message));
  const timer = opts.timeoutMs ? setTimeout(() => stop(`timed out after ${opts.timeoutMs} ms`), opts.timeoutMs) : undefined;
  const onAck = (err?: Error) => {
    pending--;
    if (!err) acked++;
    signal();
  };
  const waitForRoom = (limit: number) => (pending > limit && !error ? new Promise<void>((resolve) => (wake = resolve)) : undefined);

  try {
    for (const m of messages) {
      while (pending >= inflight && !error) await waitForRoom(inflight - 1);
      if (opts.ratePerSecond) await pace(started, published, opts.ratePerSecond);
      if (error) break;
      pending++;
      published++;
      client.publish(m.topic, m.payload, { qos: 1, ...(opts.dup ? { dup: true } : {}) }, onAck);
    }
    while (pending > 0 && !error) await waitForRoom(0);
  } finally {
    finished = true;
    if (timer) clearTimeout(timer);
  }
  const ms = performance.now() - started;
  await client.endAsync(error !== undefined).catch(() => undefined);
  return { published, acked, unacked: published - acked, ms, ...(error ? { error } : {}) };
}

/** Waits until message number `sent` is due at `rate` messages per second since `started` (performance.now()). */
async function pace(started: number, sent: number, rate: number): Promise<void> {
  const wait = started + (sent * 1000) / rate - performance.now();
  if (wait > 2) await new Promise((r) => setTimeout(r, wait));
}

export interface DurablePublishOptions {
  /** At most this many QoS 1 messages awaiting PUBACK at once (default 500). */
  inflight?: number;
  /** Publish new messages at most this fast (default: as fast as the broker acknowledges). */
  ratePerSecond?: number;
  /** Give up after this long (default 300 s); what was acknowledged until then is reported. */
  timeoutMs?: number;
  /** Wait this long between reconnection attempts (default 200 ms). */
  retryMs?: number;
}

export interface DurablePublishResult {
  /** Messages the broker acknowledged: each counted once, however often it was sent. */
  acked: number;
  /** Whether message i was acknowledged (the ledger). */
  ledger: Uint8Array;
  /** PUBLISH packets sent, resends included. */
  sent: number;
  /** Messages sent again because the connection closed before their PUBACK came. */
  resent: number;
  /** Connections lost and opened again. */
  reconnects: number;
  ms: number;
  timedOut: boolean;
}

/**
 * Publishes every message at QoS 1 the way a well-behaved sensor gateway
 * does across broker restarts and network cuts: when the connection drops it
 * reconnects, and sends again every message whose PUBACK had not arrived, so
 * the receiver may see some messages twice. The result's ledger says which
 * messages the broker acknowledged, to compare with what was stored.
 */
export async function publishDurably(url: string, messages: readonly MqttMessage[], opts: DurablePublishOptions = {}): Promise<DurablePublishResult> {
  const inflightMax = Math.max(1, opts.inflight ?? 500);
  const retryMs = opts.retryMs ?? 200;
  const started = performance.now();
  const deadline = started + (opts.timeoutMs ?? 300_000);
  const ledger = new Uint8Array(messages.length);
  const resend: number[] = [];
  let next = 0;
  let acked = 0;
  let sent = 0;
  let resent = 0;
  let reconnects = 0;
  let connections = 0;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  while (acked < messages.length && performance.now() < deadline) {
    let client: mqtt.MqttClient;
    try {
      client = await mqtt.connectAsync(url, { clientId: uniqueId('hearth-durable-'), clean: true, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 2000 });
    } catch {
      await sleep(retryMs);
      continue;
    }
    if (connections++ > 0) reconnects++;
    const inflight = new Set<number>();
    let closed = false;
    let wake: (() => void) | undefined;
    const signal = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    client.on('close', () => {
      closed = true;
      signal();
    });
    client.on('error', () => undefined);
    const wait = () => new Promise<void>((resolve) => (wake = resolve));
    while (!closed && performance.now() < deadline) {
      let i: number | undefined;
      if (resend.length > 0) i = resend.shift()!;
      else if (next < messages.length) {
        if (opts.ratePerSecond) await pace(started, next, opts.ratePerSecond);
        if (closed) break;
        i = next++;
      }
      if (i === undefined) {
        if (inflight.size === 0) break;
        await wait();
        continue;
      }
      while (inflight.size >= inflightMax && !closed) await wait();
      if (closed) {
        resend.unshift(i);
        break;
      }
      const index = i;
      inflight.add(index);
      sent++;
      client.publish(messages[index]!.topic, messages[index]!.payload, { qos: 1 }, (err) => {
        if (closed || !inflight.delete(index)) return;
        if (err) resend.push(index);
        else if (!ledger[index]) {
          ledger[index] = 1;
          acked++;
        }
        signal();
      });
    }
    closed = true;
    // Whatever was not acknowledged on this connection goes again on the next.
    for (const i of inflight) if (!ledger[i]) resend.push(i);
    resent += inflight.size;
    inflight.clear();
    client.end(true);
    if (acked < messages.length) await sleep(retryMs);
  }
  return { acked, ledger, sent, resent, reconnects, ms: performance.now() - started, timedOut: acked < messages.length };
}

export interface DrainOptions {
  clientId: string;
  /** Stop as soon as this many messages have arrived. */
  expected?: number;
  /** Stop once no message has arrived for this long (default 1000 ms). */
  idleMs?: number;
  /** Give up after this long (default 120 s). */
  timeoutMs?: number;
}

export interface DrainResult {
  received: number;
  /** From the connect call to the last message received. */
  ms: number;
  sessionPresent: boolean;
  timedOut: boolean;
}

/**
 * Connects a bare MQTT.js subscriber to an existing persistent session
 * (clean=false) and counts what the broker delivers, doing nothing else with
 * the messages: the upper bound any consumer in Node can reach. The listener
 * is attached before the connection opens, so no message is missed.
 */
export async function drainSession(url: string, opts: DrainOptions): Promise<DrainResult> {
  const idleMs = opts.idleMs ?? 1000;
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const started = performance.now();
  let last = started;
  let received = 0;
  let sessionPresent = false;
  const client = mqtt.connect(url, { clientId: opts.clientId, clean: false, protocolVersion: 4, reconnectPeriod: 0 });
  const timedOut = await new Promise<boolean>((resolve, reject) => {
    let idle: NodeJS.Timeout | undefined;
    const armIdle = () => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => finish(false), idleMs);
    };
    const deadline = setTimeout(() => finish(true), timeoutMs);
    const finish = (late: boolean) => {
      clearTimeout(deadline);
      if (idle) clearTimeout(idle);
      resolve(late);
    };
    client.on('message', () => {
      received++;
      last = performance.now();
      if (opts.expected !== undefined && received >= opts.expected) finish(false);
      else if (opts.expected === undefined) armIdle();
    });
    client.once('connect', (ack) => {
      sessionPresent = ack.sessionPresent;
      if (opts.expected === undefined) armIdle();
    });
    client.once('error', (err) => {
      clearTimeout(deadline);
      if (idle) clearTimeout(idle);
      reject(err);
    });
  }).finally(() => client.endAsync().catch(() => undefined));
  return { received, ms: last - started, sessionPresent, timedOut };
}

export interface DeskEventsOptions {
  /** Distinct sensors (topics) the readings are spread over, round-robin (default 10,000). */
  sensors?: number;
  /** Site key in the topic (default "bench"). */
  site?: string;
  /** Time of the first reading (default one hour ago, to the second). */
  start?: Date;
}

/**
 * `n` valid desk readings of the native contract on `hearth/v1/<site>/desk-NNNNN`.
 * Sensor `i % sensors` sends reading `i`; each sensor's readings have their own
 * increasing `seq` and time, so every natural key (sensor, ts, channel, seq)
 * is unique. All times fall within 50 minutes of `start`, so a default
 * `start` keeps them inside the ingest window. The same `start` gives the
 * same messages.
 */
export function deskEvents(n: number, opts: DeskEventsOptions = {}): MqttMessage[] {
  const sensors = Math.max(1, Math.min(opts.sensors ?? 10_000, n));
  const site = opts.site ?? 'bench';
  const start = (opts.start ?? new Date(Math.floor((Date.now() - 3_600_000) / 1000) * 1000)).getTime();
  const rounds = Math.ceil(n / sensors);
  // Each sensor's readings are `step` apart, with a fixed per-sensor offset inside the step.
  const step = Math.max(1, Math.min(60_000, Math.floor((50 * 60_000) / rounds)));
  const topics = Array.from({ length: sensors }, (_, s) => sensorTopic(site, `desk-${String(s).padStart(5, '0')}`));
  const out = new Array<MqttMessage>(n);
  for (let i = 0; i < n; i++) {
    const s = i % sensors;
    const round = Math.floor(i / sensors);
    const message: DeskMessage = {
      type: 'desk',
      ts: new Date(start + round * step + ((s * 7919) % step)).toISOString(),
      occupied: (s + round) % 3 !== 0,
      seq: round,
    };
    out[i] = { topic: topics[s], payload: JSON.stringify(message) };
  }
  return out;
}
