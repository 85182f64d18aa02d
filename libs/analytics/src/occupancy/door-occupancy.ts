import { OUTSIDE } from '@hearth/contracts';
import { DEFAULT_BUCKET_MS, type ZoneBucket } from '../buckets.js';
import { BucketGrid } from './bucket-grid.js';
import { ServiceDayIndex } from './service-day-index.js';
import { compareKeys, type OccupancyWindow } from './window.js';

/** A door counter's report: people counted in and out during the interval that ends at `t` (epoch ms). */
export interface DoorReading {
  door: string;
  t: number;
  in: number;
  out: number;
}

/** Where a door leads: "in" takes people from `outTo` to `inTo`; each is a zone key or "outside". */
export interface DoorSides {
  door: string;
  inTo: string;
  outTo: string;
}

/**
 * The area key of the whole building in door occupancy. It starts with "_",
 * which site keys never do, so it cannot clash with a zone.
 */
export const BUILDING_AREA = '_building';

export interface DoorOccupancyOptions extends OccupancyWindow {
  /** The key the building's buckets carry (default BUILDING_AREA). */
  buildingKey?: string;
  /** Only these areas (zone keys and/or the building key); default: the building and every zone a door leads to. */
  areas?: readonly string[];
  /**
   * Spread each complete day's residual back over the day as missed exits,
   * so the area empties by its last counted exit (default false). See
   * `doorOccupancy`.
   */
  spreadResidual?: boolean;
}

/** One door's counts and its share of an area's counting error on one service day. */
export interface DoorDrift {
  door: string;
  /** The area (zone key or building key) whose error this is. */
  area: string;
  /** The service date. */
  date: string;
  /** People the door counted in and out that day. */
  inTotal: number;
  outTotal: number;
  /** The door's share of the people the area still held at the end of the day (missed exits or extra entries). */
  residual: number;
  /** The door's share of the people who left the area without having been counted in (clamped at zero during the day). */
  clamped: number;
  /** The door's share of the area's traffic that day (in + out over the area's in + out): how residual and clamped were apportioned. */
  driftShare: number;
}

export interface DoorOccupancy {
  /** Buckets per area, sorted by area then start. */
  buckets: ZoneBucket[];
  /** Complete service days overlapping the window, sorted by date, area, door. */
  drift: DoorDrift[];
}

/**
 * Running occupancy from door counters, per area: the building (everyone
 * counted in from outside minus everyone counted out to it) and each zone a
 * door leads to (meaningful only when every way into that zone is counted).
 *
 * Door counters miss people, and errors in a running total never cancel, so
 * Hearth corrects drift each service day:
 * - the count starts at zero at the start of every service day (the library
 *   is empty before opening), so yesterday's error never reaches today;
 * - it never goes below zero: people leaving who were never counted in are
 *   clamped away and reported as drift (`clamped`);
 * - whoever is "still inside" at the end of the service day is a counting
 *   error (usually missed exits) and is reported as drift (`residual`),
 *   apportioned to the area's doors by their share of the day's traffic
 *   (in + out), because a counter's misses grow with the people it counts.
 *   Shares are fractions of people: they add up to the area's total.
 * - optionally (`spreadResidual`) the residual is spread back over the day
 *   as missed exits in proportion to the exits counted so far: with E the
 *   day's counted exits, e(t) those counted by t and R the residual,
 *   occupancy(t) - R * e(t) / E (never below zero), and each exit count
 *   grows by the same factor 1 + R / E. A counter that misses a fixed share
 *   of exits misses them as people leave, so this recovers the true curve
 *   in that case, and the area empties at the last counted exit. Days not
 *   yet complete (`now` before their end) have no residual and no spread.
 *
 * A reading's crossings happened during its interval, which ends at `t`:
 * Hearth places them at the interval's last millisecond (t - 1 ms), so an
 * interval ending on a bucket or day boundary belongs to the bucket and
 * service day before it. An area is covered for a whole service day (from
 * its start, when the count is zero by definition) if any of its doors
 * reported that day; otherwise it has no buckets that day. Reports of one
 * door for the same interval are one report (if they disagree, the larger
 * counts are kept); readings of doors not in `doors` are ignored.
 */
export function doorOccupancy(readings: readonly DoorReading[], doors: readonly DoorSides[], opts: DoorOccupancyOptions): DoorOccupancy {
  const grid = new BucketGrid(opts.from, opts.to, opts.bucketMs ?? DEFAULT_BUCKET_MS);
  if (grid.n === 0) return { buckets: [], drift: [] };
  const building = opts.buildingKey ?? BUILDING_AREA;
  const days = new ServiceDayIndex(opts.site, opts.from, grid.end);
  const now = opts.now ?? Infinity;
  const dataEnd = Math.min(days.end, now);
  const sides = new Map(doors.map((d) => [d.door, d]));

  // One report per door and interval (the larger if they disagree), in time order. Readings at the
  // same instant are summed, so their order does not matter.
  const byDoor = new Map<string, DoorReading[]>();
  for (const r of readings) {
    const at = r.t - 1;
    if (!sides.has(r.door) || at < days.start || at >= dataEnd) continue;
    const list = byDoor.get(r.door);
    if (list) list.push(r);
    else byDoor.set(r.door, [r]);
  }
  const sorted: DoorReading[] = [];
  for (const list of byDoor.values()) {
    list.sort((a, b) => a.t - b.t || b.in + b.out - (a.in + a.out) || b.in - a.in);
    for (let k = 0; k < list.length; k++) if (k === 0 || list[k]!.t !== list[k - 1]!.t) sorted.push(list[k]!);
  }
  sorted.sort((a, b) => a.t - b.t);

  const out: DoorOccupancy = { buckets: [], drift: [] };
  for (const area of areasOf(doors, building, opts.areas)) {
    const role = doorRoles(doors, area, building);
    const counted = sorted.filter((r) => role.get(r.door) !== 0);
    grid.reset();
    for (let k = 0; k < counted.length; ) {
      const dayIndex = days.indexOf(counted[k]!.t - 1);
      const day = days.days[dayIndex]!;
      const first = k;
      while (k < counted.length && counted[k]!.t - 1 < day.end) k++;
      const run = runDay(counted.slice(first, k), role, day.end <= now && opts.spreadResidual === true);
      pourDay(grid, run, day.start, Math.min(day.end, now));
      if (day.end <= now && day.start < opts.to && day.end > opts.from) out.drift.push(...apportion(run, area, day.date));
    }
    grid.emit(area, out.buckets);
  }
  out.drift.sort((a, b) => compareKeys(a.date, b.date) || compareKeys(a.area, b.area) || compareKeys(a.door, b.door));
  return out;
}

function areasOf(doors: readonly DoorSides[], building: string, only: readonly string[] | undefined): string[] {
  const areas = new Set<string>();
  for (const d of doors) {
    if ((d.inTo === OUTSIDE) !== (d.outTo === OUTSIDE)) areas.add(building);
    for (const side of [d.inTo, d.outTo]) if (side !== OUTSIDE) areas.add(side);
  }
  return [...areas].filter((a) => !only || only.includes(a)).sort(compareKeys);
}

/** +1: the door's "in" enters the area; -1: its "out" does; 0: it does not border the area. */
function doorRoles(doors: readonly DoorSides[], area: string, building: string): Map<string, number> {
  const inside = (side: string) => (area === building ? side !== OUTSIDE : side === area);
  return new Map(doors.map((d) => [d.door, Number(inside(d.inTo)) - Number(inside(d.outTo))]));
}

/** One area's service day: its occupancy after each instant with crossings, and the day's drift. */
interface DayRun {
  /** Instants (t - 1 of the readings), with the occupancy after them and the crossings at them. */
  at: number[];
  level: number[];
  arrivals: number[];
  departures: number[];
  clamped: number;
  residual: number;
  /** Per door: [in, out] counted that day. */
  totals: Map<string, [number, number]>;
}

function runDay(readings: readonly DoorReading[], role: Map<string, number>, spread: boolean): DayRun {
  const run: DayRun = { at: [], level: [], arrivals: [], departures: [], clamped: 0, residual: 0, totals: new Map() };
  let level = 0;
  let exits = 0;
  for (let k = 0; k < readings.length; ) {
    const at = readings[k]!.t - 1;
    let arrive = 0;
    let depart = 0;
    for (; k < readings.length && readings[k]!.t - 1 === at; k++) {
      const r = readings[k]!;
      const forward = role.get(r.door) === 1;
      arrive += forward ? r.in : r.out;
      depart += forward ? r.out : r.in;
      const total = run.totals.get(r.door);
      if (total) {
        total[0] += r.in;
        total[1] += r.out;
      } else run.totals.set(r.door, [r.in, r.out]);
    }
    level += arrive - depart;
    if (level < 0) {
      run.clamped -= level;
      level = 0;
    }
    exits += depart;
    run.at.push(at);
    run.level.push(level);
    run.arrivals.push(arrive);
    run.departures.push(depart);
  }
  run.residual = level;
  if (spread && run.residual > 0 && exits > 0) {
    let counted = 0;
    for (let i = 0; i < run.at.length; i++) {
      counted += run.departures[i]!;
      run.level[i] = Math.max(0, run.level[i]! - (run.residual * counted) / exits);
      run.departures[i] = run.departures[i]! + (run.residual * run.departures[i]!) / exits;
    }
  }
  return run;
}

/** The day's occupancy into the grid: zero from the day's start to the first crossing, then each level until the next. */
function pourDay(grid: BucketGrid, run: DayRun, start: number, end: number): void {
  let from = start;
  let level = 0;
  for (let i = 0; i < run.at.length; i++) {
    grid.addLevel(from, run.at[i]!, level);
    grid.addFlow(run.at[i]!, run.arrivals[i]!, run.departures[i]!);
    from = run.at[i]!;
    level = run.level[i]!;
  }
  grid.addLevel(from, end, level);
}

function apportion(run: DayRun, area: string, date: string): DoorDrift[] {
  let traffic = 0;
  for (const [i, o] of run.totals.values()) traffic += i + o;
  return [...run.totals].map(([door, [inTotal, outTotal]]) => {
    const driftShare = traffic > 0 ? (inTotal + outTotal) / traffic : 0;
    return { door, area, date, inTotal, outTotal, residual: run.residual * driftShare, clamped: run.clamped * driftShare, driftShare };
  });
}
