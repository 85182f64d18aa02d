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
      if (error) break;
      pending++;
      published++;
      client.publish(m.topic, m.payload, { qos: 1 }, onAck);
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
