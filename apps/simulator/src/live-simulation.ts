import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { SiteFile } from '@hearth/contracts';
import { generateTraffic, type SimulatedEvent, type SimulationTuning } from '@hearth/simulation';
import { toPublications } from './message-batches.js';

/**
 * Publishes a site's simulated traffic over MQTT as it happens: a simulated
 * clock starts at `startAt` (default now) and runs `speed` times faster than
 * real time; every message is published when the clock reaches its
 * timestamp, at QoS 1, to `hearth/v1/<site>/<sensor>`, several messages of one
 * sensor batched into one publish. Runs until `signal` aborts.
 */

export type LiveSimulationLog = (msg: string, extra?: Record<string, unknown>) => void;

export interface LiveSimulationOptions {
  site: SiteFile;
  mqttUrl: string;
  username?: string;
  password?: string;
  /** How many times faster than real time the simulated clock runs (default 1). */
  speed?: number;
  seed?: number;
  /** Where the simulated clock starts (default: now). */
  startAt?: Date;
  signal?: AbortSignal;
  log?: LiveSimulationLog;
  /** Real milliseconds between publishing rounds (default 250). */
  tickMs?: number;
  clientId?: string;
  tuning?: SimulationTuning;
}

export interface LiveSimulationReport {
  /** Sensor messages published (a batch counts each of its messages). */
  messages: number;
  /** MQTT publishes (batches) acknowledged by the broker. */
  publishes: number;
  simulatedFrom: Date;
  simulatedTo: Date;
}

/** How far ahead the generator's window reaches; it only generates what is pulled. */
const HORIZON_MS = 5 * 366 * 86_400_000;
const SUMMARY_EVERY_MS = 60_000;

function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Connects, resolving on the first connection; the client keeps reconnecting after that. Null if aborted first. */
function connect(url: string, options: IClientOptions, log: LiveSimulationLog, signal: AbortSignal | undefined): Promise<MqttClient | null> {
  const client = mqtt.connect(url, options);
  client.on('error', (err) => log('mqtt error', { err: err.message }));
  client.on('offline', () => log('mqtt offline: publishing pauses until the broker is back'));
  client.on('reconnect', () => log('mqtt reconnecting'));
  return new Promise((resolve) => {
    const onAbort = () => {
      client.end(true);
      resolve(null);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    client.once('connect', () => {
      signal?.removeEventListener('abort', onAbort);
      client.on('connect', () => log('mqtt reconnected'));
      resolve(client);
    });
  });
}

export async function runLiveSimulation(opts: LiveSimulationOptions): Promise<LiveSimulationReport> {
  const log: LiveSimulationLog = opts.log ?? (() => {});
  const speed = opts.speed && opts.speed > 0 ? opts.speed : 1;
  const tickMs = opts.tickMs ?? 250;
  const from = opts.startAt?.getTime() ?? Date.now();
  const report: LiveSimulationReport = { messages: 0, publishes: 0, simulatedFrom: new Date(from), simulatedTo: new Date(from) };
  if (opts.signal?.aborted) return report;

  // Prepare the first day before the clock starts (cumulative counters total up their history here).
  const traffic = generateTraffic(opts.site, {
    from: new Date(from),
    to: new Date(from + HORIZON_MS),
    seed: opts.seed,
    tuning: opts.tuning,
    offlineSensors: [],
    includeStateAtStart: true,
  });
  let next = traffic.next();

  const client = await connect(
    opts.mqttUrl,
    {
      username: opts.username,
      password: opts.password,
      clientId: opts.clientId ?? `hearth-simulator-${opts.site.site.id}-${Math.random().toString(16).slice(2, 10)}`,
      reconnectPeriod: 2_000,
      connectTimeout: 10_000,
    },
    log,
    opts.signal,
  );
  if (!client) return report;

  // The clock starts now: at `startAt` if given, otherwise at the real time (what is due since `from` goes out at once).
  const realStart = Date.now();
  const simStart = opts.startAt ? from : realStart;
  const simNow = () => simStart + (Date.now() - realStart) * speed;
  log('live simulation started', { site: opts.site.site.id, broker: opts.mqttUrl, speed, from: new Date(simStart).toISOString() });

  const stop = aborted(opts.signal);
  let lastSummary = Date.now();
  let sinceSummary = 0;
  try {
    while (!opts.signal?.aborted && !next.done) {
      const now = simNow();
      const due: SimulatedEvent[] = [];
      while (!next.done && Date.parse(next.value.message.ts) <= now) {
        due.push(next.value);
        next = traffic.next();
      }
      if (due.length) {
        const publications = toPublications(due);
        const sent = Promise.all(publications.map((p) => client.publishAsync(p.topic, p.payload, { qos: 1 })));
        // QoS 1 publishes wait for the broker's acknowledgement (and for it to come back, if it is away).
        const done = await Promise.race([sent.then(() => true), stop.then(() => false)]);
        if (!done) break;
        report.publishes += publications.length;
        report.messages += due.length;
        sinceSummary += due.length;
        report.simulatedTo = new Date(Date.parse(due[due.length - 1]!.message.ts));
      }
      if (Date.now() - lastSummary >= SUMMARY_EVERY_MS) {
        log('live simulation running', { messages: sinceSummary, total: report.messages, simulatedNow: new Date(now).toISOString() });
        lastSummary = Date.now();
        sinceSummary = 0;
      }
      await sleep(tickMs, opts.signal);
    }
  } finally {
    report.simulatedTo = new Date(Math.max(report.simulatedTo.getTime(), Math.min(simNow(), from + HORIZON_MS)));
    await client.endAsync();
    log('live simulation stopped', { messages: report.messages, publishes: report.publishes, simulatedTo: report.simulatedTo.toISOString() });
  }
  return report;
}
