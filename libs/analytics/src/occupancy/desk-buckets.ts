import { DEFAULT_BUCKET_MS, type ZoneBucket } from '../buckets.js';
import { deskSessions, type DeskReading } from '../sessions/desk-sessions.js';
import { BucketGrid, StepChanges } from './bucket-grid.js';
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
 * mean "offline". Hearth counts a desk sensor as covered from its first
 * signal of the service day (a reading, or a heartbeat passed in
 * `heartbeats`) to the end of that day; a zone is covered while any of its
 * desks is. Before a zone's first signal of the day its buckets are absent:
 * "no data yet" is not "no one there". A zone whose desks sent nothing all
 * day has no buckets at all, while a zone whose desks checked in but stayed
 * free has buckets with mean 0 and full coverage. Limitation: a sensor that
 * dies mid-day still counts as covered until the day ends.
 */
export interface DeskBucketOptions extends OccupancyWindow {
  /**
   * The desk sensors and their zones: the zone of each heartbeat (readings
   * carry their own). Zones listed here but silent all window have no buckets.
   */
  desks: readonly { sensor: string; zone: string }[];
  /** Heartbeats of desk sensors: they only establish coverage. */
  heartbeats?: readonly { sensor: string; t: number }[];
  /** Sessions shorter than this are flicker (default: deskSessions' default, 5 minutes). */
  minSessionMs?: number;
}

/** One zone's occupancy changes, first signal per service day, and session starts and ends. */
interface ZoneWork {
  zone: string;
  changes: StepChanges;
  firstSignal: Float64Array;
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

  const zoneOf = new Map<string, string>();
  for (const d of opts.desks) zoneOf.set(d.sensor, d.zone);
  const zones = new Map<string, ZoneWork>();
  const zoneWork = (zone: string): ZoneWork => {
    let w = zones.get(zone);
    if (!w) zones.set(zone, (w = { zone, changes: new StepChanges(), firstSignal: new Float64Array(days.days.length).fill(Infinity), arrivals: [], departures: [] }));
    return w;
  };
  for (const d of opts.desks) zoneWork(d.zone);
  let last: ZoneWork | undefined;
  const signal = (zone: string, t: number) => {
    const w = last?.zone === zone ? last : (last = zoneWork(zone));
    const i = days.indexOf(t);
    if (t < w.firstSignal[i]!) w.firstSignal[i] = t;
  };

  // A fixed order (ties: "free" before "occupied", so a desk reported both
  // ways at one instant ends up occupied) makes deskSessions' stable sort,
  // and so the sessions, independent of the order readings arrived in.
  const kept = bySensorThenTime(
    readings.filter((r) => inDays(r.t)),
    (a, b) => (a.occupied ? 1 : 0) - (b.occupied ? 1 : 0),
  );
  for (const r of kept) signal(r.zone, r.t);
  for (const h of opts.heartbeats ?? []) {
    const zone = zoneOf.get(h.sensor);
    if (zone !== undefined && inDays(h.t)) signal(zone, h.t);
  }

  const dayEnd = (t: number) => days.days[days.indexOf(t)]!.end;
  const sessions = deskSessions(kept, { minSessionMs: opts.minSessionMs, dayEnd });
  for (const s of sessions) {
    const w = zoneWork(s.zone);
    w.changes.add(s.start, 1, 0);
    w.changes.add(s.end, -1, 0);
    w.arrivals.push(s.start);
    const departs = s.cut ? s.end - 1 : s.end;
    if (departs < now) w.departures.push(departs);
  }

  const out: ZoneBucket[] = [];
  for (const zone of [...zones.keys()].sort(compareKeys)) {
    const w = zones.get(zone)!;
    days.days.forEach((day, i) => {
      const first = w.firstSignal[i]!;
      if (first === Infinity) return;
      w.changes.add(first, 0, 1);
      w.changes.add(Math.min(day.end, now), 0, -1);
    });
    grid.reset();
    w.changes.sweep(grid);
    for (const t of w.arrivals) grid.addFlow(t, 1, 0);
    for (const t of w.departures) grid.addFlow(t, 0, 1);
    grid.emit(zone, out);
  }
  return out;
}
