import { WEEKDAYS, type SiteFile, type Weekday } from '@hearth/contracts';
import { DEFAULT_BUCKET_MS, type ZoneBucket } from '../buckets.js';
import { addDays, serviceDateOf, serviceDay } from '../calendar/site-calendar.js';
import { quantileSorted } from '../metrics/quantile.js';
import { checkSlotMinutes, clockLabel, slotTimeline } from './slot-timeline.js';

/**
 * The typical occupancy of each zone by weekday and local time of day: what a
 * planner means by "a normal Tuesday at 11:00 in the Reading Room".
 *
 * Method: for each weekday and slot, the MEDIAN of that slot's value on the
 * same weekday over the last `weeks` weeks (default 6), leaving out days the
 * library was closed (holidays, closures) and slots without sensor data.
 * - Robust: one unusual week (a school visit, an author talk, a sensor
 *   playing up) barely moves a median of six (at most it changes which
 *   ordinary weeks sit in the middle), where it would drag a mean.
 * - Recent: six weeks is about half a term, so after a change in routine
 *   (term starts, exams) the typical value follows within about three weeks,
 *   once half the window has changed; older weeks are ignored entirely.
 * - Explainable: "the middle of the last six Mondays" needs no statistics.
 * On simulated Riverside term weeks its day-ahead error is about a fifth
 * lower than "the same quarter hour last week" (see evaluateForecast).
 * A slot's value on one day is the coverage-weighted mean of its buckets
 * (hourly slots average four quarter hours; on the autumn clock change the
 * repeated hour averages into its slot). Buckets that are absent or have no
 * coverage are missing data, not zero occupancy.
 *
 * The spread of the same observations around their median (by default the
 * 10th and 90th percentiles; with six weeks, about halfway between the two
 * lowest and between the two highest) gives forecast intervals: a plain
 * description of week-to-week variation, not a calibrated probability.
 *
 * Building a profile reads every bucket once; a server builds it when the
 * data changes (e.g. nightly) and keeps it to answer forecasts quickly.
 */

export interface EmptyResult {
  empty: true;
  reason: string;
}

export interface ProfileOptions {
  /** Length of a slot of the day in minutes: 15 (default) or 60 for hourly profiles; must be a multiple of the bucket length. */
  slotMinutes?: number;
  /** Weeks of history the median looks back over (default 6). */
  weeks?: number;
  /** End (exclusive, epoch ms) of the history used; default the end of the latest bucket. */
  until?: number;
  /** Bucket length of the input (default 15 minutes). */
  bucketMs?: number;
  /** Percentiles of the observations that bound the interval (default [0.1, 0.9]). */
  interval?: readonly [number, number];
}

export interface ZoneProfile {
  zone: string;
  /** By weekday × slot (see profileKey): the typical occupancy; NaN where the slot was open but never observed, 0 where it was never open. */
  typical: Float64Array;
  /** Interval percentiles minus the typical value (lower ≤ 0 ≤ upper). */
  residualLow: Float64Array;
  residualHigh: Float64Array;
  /** How many days the typical value is the median of. */
  samples: Uint8Array;
}

export interface OccupancyProfile {
  siteId: string;
  timeZone: string;
  /** The site's service day start (HH:MM), for listing slots in service-day order. */
  serviceDayStart: string;
  bucketMs: number;
  slotMinutes: number;
  slotsPerDay: number;
  weeks: number;
  /** The service dates of the history used (first and last, inclusive) and its end instant. */
  firstDate: string;
  lastDate: string;
  until: number;
  /** By weekday × slot: on how many of the history's days the slot was open. */
  openDays: Uint8Array;
  zones: Map<string, ZoneProfile>;
}

/** Index of a weekday (0 = Monday) and slot in the profile's arrays. */
export function profileKey(profile: Pick<OccupancyProfile, 'slotsPerDay'>, weekday: Weekday, slot: number): number {
  return WEEKDAYS.indexOf(weekday) * profile.slotsPerDay + slot;
}

const DEFAULT_WEEKS = 6;
const DEFAULT_INTERVAL: readonly [number, number] = [0.1, 0.9];

export function isEmptyResult(x: object): x is EmptyResult {
  return (x as Partial<EmptyResult>).empty === true;
}

export function buildOccupancyProfile(buckets: readonly ZoneBucket[], site: SiteFile['site'], opts: ProfileOptions = {}): OccupancyProfile | EmptyResult {
  const bucketMs = opts.bucketMs ?? DEFAULT_BUCKET_MS;
  const slotMinutes = opts.slotMinutes ?? bucketMs / 60_000;
  const weeks = opts.weeks ?? DEFAULT_WEEKS;
  const [pLow, pHigh] = opts.interval ?? DEFAULT_INTERVAL;
  checkSlotMinutes(slotMinutes, bucketMs);
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 52) throw new RangeError(`weeks must be a whole number from 1 to 52, not ${weeks}`);

  let until = opts.until;
  if (until === undefined) {
    let latest = -Infinity;
    for (let k = 0; k < buckets.length; k++) if (buckets[k]!.start > latest) latest = buckets[k]!.start;
    if (latest === -Infinity) return { empty: true, reason: 'no occupancy buckets to learn from' };
    until = latest + bucketMs;
  }
  const lastDate = serviceDateOf(site, until - 1);
  const firstDate = addDays(lastDate, 1 - 7 * weeks);
  const tl = slotTimeline(site, serviceDay(site, firstDate).start, until, bucketMs, slotMinutes);
  const S = tl.slotsPerDay;
  const nDays = tl.days.length;

  // Each zone's slot values per day: coverage-weighted sums and weights.
  const zoneIndex = new Map<string, number>();
  const sums: Float64Array[] = [];
  const weights: Float64Array[] = [];
  let lastZone: string | undefined;
  let z = -1;
  for (let k = 0; k < buckets.length; k++) {
    const b = buckets[k]!;
    const t = b.start;
    // `x - x === 0` is Number.isFinite and `| 0` is Math.floor for these in-range values, several times cheaper in this loop.
    if (t < tl.from || t >= until || !(b.coveredMs > 0) || b.mean - b.mean !== 0) continue;
    const i = ((t - tl.from) / bucketMs) | 0;
    if (i >= tl.length || !tl.open[i]) continue;
    if (b.zone !== lastZone) {
      lastZone = b.zone;
      let found = zoneIndex.get(b.zone);
      if (found === undefined) {
        zoneIndex.set(b.zone, (found = sums.length));
        sums.push(new Float64Array(nDays * S));
        weights.push(new Float64Array(nDays * S));
      }
      z = found;
    }
    const cell = tl.day[i]! * S + (tl.key[i]! % S);
    sums[z]![cell]! += b.mean * b.coveredMs;
    weights[z]![cell]! += b.coveredMs;
  }

  // On how many days each weekday/slot was open.
  const openCell = new Uint8Array(nDays * S);
  for (let i = 0; i < tl.length; i++) if (tl.open[i]) openCell[tl.day[i]! * S + (tl.key[i]! % S)] = 1;
  const openDays = new Uint8Array(7 * S);
  const daysByWeekday: number[][] = WEEKDAYS.map(() => []);
  for (let d = nDays - 1; d >= 0; d--) {
    const wd = WEEKDAYS.indexOf(tl.days[d]!.weekday);
    daysByWeekday[wd]!.push(d);
    for (let s = 0; s < S; s++) openDays[wd * S + s]! += openCell[d * S + s]!;
  }

  const zones = new Map<string, ZoneProfile>();
  const scratch = new Float64Array(weeks + 1);
  for (const zone of [...zoneIndex.keys()].sort()) {
    const zi = zoneIndex.get(zone)!;
    const sum = sums[zi]!;
    const weight = weights[zi]!;
    const zp: ZoneProfile = {
      zone,
      typical: new Float64Array(7 * S),
      residualLow: new Float64Array(7 * S),
      residualHigh: new Float64Array(7 * S),
      samples: new Uint8Array(7 * S),
    };
    let observed = 0;
    for (let wd = 0; wd < 7; wd++) {
      const days = daysByWeekday[wd]!;
      for (let s = 0; s < S; s++) {
        const key = wd * S + s;
        let n = 0;
        for (const d of days) {
          const w = weight[d * S + s]!;
          if (!(w > 0)) continue;
          // Insertion sort: at most `weeks` values, no allocation.
          const v = sum[d * S + s]! / w;
          let j = n++;
          for (; j > 0 && scratch[j - 1]! > v; j--) scratch[j] = scratch[j - 1]!;
          scratch[j] = v;
        }
        if (!n) {
          zp.typical[key] = openDays[key] ? NaN : 0;
          continue;
        }
        const sorted = scratch.subarray(0, n);
        const median = quantileSorted(sorted, 0.5);
        zp.typical[key] = median;
        zp.residualLow[key] = quantileSorted(sorted, pLow) - median;
        zp.residualHigh[key] = quantileSorted(sorted, pHigh) - median;
        zp.samples[key] = n;
        observed += n;
      }
    }
    if (observed) zones.set(zone, zp);
  }
  if (!zones.size) return { empty: true, reason: `no occupancy data on open days between ${firstDate} and ${lastDate}` };
  return { siteId: site.id, timeZone: site.timeZone, serviceDayStart: site.serviceDayStart, bucketMs, slotMinutes, slotsPerDay: S, weeks, firstDate, lastDate, until, openDays, zones };
}

/** One row of a zone's typical week, for tables and charts. */
export interface TypicalSlot {
  weekday: Weekday;
  /** Local clock at the slot's start, HH:MM. */
  clock: string;
  /** Null when the slot was open but never observed. */
  typical: number | null;
  low: number | null;
  high: number | null;
  /** Days the value is the median of. */
  samples: number;
  /** The library was never open in this slot in the history. */
  closed: boolean;
}

/**
 * A zone's typical week, Monday to Sunday, each day's slots in service-day
 * order (from the service day start, e.g. 05:00, round to the next morning).
 */
export function profileWeek(profile: OccupancyProfile, zone: string): TypicalSlot[] | EmptyResult {
  const zp = profile.zones.get(zone);
  if (!zp) return { empty: true, reason: `no occupancy history for zone "${zone}" between ${profile.firstDate} and ${profile.lastDate}` };
  const S = profile.slotsPerDay;
  const dayStart = Number(profile.serviceDayStart.slice(0, 2)) * 60 + Number(profile.serviceDayStart.slice(3, 5));
  const firstSlot = Math.floor(dayStart / profile.slotMinutes);
  const rows: TypicalSlot[] = [];
  WEEKDAYS.forEach((weekday, wd) => {
    for (let k = 0; k < S; k++) {
      const s = (firstSlot + k) % S;
      const key = wd * S + s;
      const closed = profile.openDays[key] === 0;
      const typical = zp.typical[key]!;
      const known = !Number.isNaN(typical);
      rows.push({
        weekday,
        clock: clockLabel(s * profile.slotMinutes),
        typical: known ? typical : null,
        low: known ? Math.max(0, typical + zp.residualLow[key]!) : null,
        high: known ? Math.max(0, typical + zp.residualHigh[key]!) : null,
        samples: zp.samples[key]!,
        closed,
      });
    }
  });
  return rows;
}
