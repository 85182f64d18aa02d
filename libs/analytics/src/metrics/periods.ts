import { WEEKDAYS, type SiteFile, type Weekday } from '@hearth/contracts';
import type { ZoneBucket } from '../buckets.js';
import { addDays, dateIndex } from '../calendar/site-calendar.js';
import { calendarFrame, type CalendarFilter, type CalendarFrame, type MetricsWindow } from './calendar-frame.js';
import { empty, type Empty } from './results.js';
import { dayHourGrid, occupancySeries, type OccupancySeries, type ZoneCapacity } from './series.js';
import { utilisation, type Utilisation } from './utilisation.js';

/**
 * Period-over-period comparison, aligned by weekday.
 *
 * A planner asks "are we busier than last month?" or "than this term last
 * year?". Libraries are much busier on some weekdays than others, so a
 * window with one more Saturday than the other would show a change that is
 * only the calendar. Both windows must therefore span the same number of
 * days holding each weekday equally often (any two spans of whole weeks, or
 * two equal spans starting on the same weekday); `previousWindow` and
 * `sameWeekdayYearBefore` build such baselines. Holidays and closures are
 * still left out of each side, so an Easter in one window and not the other
 * changes how many days each averages, not the averages themselves.
 */

export type DateWindow = { first: string; last: string };

/** The window just before, of the same length rounded up to whole weeks so it stays weekday-aligned. */
export function previousWindow(window: DateWindow): DateWindow {
  const span = dateIndex(window.last) - dateIndex(window.first) + 1;
  const shift = Math.ceil(span / 7) * 7;
  return { first: addDays(window.first, -shift), last: addDays(window.last, -shift) };
}

/**
 * The same window a year earlier, moved to the same weekdays: 364 days (52
 * weeks) back, so Monday 7 September 2026 compares with Monday 8 September
 * 2025. A term that started on a different date last year is better passed
 * as its own window.
 */
export function sameWeekdayYearBefore(window: DateWindow): DateWindow {
  return { first: addDays(window.first, -364), last: addDays(window.last, -364) };
}

export interface WeekdaySummary {
  weekday: Weekday;
  /** Days of this weekday with open data. */
  days: number;
  utilisation: number | null;
  meanOccupancy: number | null;
  arrivalsPerDay: number | null;
}

/** A window's headline figures, the unit both comparisons compare. */
export interface PeriodSummary {
  empty: false;
  window: { first: string; last: string };
  utilisation: Utilisation;
  /** Mean arrivals and departures per open day with data. */
  arrivalsPerDay: number;
  departuresPerDay: number;
  /** Monday to Sunday. */
  byWeekday: WeekdaySummary[];
}

export type PeriodResult = PeriodSummary | Empty;

export function periodSummary(series: OccupancySeries, threshold?: number): PeriodResult {
  const util = utilisation(series, threshold === undefined ? {} : { threshold });
  if (util.empty) return util;
  const { frame } = series;
  const grid = dayHourGrid(series);
  const w = new Float64Array(7);
  const occ = new Float64Array(7);
  const cap = new Float64Array(7);
  const arr = new Float64Array(7);
  const dep = new Float64Array(7);
  const days = new Int32Array(7);
  for (let d = 0; d < frame.days.length; d++) {
    const wd = frame.dayWeekday[d]!;
    let open = false;
    for (let cell = d * 24; cell < d * 24 + 24; cell++) {
      if (grid.weight[cell] === 0) continue;
      open = true;
      w[wd]! += grid.weight[cell]!;
      occ[wd]! += grid.occupancy[cell]!;
      cap[wd]! += grid.capacity[cell]!;
      arr[wd]! += grid.arrivals[cell]!;
      dep[wd]! += grid.departures[cell]!;
    }
    if (open) days[wd]!++;
  }
  const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
  return {
    empty: false,
    window: { first: frame.firstDate, last: frame.lastDate },
    utilisation: util,
    arrivalsPerDay: sum(arr) / util.days,
    departuresPerDay: sum(dep) / util.days,
    byWeekday: WEEKDAYS.map((weekday, i) => ({
      weekday,
      days: days[i]!,
      utilisation: cap[i]! > 0 ? occ[i]! / cap[i]! : null,
      meanOccupancy: w[i]! > 0 ? occ[i]! / w[i]! : null,
      arrivalsPerDay: days[i]! > 0 ? arr[i]! / days[i]! : null,
    })),
  };
}

/** One figure in two windows. `change` = current − baseline (utilisation in share points); `relative` = change / baseline. */
export interface Change {
  current: number | null;
  baseline: number | null;
  change: number | null;
  relative: number | null;
}

export function change(current: number | null, baseline: number | null): Change {
  const diff = current === null || baseline === null ? null : current - baseline;
  return { current, baseline, change: diff, relative: diff === null || baseline === 0 ? null : diff / baseline! };
}

export interface PeriodComparison {
  empty: false;
  current: PeriodSummary;
  baseline: PeriodSummary;
  utilisation: Change;
  meanOccupancy: Change;
  peak: Change;
  hoursAbove: Change;
  arrivalsPerDay: Change;
  departuresPerDay: Change;
  byWeekday: { weekday: Weekday; utilisation: Change; meanOccupancy: Change; arrivalsPerDay: Change }[];
}

export type ComparisonResult = PeriodComparison | Empty;

/** Compares two summaries (see `comparePeriods` for the windows they must cover); `names` label the sides in an empty result's detail. */
export function compareSummaries(current: PeriodResult, baseline: PeriodResult, names = { current: 'current window', baseline: 'baseline window' }): ComparisonResult {
  if (current.empty) return empty(current.reason, `In the ${names.current}: ${current.detail}`);
  if (baseline.empty) return empty(baseline.reason, `In the ${names.baseline}: ${baseline.detail}`);
  const a = current.utilisation;
  const b = baseline.utilisation;
  return {
    empty: false,
    current,
    baseline,
    utilisation: change(a.utilisation, b.utilisation),
    meanOccupancy: change(a.meanOccupancy, b.meanOccupancy),
    peak: change(a.peak.occupancy, b.peak.occupancy),
    hoursAbove: change(a.hoursAbove, b.hoursAbove),
    arrivalsPerDay: change(current.arrivalsPerDay, baseline.arrivalsPerDay),
    departuresPerDay: change(current.departuresPerDay, baseline.departuresPerDay),
    byWeekday: current.byWeekday.map((c, i) => {
      const p = baseline.byWeekday[i]!;
      return { weekday: c.weekday, utilisation: change(c.utilisation, p.utilisation), meanOccupancy: change(c.meanOccupancy, p.meanOccupancy), arrivalsPerDay: change(c.arrivalsPerDay, p.arrivalsPerDay) };
    }),
  };
}

function weekdayCounts(frame: CalendarFrame): number[] {
  const counts = new Array<number>(7).fill(0);
  const first = (new Date(dateIndex(frame.firstDate) * 86_400_000).getUTCDay() + 6) % 7;
  for (let i = 0; i < frame.spanDays; i++) counts[(first + i) % 7]!++;
  return counts;
}

/** Throws unless the two frames span the same days of the week equally often. */
export function assertWeekdayAligned(current: CalendarFrame, baseline: CalendarFrame): void {
  const a = weekdayCounts(current);
  const b = weekdayCounts(baseline);
  if (current.spanDays !== baseline.spanDays || a.some((n, i) => n !== b[i]))
    throw new RangeError(
      `windows are not aligned by weekday: ${current.firstDate}..${current.lastDate} and ${baseline.firstDate}..${baseline.lastDate} ` +
        'must have the same length and hold each weekday equally often (use previousWindow or sameWeekdayYearBefore)',
    );
}

export interface ComparePeriodsOptions {
  current: MetricsWindow;
  baseline: MetricsWindow;
  filter?: CalendarFilter;
  threshold?: number;
  bucketMs?: number;
}

/**
 * Window `current` against window `baseline` for a set of zones: deltas of
 * utilisation, mean occupancy, peak, hours above the threshold, arrivals per
 * open day, and the same per weekday. `buckets` may cover both windows.
 */
export function comparePeriods(site: SiteFile['site'], buckets: readonly ZoneBucket[], zones: readonly ZoneCapacity[], opts: ComparePeriodsOptions): ComparisonResult {
  const frameOpts = { filter: opts.filter ?? {}, bucketMs: opts.bucketMs };
  const currentFrame = calendarFrame(site, opts.current, frameOpts);
  const baselineFrame = calendarFrame(site, opts.baseline, frameOpts);
  assertWeekdayAligned(currentFrame, baselineFrame);
  return compareSummaries(
    periodSummary(occupancySeries(currentFrame, buckets, zones), opts.threshold),
    periodSummary(occupancySeries(baselineFrame, buckets, zones), opts.threshold),
  );
}
