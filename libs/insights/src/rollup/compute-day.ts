import { DateTime } from 'luxon';
import {
  BUILDING_AREA,
  deskBuckets,
  deskSessions,
  doorOccupancy,
  dwellHistograms,
  headcountBuckets,
  type DeskSession,
  type DoorDrift,
  type DwellHistogram,
  type ServiceDay,
  type ZoneBucket,
} from '@hearth/analytics';
import { OUTSIDE, type SiteFile } from '@hearth/contracts';
import type { DayReadings } from './day-readings.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export type RollupSource = 'desks' | 'headcount' | 'doors';
export type SourcedBucket = ZoneBucket & { source: RollupSource };

/** One desk's service day: how long it was occupied while the site was open, and its sessions. */
export interface DeskDay {
  desk: string;
  occupiedOpenMs: number;
  /** The same by local clock hour (24 values, milliseconds). */
  occupiedByHour: number[];
  sessions: number;
}

/**
 * Adds [a, b) to 24 per-local-hour totals. The day's UTC offset is read at its
 * two ends; only a daylight-saving day (where they differ) looks up each hour.
 */
function hourSplitter(day: ServiceDay, timeZone: string): (into: number[], a: number, b: number) => void {
  const offsetAt = (t: number) => DateTime.fromMillis(t, { zone: timeZone }).offset * 60_000;
  const fixed = offsetAt(day.start) === offsetAt(day.end - 1) ? offsetAt(day.start) : null;
  return (into, a, b) => {
    for (let t = a; t < b; ) {
      const offset = fixed ?? offsetAt(t);
      const wall = t + offset;
      const hourEnd = Math.floor(wall / HOUR_MS) * HOUR_MS + HOUR_MS - offset;
      const end = Math.min(b, hourEnd);
      const hour = Math.floor((((wall % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
      into[hour]! += end - t;
      t = end;
    }
  };
}

/** People the entrance counters saw arriving and leaving the building, per local clock hour (24 values). */
export interface BuildingHours {
  arrivals: number[];
  departures: number[];
}

export interface SiteDay {
  buckets: SourcedBucket[];
  drift: DoorDrift[];
  desks: DeskDay[];
  sessions: DeskSession[];
  /** Per zone: lengths of the sessions starting in opening hours. */
  dwell: DwellHistogram[];
  /** null without entrance counters. */
  building: BuildingHours | null;
}

/**
 * One service day of a site, from its readings to 15-minute buckets per zone
 * and source (desks, headcount sensors, doors), the doors' drift, desk
 * sessions and their lengths, and the building's arrivals per hour. Active
 * sensors of the site file only; readings of sensors it does not declare are
 * left out.
 */
export function computeSiteDay(file: SiteFile, day: ServiceDay, readings: DayReadings, opts: { until?: number } = {}): SiteDay {
  const window = { site: file.site, from: day.start, to: day.end, ...(opts.until !== undefined ? { now: opts.until } : {}) };
  const sensors = file.floors.flatMap((f) => f.sensors);
  const desks = sensors.filter((s) => s.kind === 'desk' && s.zone).map((s) => ({ sensor: s.id, zone: s.zone! }));
  const deskSet = new Set(desks.map((d) => d.sensor));
  const doors = sensors.filter((s) => s.kind === 'door' && s.inTo && s.outTo).map((s) => ({ door: s.id, inTo: s.inTo!, outTo: s.outTo! }));
  const doorSet = new Set(doors.map((d) => d.door));
  const headcountSet = new Set(sensors.filter((s) => s.kind === 'zone').map((s) => s.id));

  const out: SourcedBucket[] = [];
  for (const b of deskBuckets(readings.desks.filter((r) => deskSet.has(r.sensor)), { ...window, desks, heartbeats: readings.heartbeats.filter((h) => deskSet.has(h.sensor)) })) out.push({ ...b, source: 'desks' });
  for (const b of headcountBuckets(readings.headcounts.filter((r) => headcountSet.has(r.sensor)), window)) out.push({ ...b, source: 'headcount' });
  // Only the building as a whole: a zone's door count is meaningful only when every way into it is
  // counted, which the site file cannot promise (people come in by one entrance and leave by another).
  const doorResult = doors.length > 0 ? doorOccupancy(readings.doors.filter((r) => doorSet.has(r.door)), doors, { ...window, areas: [BUILDING_AREA] }) : { buckets: [], drift: [] };
  let building: BuildingHours | null = null;
  for (const b of doorResult.buckets) {
    if (b.zone === OUTSIDE) continue;
    out.push({ ...b, source: 'doors' });
    if (b.zone === BUILDING_AREA) {
      building ??= { arrivals: new Array<number>(24).fill(0), departures: new Array<number>(24).fill(0) };
      const hour = DateTime.fromMillis(b.start, { zone: file.site.timeZone }).hour;
      building.arrivals[hour]! += b.arrivals;
      building.departures[hour]! += b.departures;
    }
  }
  const deskDays = new Map<string, DeskDay>();
  const sessions = deskSessions(
    readings.desks.filter((r) => deskSet.has(r.sensor)),
    { dayEnd: () => day.end, until: Math.min(day.end, opts.until ?? Infinity) },
  );
  const addHours = hourSplitter(day, file.site.timeZone);
  for (const s of sessions) {
    const d = deskDays.get(s.sensor) ?? { desk: s.sensor, occupiedOpenMs: 0, occupiedByHour: new Array<number>(24).fill(0), sessions: 0 };
    d.sessions += 1;
    for (const w of day.windows) {
      const a = Math.max(s.start, w.open);
      const b = Math.min(s.end, w.close);
      if (b <= a) continue;
      d.occupiedOpenMs += b - a;
      addHours(d.occupiedByHour, a, b);
    }
    deskDays.set(s.sensor, d);
  }
  const open = day.windows.map((w) => [w.open, w.close] as const);
  return { buckets: out, drift: doorResult.drift, desks: [...deskDays.values()], sessions, dwell: dwellHistograms(sessions, open), building };
}
