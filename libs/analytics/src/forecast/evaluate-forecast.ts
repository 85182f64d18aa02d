import type { SiteFile } from '@hearth/contracts';
import { DEFAULT_BUCKET_MS, MINUTE_MS, type ZoneBucket } from '../buckets.js';
import { serviceDateOf, serviceDay } from '../calendar/site-calendar.js';
import { forecastOnTimeline, resolveForecastOptions, type ForecastOptions } from './occupancy-forecast.js';
import { buildOccupancyProfile, isEmptyResult, type EmptyResult } from './occupancy-profile.js';
import { addDays } from '../calendar/site-calendar.js';
import { indexOf, slotTimeline, type SlotTimeline } from './slot-timeline.js';

/**
 * How good are the forecasts? Replays them on the most recent weeks of data
 * and compares them with what happened, and with the simplest forecast a
 * planner could make by hand: "the same quarter hour last week".
 *
 * For each held-back test week (the last `testWeeks` whole service-day weeks
 * of the data), a profile is trained on the `trainWeeks` weeks before it,
 * and each service day of the test week is forecast DAY-AHEAD: issued at the
 * start of the service day (e.g. 05:00) from the data up to then, as a
 * morning briefing would be. For a library closed overnight the recent-level
 * adjustment then has no open hours to look at, so this scores the
 * slot-typical values themselves; a site open through the night would also
 * get the level from its last hours.
 *
 * Scored: open buckets (by the calendar) that have data, a forecast (the slot
 * has history) and a baseline (the same local clock time seven days earlier
 * was open and has data; after a holiday there is none, and the bucket is
 * left out of both scores, so both are always scored on the same buckets).
 * Skill = 1 − MAE / MAE of the baseline: above 0 the forecast beats "last
 * week", 1 would be perfect; null when the baseline itself is perfect.
 */

const DAY_MS = 86_400_000;

export interface EvaluationOptions extends Omit<ForecastOptions, 'horizonMs' | 'zones'> {
  /** Weeks of history each test week's profile learns from (default 6). */
  trainWeeks?: number;
  /** Most recent weeks held back and forecast (default 2). */
  testWeeks?: number;
  slotMinutes?: number;
  bucketMs?: number;
  interval?: readonly [number, number];
}

export interface ErrorMetrics {
  /** Mean absolute error, in people (or occupied desks). */
  mae: number;
  /** Root mean squared error: like MAE, but large misses weigh more. */
  rmse: number;
  /** Buckets scored. */
  buckets: number;
}

export interface ForecastComparison {
  forecast: ErrorMetrics;
  baseline: ErrorMetrics;
  /** 1 − MAE(forecast) / MAE(baseline); null when the baseline's MAE is 0. */
  skill: number | null;
}

export interface ForecastEvaluation {
  method: string;
  trainWeeks: number;
  testWeeks: number;
  /** Service dates of the test period, inclusive. */
  firstDate: string;
  lastDate: string;
  overall: ForecastComparison;
  /** Test weeks with scored buckets, oldest first. */
  weeks: (ForecastComparison & { firstDate: string; lastDate: string })[];
  /** Zones with scored buckets, by key. */
  zones: (ForecastComparison & { zone: string })[];
}

class ErrorSums {
  n = 0;
  absForecast = 0;
  sqForecast = 0;
  absBaseline = 0;
  sqBaseline = 0;

  add(forecastError: number, baselineError: number): void {
    this.n++;
    this.absForecast += Math.abs(forecastError);
    this.sqForecast += forecastError * forecastError;
    this.absBaseline += Math.abs(baselineError);
    this.sqBaseline += baselineError * baselineError;
  }

  comparison(): ForecastComparison {
    const forecast = { mae: this.absForecast / this.n, rmse: Math.sqrt(this.sqForecast / this.n), buckets: this.n };
    const baseline = { mae: this.absBaseline / this.n, rmse: Math.sqrt(this.sqBaseline / this.n), buckets: this.n };
    return { forecast, baseline, skill: baseline.mae > 0 ? 1 - forecast.mae / baseline.mae : null };
  }
}

/** Index of the bucket at the same local clock time seven days before bucket i, or -1. */
function weekBefore(tl: SlotTimeline, i: number): number {
  let j = i - (7 * DAY_MS) / tl.bucketMs;
  if (j < 0) return -1;
  // Across a clock change, seven days of elapsed time land an hour off the same wall-clock time.
  let shift = tl.clock[i]! - tl.clock[j]!;
  if (shift > 720) shift -= 1440;
  if (shift < -720) shift += 1440;
  j += (shift * MINUTE_MS) / tl.bucketMs;
  return j >= 0 && j < tl.length && tl.clock[j] === tl.clock[i] ? j : -1;
}

export function evaluateForecast(buckets: readonly ZoneBucket[], site: SiteFile['site'], opts: EvaluationOptions = {}): ForecastEvaluation | EmptyResult {
  const bucketMs = opts.bucketMs ?? DEFAULT_BUCKET_MS;
  const slotMinutes = opts.slotMinutes ?? bucketMs / MINUTE_MS;
  const trainWeeks = opts.trainWeeks ?? 6;
  const testWeeks = opts.testWeeks ?? 2;
  if (!Number.isInteger(testWeeks) || testWeeks < 1) throw new RangeError(`testWeeks must be a whole number of at least 1, not ${testWeeks}`);
  const o = resolveForecastOptions(opts);

  let earliest = Infinity;
  let latest = -Infinity;
  for (let k = 0; k < buckets.length; k++) {
    const t = buckets[k]!.start;
    if (t < earliest) earliest = t;
    if (t > latest) latest = t;
  }
  if (latest === -Infinity) return { empty: true, reason: 'no occupancy buckets to evaluate' };
  const lastDate = serviceDateOf(site, latest);
  const firstDate = addDays(lastDate, 1 - 7 * testWeeks);
  if (earliest >= serviceDay(site, firstDate).start) return { empty: true, reason: `no history before the test weeks starting ${firstDate}` };

  // Actual values over the test weeks and the week before them (the baseline's).
  const tl = slotTimeline(site, serviceDay(site, addDays(firstDate, -7)).start, serviceDay(site, lastDate).end, bucketMs, slotMinutes);
  const actual = new Map<string, Float64Array>();
  const tlEnd = tl.from + tl.length * bucketMs;
  for (let k = 0; k < buckets.length; k++) {
    const b = buckets[k]!;
    if (b.start < tl.from || b.start >= tlEnd || !(b.coveredMs > 0) || b.mean - b.mean !== 0) continue;
    const i = ((b.start - tl.from) / bucketMs) | 0;
    let row = actual.get(b.zone);
    if (!row) actual.set(b.zone, (row = new Float64Array(tl.length).fill(NaN)));
    row[i] = b.mean;
  }
  const zoneKeys = [...actual.keys()].sort();

  const overall = new ErrorSums();
  const byZone = new Map(zoneKeys.map((z) => [z, new ErrorSums()]));
  const weeks: ForecastEvaluation['weeks'] = [];
  for (let k = 0; k < testWeeks; k++) {
    const weekFirst = addDays(firstDate, 7 * k);
    const profile = buildOccupancyProfile(buckets, site, { until: serviceDay(site, weekFirst).start, weeks: trainWeeks, slotMinutes, bucketMs, interval: opts.interval });
    if (isEmptyResult(profile)) continue;
    const week = new ErrorSums();
    for (let d = 0; d < 7; d++) {
      const day = serviceDay(site, addDays(weekFirst, d));
      for (const zone of zoneKeys) {
        const zp = profile.zones.get(zone);
        if (!zp) continue;
        const row = actual.get(zone)!;
        const first = indexOf(tl, day.start);
        const points = forecastOnTimeline(zp, tl, row, day.start, day.end, o).points;
        for (let k = 0; k < points.length; k++) {
          const p = points[k]!;
          const i = first + k;
          if (!tl.open[i] || p.value === null || Number.isNaN(row[i]!)) continue;
          const j = weekBefore(tl, i);
          if (j < 0 || !tl.open[j] || Number.isNaN(row[j]!)) continue;
          const fe = row[i]! - p.value;
          const be = row[i]! - row[j]!;
          week.add(fe, be);
          byZone.get(zone)!.add(fe, be);
          overall.add(fe, be);
        }
      }
    }
    if (week.n) weeks.push({ firstDate: weekFirst, lastDate: addDays(weekFirst, 6), ...week.comparison() });
  }
  if (!overall.n) return { empty: true, reason: `no open buckets with data, forecast and last week's value between ${firstDate} and ${lastDate}` };

  return {
    method:
      `day-ahead: each service day forecast at its start from a median profile of the ${trainWeeks} weeks before its test week; ` +
      'baseline: the same local time seven days earlier; open hours only',
    trainWeeks,
    testWeeks,
    firstDate,
    lastDate,
    overall: overall.comparison(),
    weeks,
    zones: zoneKeys.filter((z) => byZone.get(z)!.n).map((zone) => ({ zone, ...byZone.get(zone)!.comparison() })),
  };
}
