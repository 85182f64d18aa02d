import { IANAZone } from 'luxon';
import { WEEKDAYS, type SiteFile } from '@hearth/contracts';
import { bucketStart } from '../buckets.js';
import { serviceDaysBetween, type ServiceDay } from '../calendar/site-calendar.js';

/**
 * The site calendar laid over a run of buckets. Forecasts compare "Monday
 * 10:00" with "Monday 10:00", so every bucket needs its service day, its
 * local clock time and whether the library was open. Working that out per
 * bucket with time-zone arithmetic would cost microseconds each; instead the
 * calendar is asked once per service day and the answers are written into
 * typed arrays, so passes over a year of buckets are plain array reads.
 *
 * Slots are by the local wall clock: on the autumn day when clocks go back,
 * both 01:00-02:00 hours land in the 01:00 slot (and average there), and on
 * the spring day the skipped hour simply has no buckets. A bucket belongs to
 * the weekday of its service day, so 00:30 after a late Friday opening is
 * a Friday.
 */

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;

export interface SlotTimeline {
  /** Start of the first bucket (epoch ms). */
  from: number;
  bucketMs: number;
  length: number;
  slotMinutes: number;
  slotsPerDay: number;
  /** Weekday (0 = Monday) × slotsPerDay + slot of the local clock. */
  key: Int32Array;
  /** 1 when the bucket overlaps an opening window (never on closure or holiday days). */
  open: Uint8Array;
  /** Index into `days`. */
  day: Int32Array;
  /** Local clock at the bucket's start, minutes after midnight. */
  clock: Int16Array;
  days: ServiceDay[];
}

/** Checks that slots tile the day and are whole numbers of buckets. */
export function checkSlotMinutes(slotMinutes: number, bucketMs: number): void {
  const bucketMinutes = bucketMs / MINUTE_MS;
  if (!Number.isInteger(bucketMinutes) || bucketMinutes <= 0 || DAY_MINUTES % bucketMinutes !== 0)
    throw new RangeError(`bucket length ${bucketMs} ms must be a whole number of minutes dividing the day`);
  if (!Number.isInteger(slotMinutes) || slotMinutes % bucketMinutes !== 0 || DAY_MINUTES % slotMinutes !== 0)
    throw new RangeError(`slotMinutes ${slotMinutes} must divide the day and be a multiple of the ${bucketMinutes}-minute bucket`);
}

/** The calendar over the buckets starting in [from, to). */
export function slotTimeline(site: SiteFile['site'], from: number, to: number, bucketMs: number, slotMinutes: number): SlotTimeline {
  checkSlotMinutes(slotMinutes, bucketMs);
  const first = bucketStart(from, bucketMs);
  const length = Math.max(0, Math.ceil((to - first) / bucketMs));
  const slotsPerDay = DAY_MINUTES / slotMinutes;
  const tl: SlotTimeline = {
    from: first,
    bucketMs,
    length,
    slotMinutes,
    slotsPerDay,
    key: new Int32Array(length),
    open: new Uint8Array(length),
    day: new Int32Array(length),
    clock: new Int16Array(length),
    days: [],
  };
  if (!length) return tl;
  const zone = IANAZone.create(site.timeZone);
  const end = first + length * bucketMs;
  for (const day of serviceDaysBetween(site, first, end)) {
    const d = tl.days.push(day) - 1;
    const weekdayBase = WEEKDAYS.indexOf(day.weekday) * slotsPerDay;
    const lo = Math.max(0, Math.ceil((day.start - first) / bucketMs));
    const hi = Math.min(length, Math.ceil((day.end - first) / bucketMs));
    // Offsets change at most once a day, on a bucket boundary: find where.
    const offStart = zone.offset(day.start);
    const offEnd = zone.offset(day.end - 1);
    let change = hi;
    if (offStart !== offEnd) {
      let a = lo;
      while (a < change) {
        const mid = (a + change) >>> 1;
        if (zone.offset(first + mid * bucketMs) === offEnd) change = mid;
        else a = mid + 1;
      }
    }
    const windows = day.windows;
    let w = 0;
    for (let i = lo; i < hi; i++) {
      const t = first + i * bucketMs;
      const offset = i < change ? offStart : offEnd;
      // Bucket starts are whole minutes, so this is the local minute of the day.
      const clock = (((t / MINUTE_MS + offset) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
      tl.clock[i] = clock;
      tl.key[i] = weekdayBase + ((clock / slotMinutes) | 0);
      tl.day[i] = d;
      while (w < windows.length && windows[w]!.close <= t) w++;
      tl.open[i] = w < windows.length && windows[w]!.open < t + bucketMs ? 1 : 0;
    }
  }
  return tl;
}

/** Index of the bucket starting at `t` (may be out of range; callers check). */
export function indexOf(tl: SlotTimeline, t: number): number {
  return Math.floor((t - tl.from) / tl.bucketMs);
}

/** "HH:MM" of a clock in minutes after midnight. */
export function clockLabel(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

