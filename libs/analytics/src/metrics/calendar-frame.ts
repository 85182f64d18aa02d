import { DateTime } from 'luxon';
import { WEEKDAYS, type SiteFile, type Weekday } from '@hearth/contracts';
import { DEFAULT_BUCKET_MS, bucketStart } from '../buckets.js';
import { dateIndex, serviceDateOf, serviceDay, serviceDaysBetween, type DayType, type ServiceDay } from '../calendar/site-calendar.js';

/**
 * The calendar frame: which moments of a window count for the metrics, and
 * where each bucket falls in the library's week.
 *
 * Every metric reads buckets through a frame, so they all agree on these rules:
 *
 * - Service days, not calendar days. A bucket belongs to the service day that
 *   contains its start (the site's `serviceDayStart`, 05:00 by default), so
 *   00:30 after a late opening counts for the evening before: its weekday is the
 *   service day's weekday, and its hour is the local clock hour, 0 (not 24).
 * - Local hours. The hour of a bucket is the site's local clock hour at its
 *   start. On the autumn DST day the repeated hour (01:00 in London) maps both
 *   of its occurrences to hour 1, so that service day has 25 hours and hour 1
 *   holds two hours of buckets; in spring the skipped hour simply has none.
 *   (A service day is assumed to hold at most one clock change, as every
 *   real time zone does.)
 * - Open time only, by default. A bucket counts with the share of it that lies
 *   inside one of its service day's opening windows (weighted partial overlap:
 *   a quarter hour straddling a 08:10 opening counts for 5/15). Closed hours
 *   count for nothing, so staff arriving before opening or cleaners after
 *   closing do not dilute (or inflate) the averages a planner reads.
 *   `includeClosedHours` counts every hour of the day instead.
 * - Closures and holidays are left out entirely, whatever the filter says:
 *   the library was shut, so a zero there says nothing about demand.
 * - Named periods and days filter whole service days (terms, exams, day types,
 *   weekdays).
 */

/** Calendar filters shared by all metrics; every field left out means "any". */
export interface CalendarFilter {
  /** true: only days inside a term; false: only days outside every term. */
  terms?: boolean;
  /** true: only days inside an exam period; false: only days outside them. */
  exams?: boolean;
  dayTypes?: readonly DayType[];
  weekdays?: readonly Weekday[];
  /**
   * Only these local clock hours, [from, to) with 0 <= from < to <= 24: [12, 17] is
   * afternoons. On a service day running past midnight, its small hours count by their clock.
   */
  hours?: readonly [number, number];
  /** Count closed hours as well as open ones (closures and holidays stay out). Default false. */
  includeClosedHours?: boolean;
}

/**
 * A window of time: whole service days by date (inclusive, YYYY-MM-DD), or an
 * instant range [from, to) in epoch ms.
 */
export type MetricsWindow = { first: string; last: string } | { from: number; to: number };

export interface FrameOptions {
  filter?: CalendarFilter;
  /** The bucket length of the rollups read through this frame (default 15 minutes). */
  bucketMs?: number;
}

/** A service day that passed the filters. */
export interface FrameDay {
  date: string;
  weekday: Weekday;
  dayType: DayType;
  inTerm: boolean;
  inExam: boolean;
  /** The counted time of this day inside the window: [start, end) epoch ms pairs. */
  intervals: readonly (readonly [number, number])[];
  /** Total counted milliseconds (open time, or the whole day with `includeClosedHours`). */
  countedMs: number;
}

export interface CalendarFrame {
  timeZone: string;
  from: number;
  to: number;
  /** The service dates the window spans, before any filter. */
  firstDate: string;
  lastDate: string;
  spanDays: number;
  bucketMs: number;
  /** Epoch ms of slot 0; slot s starts at origin + s * bucketMs. */
  origin: number;
  slots: number;
  /** Index into `days` of the day each slot belongs to, or -1 (outside the window, closed, filtered out). */
  dayOf: Int32Array;
  /** Share of each slot that is counted time (0..1); 0 wherever dayOf is -1. */
  countedShare: Float64Array;
  /** Local clock hour (0..23) at each slot's start. */
  hourOf: Uint8Array;
  /** The site's UTC offset (minutes) at each slot's start; meaningful only where dayOf is not -1. */
  utcOffsetMinutes: Int16Array;
  /** The service days that count, in order. */
  days: readonly FrameDay[];
  /** Index into WEEKDAYS (0 = Monday) of each entry of `days`. */
  dayWeekday: Uint8Array;
  /** Days in the window the site was shut for a closure or holiday. */
  closedDays: readonly { date: string; closedFor: string }[];
  /** Total counted milliseconds over all days. */
  countedMs: number;
  filter: Readonly<CalendarFilter>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The instant range of a window. */
export function windowRange(site: SiteFile['site'], window: MetricsWindow): { from: number; to: number } {
  if ('first' in window) {
    if (window.last < window.first) throw new RangeError(`window ends (${window.last}) before it starts (${window.first})`);
    return { from: serviceDay(site, window.first).start, to: serviceDay(site, window.last).end };
  }
  return { from: window.from, to: window.to };
}

function passes(filter: CalendarFilter, day: ServiceDay): boolean {
  if (filter.terms !== undefined && day.inTerm !== filter.terms) return false;
  if (filter.exams !== undefined && day.inExam !== filter.exams) return false;
  if (filter.dayTypes && !filter.dayTypes.includes(day.dayType)) return false;
  if (filter.weekdays && !filter.weekdays.includes(day.weekday)) return false;
  return true;
}

function offsetMs(timeZone: string, t: number): number {
  return DateTime.fromMillis(t, { zone: timeZone }).offset * 60_000;
}

/**
 * Keeps the parts of a day's intervals whose local clock hour lies in
 * [hours[0], hours[1]), on the service date and the next (a day running past
 * midnight). `midnightUtc` is the service date's midnight read as UTC; local
 * wall times become instants with the day's offset, looked up only on a
 * daylight-saving day.
 */
function clipToClockHours(intervals: [number, number][], hours: readonly [number, number], midnightUtc: number, offStart: number, offEnd: number, timeZone: string): [number, number][] {
  // A wall time the autumn change repeats starts a range at its first instant and ends one at its last;
  // one the spring change skips falls back to luxon's reading of it.
  const instant = (wall: number, first: boolean) => {
    if (offStart === offEnd) return wall - offStart;
    const valid = [wall - offStart, wall - offEnd].filter((t) => offsetMs(timeZone, t) === wall - t);
    if (valid.length === 0) return DateTime.fromMillis(wall, { zone: 'utc' }).setZone(timeZone, { keepLocalTime: true }).toMillis();
    return first ? Math.min(...valid) : Math.max(...valid);
  };
  const out: [number, number][] = [];
  for (const base of [midnightUtc, midnightUtc + DAY_MS]) {
    const from = instant(base + hours[0] * HOUR_MS, true);
    const to = instant(base + hours[1] * HOUR_MS, false);
    for (const [a, b] of intervals) {
      const x = Math.max(a, from);
      const y = Math.min(b, to);
      if (y > x) out.push([x, y]);
    }
  }
  return out.sort((p, q) => p[0] - q[0]);
}

/**
 * Builds the frame of a window. Costs one calendar lookup per service day and
 * one pass over the window's slots (35,000 for a year of quarter hours); build
 * it once and share it across zones and metrics.
 */
export function calendarFrame(site: SiteFile['site'], window: MetricsWindow, opts: FrameOptions = {}): CalendarFrame {
  const filter = opts.filter ?? {};
  const bucketMs = opts.bucketMs ?? DEFAULT_BUCKET_MS;
  const { from, to } = windowRange(site, window);
  const origin = bucketStart(from, bucketMs);
  const slots = Math.max(0, Math.ceil((to - origin) / bucketMs));
  const dayOf = new Int32Array(slots).fill(-1);
  const countedShare = new Float64Array(slots);
  const hourOf = new Uint8Array(slots);
  const utcOffsetMinutes = new Int16Array(slots);
  const days: FrameDay[] = [];
  const weekdays: number[] = [];
  const closedDays: { date: string; closedFor: string }[] = [];
  let countedMs = 0;
  const dayStartMs = (Number(site.serviceDayStart.slice(0, 2)) * 60 + Number(site.serviceDayStart.slice(3, 5))) * 60_000;
  const firstDate = 'first' in window ? window.first : serviceDateOf(site, from);
  const lastDate = 'first' in window ? window.last : to > from ? serviceDateOf(site, to - 1) : firstDate;

  for (const day of to > from ? serviceDaysBetween(site, from, to) : []) {
    if (day.closedFor) {
      closedDays.push({ date: day.date, closedFor: day.closedFor });
      continue;
    }
    if (!passes(filter, day)) continue;
    const lo = Math.max(day.start, from);
    const hi = Math.min(day.end, to);
    // The UTC offset at each end of the day, from the local clock there (serviceDayStart) with no
    // time-zone lookup. On a day whose ends differ (a DST change), luxon finds the first slot on
    // the new offset by bisection.
    const midnightUtc = dateIndex(day.date) * DAY_MS;
    let offStart = midnightUtc + dayStartMs - day.start;
    const offEnd = midnightUtc + DAY_MS + dayStartMs - day.end;
    if (offStart !== offEnd) offStart = offsetMs(site.timeZone, day.start);

    const spans = filter.includeClosedHours ? [{ open: day.start, close: day.end }] : day.windows;
    let intervals: [number, number][] = [];
    for (const w of spans) {
      const a = Math.max(w.open, lo);
      const b = Math.min(w.close, hi);
      if (b > a) intervals.push([a, b]);
    }
    if (filter.hours) intervals = clipToClockHours(intervals, filter.hours, midnightUtc, offStart, offEnd, site.timeZone);
    const dayMs = intervals.reduce((sum, [a, b]) => sum + b - a, 0);
    if (dayMs === 0) continue;
    const index = days.length;
    days.push({ date: day.date, weekday: day.weekday, dayType: day.dayType, inTerm: day.inTerm, inExam: day.inExam, intervals, countedMs: dayMs });
    weekdays.push(WEEKDAYS.indexOf(day.weekday));
    countedMs += dayMs;

    // Slots whose start lies in [day.start, day.end).
    const s0 = Math.max(0, Math.ceil((day.start - origin) / bucketMs));
    const s1 = Math.min(slots, Math.ceil((day.end - origin) / bucketMs));
    let change = s1;
    if (offStart !== offEnd) {
      let a = s0;
      let b = s1;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (offsetMs(site.timeZone, origin + mid * bucketMs) === offEnd) b = mid;
        else a = mid + 1;
      }
      change = a;
    }
    let k = 0;
    let clock = 0; // ms since local midnight, stepped slot by slot (a modulo per slot is slow)
    for (let s = s0; s < s1; s++) {
      const t = origin + s * bucketMs;
      const offset = s < change ? offStart : offEnd;
      if (s === s0 || s === change) clock = (((t + offset) % DAY_MS) + DAY_MS) % DAY_MS;
      else if ((clock += bucketMs) >= DAY_MS) clock -= DAY_MS;
      utcOffsetMinutes[s] = offset / 60_000;
      hourOf[s] = (clock / HOUR_MS) | 0;
      dayOf[s] = index;
      let inside = 0;
      while (k < intervals.length && intervals[k]![1] <= t) k++;
      for (let j = k; j < intervals.length && intervals[j]![0] < t + bucketMs; j++) {
        inside += Math.min(intervals[j]![1], t + bucketMs) - Math.max(intervals[j]![0], t);
      }
      countedShare[s] = inside / bucketMs;
    }
  }

  return {
    timeZone: site.timeZone,
    from,
    to,
    firstDate,
    lastDate,
    spanDays: to > from ? dateIndex(lastDate) - dateIndex(firstDate) + 1 : 0,
    bucketMs,
    origin,
    slots,
    dayOf,
    countedShare,
    hourOf,
    utcOffsetMinutes,
    days,
    dayWeekday: Uint8Array.from(weekdays),
    closedDays,
    countedMs,
    filter,
  };
}

/** The local wall-clock time of an instant in the frame's time zone, as "YYYY-MM-DD HH:mm". */
export function localTime(frame: CalendarFrame, t: number): string {
  const s = (t - frame.origin) / frame.bucketMs;
  if (Number.isInteger(s) && s >= 0 && s < frame.slots && frame.dayOf[s]! >= 0)
    return new Date(t + frame.utcOffsetMinutes[s]! * 60_000).toISOString().slice(0, 16).replace('T', ' ');
  return DateTime.fromMillis(t, { zone: frame.timeZone }).toFormat('yyyy-MM-dd HH:mm');
}
