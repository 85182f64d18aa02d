import { DEFAULT_BUCKET_MS, type ZoneBucket } from '../buckets.js';
import { deskSessions, type DeskReading } from '../sessions/desk-sessions.js';
import { BucketGrid, StepChanges } from './bucket-grid.js';
import { deskCoverage, type CoverageSegment, type DeskSignal } from './desk-coverage.js';
import { ServiceDayIndex } from './service-day-index.js';
import { bySensorThenTime, compareKeys, type OccupancyWindow } from './window.js';

/**
 * Desk occupancy per zone: how many of a zone's desks are occupied.
 *
 * Occupancy comes from desk sessions (`deskSessions`): a desk is occupied
 * from a session's start to its end, sensor flicker shorter than the minimum
 * session is ignored, and a desk still "occupied" at the end of its service
 * day is cut there (nobody studies through the night; the sensor missed a
 * "free"). In each bucket, `mean` is the time-weighted number of occupied
 * desks, `peak` the most occupied at any instant, `arrivals` and
 * `departures` the sessions starting and ending in it. A session cut at its
 * day's end departs in the day's last bucket, so each service day's arrivals
 * and departures balance and its buckets depend on its readings alone.
 *
 * Coverage. Desk sensors report only when a desk changes, so silence does not
 * mean "offline": between changes they send heartbeats. Hearth counts a desk
 * as covered from a signal (a reading, or a heartbeat passed in `heartbeats`)
 * until two heartbeat intervals after its latest signal, and again from its
 * next one (`deskCoverage`); coverage starts afresh at each service day's
 * first signal and never runs past the day's end. A zone is covered while
 * any of its desks is, and counts only the desks that are: a session still
 * open when its desk falls silent is cut there, departing in the last covered
 * bucket. So a zone whose desks went offline has no buckets for that time
 * ("no data" is not "no one there"), a zone whose desks sent nothing all day
 * has no buckets at all, and a zone whose desks kept checking in while free
 * has buckets with mean 0 and full coverage.
 */
export interface DeskBucketOptions extends OccupancyWindow {
  /**
   * The desk sensors and their zones: the zone of each heartbeat (readings
   * carry their own). Zones listed here but silent all window have no buckets.
   */
  desks: readonly { sensor: string; zone: string }[];
  /** Heartbeats of desk sensors: they only establish coverage. */
  heartbeats?: readonly { sensor: string; t: number }[];
  /**
   * The desk sensors' heartbeat interval (default `DEFAULT_HEARTBEAT_MS`, 6
   * hours): a desk silent for two of them counts as offline.
   */
  heartbeatMs?: number;
  /** Sessions shorter than this are flicker (default: deskSessions' default, 5 minutes). */
  minSessionMs?: number;
}

/** One zone's occupancy and coverage changes, and its session starts and ends. */
interface ZoneWork {
  changes: StepChanges;
  arrivals: number[];
  departures: number[];
}

/** Occupied-desk buckets per zone, sorted by zone then start; see `DeskBucketOptions`. */
export function deskBuckets(readings: readonly DeskReading[], opts: DeskBucketOptions): ZoneBucket[] {
  const grid = new BucketGrid(opts.from, opts.to, opts.bucketMs ?? DEFAULT_BUCKET_MS);
  if (grid.n === 0) return [];
  const days = new ServiceDayIndex(opts.site, opts.from, grid.end);
  const now = opts.now ?? Infinity;
  const dataEnd = Math.min(days.end, now);
  const inDays = (t: number) => t >= days.start && t < dataEnd;
  const dayEnd = (t: number) => days.days[days.indexOf(t)]!.end;

  const zoneOf = new Map<string, string>();
  for (const d of opts.desks) zoneOf.set(d.sensor, d.zone);
  const zones = new Map<string, ZoneWork>();
  const zoneWork = (zone: string): ZoneWork => {
    let w = zones.get(zone);
    if (!w) zones.set(zone, (w = { changes: new StepChanges(), arrivals: [], departures: [] }));
    return w;
  };
  for (const d of opts.desks) zoneWork(d.zone);

  // A fixed order (ties: "free" before "occupied", so a desk reported both
  // ways at one instant ends up occupied) makes deskSessions' stable sort,
  // and so the sessions, independent of the order readings arrived in.
  const kept = bySensorThenTime(
    readings.filter((r) => inDays(r.t)),
    (a, b) => (a.occupied ? 1 : 0) - (b.occupied ? 1 : 0),
  );
  const signals: DeskSignal[] = kept.map((r) => ({ sensor: r.sensor, zone: r.zone, t: r.t }));
  for (const h of opts.heartbeats ?? []) {
    const zone = zoneOf.get(h.sensor);
    if (zone !== undefined && inDays(h.t)) signals.push({ sensor: h.sensor, zone, t: h.t });
  }
  const segments = deskCoverage(signals, { dayEnd, heartbeatMs: opts.heartbeatMs });

  // Each covered stretch of a desk gets the readings inside it (every reading
  // is a signal, so lies in exactly one): its sessions are cut where it ends.
  const segmentsOf = new Map<string, CoverageSegment[]>();
  for (const s of segments) {
    const key = `${s.sensor}\u0000${s.zone}`;
    const list = segmentsOf.get(key);
    if (list) list.push(s);
    else segmentsOf.set(key, [s]);
  }
  const readingsIn = new Map<CoverageSegment, DeskReading[]>();
  let prev: DeskReading | undefined;
  let list: CoverageSegment[] = [];
  let k = 0;
  for (const r of kept) {
    if (r.sensor !== prev?.sensor || r.zone !== prev.zone) {
      list = segmentsOf.get(`${r.sensor}\u0000${r.zone}`)!;
      k = 0;
    }
    prev = r;
    while (list[k]!.end <= r.t) k++;
    const mine = readingsIn.get(list[k]!);
    if (mine) mine.push(r);
    else readingsIn.set(list[k]!, [r]);
  }

  for (const seg of segments) {
    const w = zoneWork(seg.zone);
    w.changes.add(seg.start, 0, 1);
    w.changes.add(Math.min(seg.end, now), 0, -1);
    const mine = readingsIn.get(seg);
    if (!mine) continue;
    for (const s of deskSessions(mine, { minSessionMs: opts.minSessionMs, dayEnd: () => seg.end })) {
      w.changes.add(s.start, 1, 0);
      w.changes.add(s.end, -1, 0);
      w.arrivals.push(s.start);
      const departs = s.cut ? s.end - 1 : s.end;
      if (departs < now) w.departures.push(departs);
    }
  }

  const out: ZoneBucket[] = [];
  for (const zone of [...zones.keys()].sort(compareKeys)) {
    const w = zones.get(zone)!;
    grid.reset();
    w.changes.sweep(grid);
    for (const t of w.arrivals) grid.addFlow(t, 1, 0);
    for (const t of w.departures) grid.addFlow(t, 0, 1);
    grid.emit(zone, out);
  }
  return out;
}
