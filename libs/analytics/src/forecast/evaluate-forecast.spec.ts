import type { ZoneBucket } from '../buckets.js';
import { addDays } from '../calendar/site-calendar.js';
import { dayBuckets, testSite } from './forecast.fixture.js';
import { evaluateForecast, type ForecastEvaluation } from './evaluate-forecast.js';
import { isEmptyResult } from './occupancy-profile.js';

// Open 09:00-10:00 every day: four quarter hours a day, 28 a week.
const hour = ['09:00-10:00'];
const site = testSite({ openingHours: { mon: hour, tue: hour, wed: hour, thu: hour, fri: hour, sat: hour, sun: hour } });

/** Seven days of the café from a Monday, the same value in every open quarter hour, with exceptions. */
function week(monday: string, value: number, except: Record<string, number[]> = {}): ZoneBucket[] {
  return Array.from({ length: 7 }, (_, d) => addDays(monday, d)).flatMap((date) => dayBuckets('cafe', date, '09:00', except[date] ?? [value, value, value, value]));
}

// 4 people every quarter hour the week of Sep 28, 8 the week of Oct 5, and 6 in the test week of Oct 12
// except for 10 at 09:00 on Monday Oct 12.
const history = [...week('2026-09-28', 4), ...week('2026-10-05', 8), ...week('2026-10-12', 6, { '2026-10-12': [10, 6, 6, 6] })];

function evaluated(e: ReturnType<typeof evaluateForecast>): ForecastEvaluation {
  if (isEmptyResult(e)) throw new Error(e.reason);
  return e;
}

describe('evaluating forecasts on held-back weeks', () => {
  it('answers "does the forecast beat just using last week?" on a week worked out by hand', () => {
    const e = evaluated(evaluateForecast(history, site, { trainWeeks: 2, testWeeks: 1 }));
    expect(e).toMatchObject({ firstDate: '2026-10-12', lastDate: '2026-10-18', trainWeeks: 2, testWeeks: 1 });
    // Forecast: the median of the two training weeks, (4 + 8) / 2 = 6, everywhere. It misses only Monday 09:00,
    // by 10 − 6 = 4: MAE 4 / 28 = 1/7, RMSE √(16 / 28) = √(4/7).
    expect(e.overall.forecast.mae).toBeCloseTo(1 / 7, 12);
    expect(e.overall.forecast.rmse).toBeCloseTo(Math.sqrt(4 / 7), 12);
    expect(e.overall.forecast.buckets).toBe(28);
    // Baseline: last week's 8 everywhere, off by 2 in 27 quarter hours and by 10 − 8 = 2 on Monday: MAE 2, RMSE 2.
    expect(e.overall.baseline).toEqual({ mae: 2, rmse: 2, buckets: 28 });
    // Skill 1 − (1/7) / 2 = 13/14.
    expect(e.overall.skill).toBeCloseTo(13 / 14, 12);
    expect(e.weeks).toEqual([{ firstDate: '2026-10-12', lastDate: '2026-10-18', ...e.overall }]);
    expect(e.zones).toEqual([{ zone: 'cafe', ...e.overall }]);
  });

  it('scores neither method on a closed day, nor where last week was closed', () => {
    const closures = testSite({
      ...site,
      periods: [
        { kind: 'closure', name: 'Staff training', from: '2026-10-07', to: '2026-10-07' },
        { kind: 'holiday', name: 'Local holiday', from: '2026-10-16', to: '2026-10-16' },
      ],
    });
    const e = evaluated(evaluateForecast(history, closures, { trainWeeks: 2, testWeeks: 1 }));
    // Friday Oct 16 is closed (4 quarter hours), and Wednesday Oct 14 has no "last week" as Oct 7 was closed (4 more):
    // 28 − 8 = 20 scored. The forecast still misses only Monday 09:00 by 4: MAE 4 / 20 = 0.2; the baseline is off
    // by 2 everywhere: MAE 2; skill 1 − 0.2 / 2 = 0.9.
    expect(e.overall.forecast.buckets).toBe(20);
    expect(e.overall.forecast.mae).toBeCloseTo(0.2, 12);
    expect(e.overall.baseline.mae).toBe(2);
    expect(e.overall.skill).toBeCloseTo(0.9, 12);
  });

  it('takes "last week" by the wall clock across the autumn clock change', () => {
    // Test week Oct 26 (GMT) after a baseline week Oct 19 (BST, clocks go back on Sunday Oct 25).
    // Seven days of elapsed time before 09:00 GMT is 10:00 BST, after closing; the baseline must be 09:00 BST.
    const autumn = [...week('2026-10-12', 4), ...week('2026-10-19', 8), ...week('2026-10-26', 6)];
    const e = evaluated(evaluateForecast(autumn, site, { trainWeeks: 2, testWeeks: 1 }));
    // All 28 quarter hours scored; the forecast (4 + 8) / 2 = 6 is exact, last week's 8 is off by 2.
    expect(e.overall).toEqual({ forecast: { mae: 0, rmse: 0, buckets: 28 }, baseline: { mae: 2, rmse: 2, buckets: 28 }, skill: 1 });
  });

  it('has nothing to say without history before the test weeks', () => {
    expect(evaluateForecast([], site)).toEqual({ empty: true, reason: 'no occupancy buckets to evaluate' });
    expect(evaluateForecast(week('2026-10-12', 6), site, { testWeeks: 1 })).toEqual({ empty: true, reason: 'no history before the test weeks starting 2026-10-12' });
  });
});
