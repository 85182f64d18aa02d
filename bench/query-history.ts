/**
 * The query benchmark's history: the demo library's sensor traffic over a span
 * of service days, bulk-loaded into raw_event with COPY, as if a year of it
 * had been ingested.
 *
 * Two sources, merged one service day at a time so the span is never held in
 * memory:
 *  - the simulation's traffic (desk changes, door counts, zone headcounts
 *    every 5-15 minutes, four heartbeats a day), loaded once;
 *  - device chatter at real hardware rates, which is most of the raw volume:
 *    every active sensor sends a heartbeat every 15 minutes, and every zone
 *    headcount sensor re-reports its current count (the simulation's last
 *    report) every minute. At scale S both intervals are divided by S.
 *
 * Chatter changes no derived figure, and the benchmark checks that scales
 * agree, so its times are chosen to leave every rollup input the same at any
 * scale: each service day's chatter starts at the day's start (a heartbeat
 * within its first 10 s, a re-report 500 ms in), so a desk zone's first signal
 * of the day and a headcount's hold are the same; a finer scale's times include
 * a coarser one's, so going from scale a to scale b adds only the times not
 * already loaded; and a sensor the simulation silences for a while sends no
 * chatter on the service days its silence touches. Chatter has no seq (-1);
 * heartbeats fall on whole seconds and re-reports half a second off them, so
 * one sensor's chatter never repeats a (time, seq) pair.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { serviceDaysBetween } from '@hearth/analytics';
import type { SensorMessage, SiteFile } from '@hearth/contracts';
import { batteryLevel, buildSiteModel, defaultOfflineWindow, generateTraffic, hashString, tuningFor } from '@hearth/simulation';
import { toRawEventRow, type RawEventRow } from '@hearth/telemetry';

const MINUTE_MS = 60_000;
const HEARTBEAT_MS = 15 * MINUTE_MS;
const REREPORT_MS = MINUTE_MS;
/** Heartbeats start within this much of a service day's start (whole seconds, per sensor). */
const HEARTBEAT_PHASE_S = 10;
/** Re-reports are this far off whole seconds, where heartbeats and the simulation's readings fall. */
const REREPORT_OFFSET_MS = 500;
/** Lines per chunk handed to the COPY stream. */
const LINES_PER_CHUNK = 4000;

const COPY_COLUMNS = ['sensor_id', 'captured_at', 'channel', 'seq', 'kind', 'in_count', 'out_count', 'in_total', 'out_total', 'occupied', 'headcount', 'battery_pct'];

/**
 * Scales whose chatter times nest: the intervals must be whole milliseconds
 * and longer than the phases above (scale at most 60), and each scale a
 * multiple of the one before, so its times include the previous one's.
 */
export function checkScales(scales: number[]): void {
  scales.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 1 || s > 60 || !Number.isInteger(REREPORT_MS / s)) throw new Error(`--scales: ${s} must be a whole number from 1 to 60 that divides 60000`);
    if (i > 0 && s % scales[i - 1] !== 0) throw new Error(`--scales: each scale must be a multiple of the one before (${scales[i - 1]}, then ${s})`);
  });
}

export interface HistorySpan {
  /** First and last service dates, inclusive. */
  first: string;
  last: string;
  /** [start of the first service day, start of the day after the last), epoch ms. */
  from: number;
  to: number;
}

/** Creates the monthly partitions of raw_event that [from, to) needs. */
export async function ensurePartitions(sql: pg.Client, span: HistorySpan): Promise<void> {
  await sql.query(
    `SELECT ensure_raw_event_partition(m) FROM generate_series(date_trunc('month', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', $2::timestamptz, interval '1 month') AS m`,
    [new Date(span.from), new Date(span.to)],
  );
}

function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

/** One row in COPY's text format (no field of these rows holds a tab, newline or backslash). */
function copyLine(r: RawEventRow): string {
  const at = typeof r.capturedAt === 'string' ? r.capturedAt : r.capturedAt.toISOString();
  return [r.sensorId, at, r.channel, r.seq, r.kind, r.inCount, r.outCount, r.inTotal, r.outTotal, r.occupied, r.headcount, r.batteryPct].map(copyField).join('\t') + '\n';
}

export interface LoadOptions {
  site: SiteFile;
  span: HistorySpan;
  /** Sensor key -> sensor.id of the declared site. */
  sensorIds: Map<string, number>;
  scale: number;
  /** 0 for the first load (simulation traffic and chatter); else the scale already loaded, whose chatter is skipped. */
  loadedScale: number;
  /** Called after each service day with the rows generated so far. */
  onDay?: (date: string, rows: number) => void;
}

/** The rows to COPY, in chunks of lines. */
function* historyChunks(opts: LoadOptions): Generator<string> {
  const { site, span, sensorIds, scale, loadedScale } = opts;
  const model = buildSiteModel(site);
  const tuning = tuningFor(site);
  const silenced = new Set(tuning.offlineSensors);
  const silence = defaultOfflineWindow(new Date(span.from), new Date(span.to));
  const heartbeatMs = HEARTBEAT_MS / scale;
  const rereportMs = REREPORT_MS / scale;
  const loadedHeartbeatMs = loadedScale ? HEARTBEAT_MS / loadedScale : 0;
  const loadedRereportMs = loadedScale ? REREPORT_MS / loadedScale : 0;
  const zoneSensors = model.zones.flatMap((z) => z.headcountSensors);
  const sensors = model.sensors.map((s) => ({ key: s.id, id: idOf(sensorIds, s.id), battery: s.kind !== 'door', phaseMs: (hashString(s.id, 11) % HEARTBEAT_PHASE_S) * 1000 }));
  /** Each headcount sensor's count as last reported by the simulation. */
  const current = new Map<string, number>();

  const traffic = generateTraffic(site, { from: new Date(span.from), to: new Date(span.to) });
  let next = traffic.next();
  let lines: string[] = [];
  let rows = 0;
  const flush = () => {
    const chunk = lines.join('');
    lines = [];
    return chunk;
  };
  const push = (sensorId: number, message: SensorMessage) => {
    lines.push(copyLine(toRawEventRow(sensorId, message)));
    rows++;
  };

  for (const day of serviceDaysBetween(site.site, span.from, span.to)) {
    // The simulation's readings of the day: loaded the first time; their zone counts are what re-reports repeat.
    const reports = new Map<string, { t: number; count: number }[]>(zoneSensors.map((s) => [s, []]));
    for (; !next.done && Date.parse(next.value.message.ts) < day.end; next = traffic.next()) {
      const { sensor, message } = next.value;
      if (!loadedScale) push(idOf(sensorIds, sensor), message);
      if (message.type === 'zone') reports.get(sensor)?.push({ t: Date.parse(message.ts), count: message.count });
    }
    const quiet = (sensor: string) => silenced.has(sensor) && silence.from.getTime() < day.end && silence.to.getTime() > day.start;

    for (const s of sensors) {
      if (quiet(s.key)) continue;
      for (let t = day.start + s.phaseMs; t < day.end; t += heartbeatMs) {
        if (loadedScale && (t - day.start - s.phaseMs) % loadedHeartbeatMs === 0) continue;
        const ts = new Date(t).toISOString();
        push(s.id, s.battery ? { type: 'heartbeat', ts, battery: batteryLevel(s.key, t) } : { type: 'heartbeat', ts });
      }
      if (lines.length >= LINES_PER_CHUNK) yield flush();
    }
    for (const sensor of zoneSensors) {
      const id = idOf(sensorIds, sensor);
      const dayReports = reports.get(sensor)!;
      let j = 0;
      for (let t = day.start + REREPORT_OFFSET_MS; t < day.end; t += rereportMs) {
        for (; j < dayReports.length && dayReports[j]!.t <= t; j++) current.set(sensor, dayReports[j]!.count);
        const count = current.get(sensor);
        if (count === undefined || quiet(sensor)) continue;
        if (loadedScale && (t - day.start - REREPORT_OFFSET_MS) % loadedRereportMs === 0) continue;
        push(id, { type: 'zone', ts: new Date(t).toISOString(), count });
      }
      if (dayReports.length) current.set(sensor, dayReports[dayReports.length - 1]!.count);
      if (lines.length >= LINES_PER_CHUNK) yield flush();
    }
    opts.onDay?.(day.date, rows);
  }
  if (lines.length) yield flush();
}

function idOf(ids: Map<string, number>, key: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`sensor ${key} of the site file is not declared in the database`);
  return id;
}

/** COPYs the history (or, with `loadedScale`, the extra chatter of a finer scale) into raw_event; returns the rows loaded. */
export async function loadHistory(sql: pg.Client, opts: LoadOptions): Promise<number> {
  await ensurePartitions(sql, opts.span);
  const copy = sql.query(copyStreams.from(`COPY raw_event (${COPY_COLUMNS.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(historyChunks(opts)), copy);
  return copy.rowCount;
}
