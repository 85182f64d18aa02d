import type { SiteFile } from '@hearth/contracts';
import type { ZoneBucket } from '../buckets.js';
import { addDays, dateIndex } from '../calendar/site-calendar.js';
import { calendarFrame, type CalendarFilter } from './calendar-frame.js';
import { compareSummaries, periodSummary, type DateWindow, type PeriodComparison } from './periods.js';
import type { Empty } from './results.js';
import { dayHourGrid, occupancySeries, type OccupancySeries, type ZoneCapacity } from './series.js';

/**
 * Before and after a change (a new layout, furniture, opening hours): the
 * same metrics for N whole weeks before the change day and N whole weeks
 * after it, the change day itself left out (half old, half new, and often
 * disrupted by the works).
 *
 * Before is [change − 7N days, change − 1], after is [change + 1, change +
 * 7N]: each holds every weekday N times, so the comparison is aligned by
 * weekday.
 *
 * The significance indication, computed separately for utilisation and for
 * arrivals per open day: each side's N weeks give N weekly values (weeks
 * with no open data are skipped); the difference of the weekly means is set
 * against its week-to-week noise,
 *
 *   ratio = (mean_after − mean_before) / (s · √(1/n_after + 1/n_before)),
 *
 * where s is the pooled sample standard deviation of the weekly values
 * around their own side's mean. This is the familiar two-sample t statistic
 * with weeks as the samples. |ratio| ≥ 2 is reported as "exceeds weekly
 * noise": the shift is large next to how much weeks normally differ. It is
 * NOT a p-value or proof that the change caused it: weeks are not
 * independent (term, exams, weather, seasons move them together), and
 * anything else that changed at the same time is mixed in. With fewer than
 * two weeks of data on either side, the verdict is "insufficient-data".
 */

export interface WeekValue {
  /** The first service date of the week. */
  first: string;
  /** null when the week had no open data. */
  utilisation: number | null;
  arrivalsPerDay: number | null;
}

export type Verdict = 'exceeds-weekly-noise' | 'within-weekly-noise' | 'insufficient-data';

export interface Signal {
  /** mean of the after weeks − mean of the before weeks (null with no weeks on a side). */
  difference: number | null;
  beforeWeeks: number;
  afterWeeks: number;
  /** Pooled sample standard deviation of the weekly values (null with < 2 weeks a side). */
  spread: number | null;
  /** spread × √(1/afterWeeks + 1/beforeWeeks). */
  standardError: number | null;
  /** difference / standardError; null when it cannot be formed (including a spread of exactly 0). */
  ratio: number | null;
  verdict: Verdict;
}

export interface BeforeAfter {
  empty: false;
  changeDate: string;
  weeks: number;
  before: DateWindow;
  after: DateWindow;
  /** after as "current", before as "baseline". */
  comparison: PeriodComparison;
  weekly: { before: WeekValue[]; after: WeekValue[] };
  signal: { utilisation: Signal; arrivalsPerDay: Signal };
}

export type BeforeAfterResult = BeforeAfter | Empty;

export interface BeforeAfterOptions {
  /** The service date of the change; it belongs to neither side. */
  changeDate: string;
  /** Whole weeks on each side (at least 1). */
  weeks: number;
  filter?: CalendarFilter;
  threshold?: number;
  bucketMs?: number;
}

/** The weekly utilisation and arrivals per open day of a series over whole weeks from its first date. */
export function weeklyValues(series: OccupancySeries, weeks: number): WeekValue[] {
  const { frame } = series;
  const grid = dayHourGrid(series);
  const occ = new Float64Array(weeks);
  const cap = new Float64Array(weeks);
  const arr = new Float64Array(weeks);
  const days = new Int32Array(weeks);
  const start = dateIndex(frame.firstDate);
  frame.days.forEach((day, d) => {
    const week = Math.floor((dateIndex(day.date) - start) / 7);
    if (week < 0 || week >= weeks) return;
    let open = false;
    for (let cell = d * 24; cell < d * 24 + 24; cell++) {
      if (grid.weight[cell] === 0) continue;
      open = true;
      occ[week]! += grid.occupancy[cell]!;
      cap[week]! += grid.capacity[cell]!;
      arr[week]! += grid.arrivals[cell]!;
    }
    if (open) days[week]!++;
  });
  return Array.from({ length: weeks }, (_, i) => ({
    first: addDays(frame.firstDate, 7 * i),
    utilisation: days[i]! > 0 && cap[i]! > 0 ? occ[i]! / cap[i]! : null,
    arrivalsPerDay: days[i]! > 0 ? arr[i]! / days[i]! : null,
  }));
}

/** The difference of weekly means against the pooled week-to-week spread (see the module comment). */
export function weeklySignal(before: readonly (number | null)[], after: readonly (number | null)[]): Signal {
  const b = before.filter((v): v is number => v !== null);
  const a = after.filter((v): v is number => v !== null);
  const mean = (v: number[]) => v.reduce((x, y) => x + y, 0) / v.length;
  const difference = a.length && b.length ? mean(a) - mean(b) : null;
  const base = { difference, beforeWeeks: b.length, afterWeeks: a.length };
  if (difference === null || a.length < 2 || b.length < 2) return { ...base, spread: null, standardError: null, ratio: null, verdict: 'insufficient-data' };
  const squares = (v: number[]) => {
    const m = mean(v);
    return v.reduce((sum, x) => sum + (x - m) ** 2, 0);
  };
  const spread = Math.sqrt((squares(a) + squares(b)) / (a.length + b.length - 2));
  const standardError = spread * Math.sqrt(1 / a.length + 1 / b.length);
  // Rounding noise must not turn identical weeks into an "infinite" signal.
  const noiseFloor = 1e-12 * Math.max(1, Math.abs(mean(a)), Math.abs(mean(b)));
  if (standardError <= noiseFloor) {
    const flat = Math.abs(difference) <= noiseFloor;
    return { ...base, spread, standardError, ratio: flat ? 0 : null, verdict: flat ? 'within-weekly-noise' : 'exceeds-weekly-noise' };
  }
  const ratio = difference / standardError;
  return { ...base, spread, standardError, ratio, verdict: Math.abs(ratio) >= 2 ? 'exceeds-weekly-noise' : 'within-weekly-noise' };
}

export function beforeAfter(site: SiteFile['site'], buckets: readonly ZoneBucket[], zones: readonly ZoneCapacity[], opts: BeforeAfterOptions): BeforeAfterResult {
  if (!Number.isInteger(opts.weeks) || opts.weeks < 1) throw new RangeError(`weeks must be a whole number of at least 1 (got ${opts.weeks})`);
  const days = 7 * opts.weeks;
  const before = { first: addDays(opts.changeDate, -days), last: addDays(opts.changeDate, -1) };
  const after = { first: addDays(opts.changeDate, 1), last: addDays(opts.changeDate, days) };
  const frameOpts = { filter: opts.filter ?? {}, bucketMs: opts.bucketMs };
  const beforeSeries = occupancySeries(calendarFrame(site, before, frameOpts), buckets, zones);
  const afterSeries = occupancySeries(calendarFrame(site, after, frameOpts), buckets, zones);
  const comparison = compareSummaries(periodSummary(afterSeries, opts.threshold), periodSummary(beforeSeries, opts.threshold), {
    current: 'weeks after the change',
    baseline: 'weeks before the change',
  });
  if (comparison.empty) return comparison;
  const weekly = { before: weeklyValues(beforeSeries, opts.weeks), after: weeklyValues(afterSeries, opts.weeks) };
  return {
    empty: false,
    changeDate: opts.changeDate,
    weeks: opts.weeks,
    before,
    after,
    comparison,
    weekly,
    signal: {
      utilisation: weeklySignal(
        weekly.before.map((w) => w.utilisation),
        weekly.after.map((w) => w.utilisation),
      ),
      arrivalsPerDay: weeklySignal(
        weekly.before.map((w) => w.arrivalsPerDay),
        weekly.after.map((w) => w.arrivalsPerDay),
      ),
    },
  };
}
