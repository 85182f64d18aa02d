import { serviceDay } from '../calendar/site-calendar.js';
import { B, bucket, dayBuckets, london, testSite } from './forecast.fixture.js';
import { boundedLevel, forecastOccupancy, levelFactor, type ZoneForecast, type ZoneForecastResult } from './occupancy-forecast.js';
import { buildOccupancyProfile, isEmptyResult, type OccupancyProfile } from './occupancy-profile.js';

const HOUR = 3_600_000;
const site = testSite();
// Open 09:00-17:00: 32 quarter hours a day.
const OPEN_DAY = 32;

function built(p: ReturnType<typeof buildOccupancyProfile>): OccupancyProfile {
  if (isEmptyResult(p)) throw new Error(p.reason);
  return p;
}

function zoneForecast(z: ZoneForecastResult | undefined): ZoneForecast {
  if (!z || 'empty' in z) throw new Error('expected a forecast');
  return z;
}

/** The café's Mondays: 8 people all day on Oct 5, 12 on Oct 12; so a typical Monday quarter hour is 10. */
const cafeProfile = built(
  buildOccupancyProfile([...dayBuckets('cafe', '2026-10-05', '09:00', Array(OPEN_DAY).fill(8)), ...dayBuckets('cafe', '2026-10-12', '09:00', Array(OPEN_DAY).fill(12))], site, {
    until: serviceDay(site, '2026-10-13').start,
    weeks: 2,
  }),
);

/** Forecast from Monday 2026-10-19 at `clock`, the café having had `recentValue` people in every whole quarter hour since its 09:00 opening. */
function forecastAfterMorning(clock: string, recentValue: number) {
  const now = london('2026-10-19', clock);
  const quarters = Math.max(0, Math.floor((now - london('2026-10-19', '09:00')) / B));
  const recent = dayBuckets('cafe', '2026-10-19', '09:00', Array(quarters).fill(recentValue));
  return { now, forecast: zoneForecast(forecastOccupancy(cafeProfile, site, recent, now).zones[0]) };
}

const at = (points: ZoneForecast['points'], t: number) => points.find((p) => p.start === t)!;

describe('the next 24 hours', () => {
  it('answers "the café is 50 % busier than usual this morning: what about this afternoon?" with a lift that halves every two hours', () => {
    const { now, forecast } = forecastAfterMorning('12:00', 15);
    // 09:00-12:00 actual 15 against a typical 10: level 15 / 10 = 1.5.
    expect(forecast.level).toBe(1.5);
    // Interval: the two Mondays 8 and 12 around their median 10; 10th percentile 8 + 0.1 × 4 = 8.4, 90th 11.6.
    // Now: 10 × 1.5 = 15 (8.4 × 1.5 = 12.6 to 11.6 × 1.5 = 17.4).
    expect(at(forecast.points, now)).toEqual({ start: now, value: 15, low: expect.closeTo(12.6, 9), high: expect.closeTo(17.4, 9), closed: false });
    // Two hours on: 1 + 0.5 × ½ = 1.25, so 12.5; four hours on: 1 + 0.5 × ¼ = 1.125, so 11.25.
    expect(at(forecast.points, now + 2 * HOUR).value).toBeCloseTo(12.5, 9);
    expect(at(forecast.points, now + 4 * HOUR).value).toBeCloseTo(11.25, 9);
    // 17:00 closing: nothing forecast, flagged closed.
    expect(at(forecast.points, london('2026-10-19', '17:00'))).toEqual({ start: london('2026-10-19', '17:00'), value: 0, low: 0, high: 0, closed: true });
    // Tuesday opens at 09:00 but no Tuesday was ever observed: unknown, not 0.
    expect(at(forecast.points, london('2026-10-20', '09:00'))).toMatchObject({ value: null, low: null, high: null, closed: false });
    // 24 hours of quarter hours from a boundary: 96, the first starting now.
    expect(forecast.points).toHaveLength(96);
    expect(forecast.points[0]!.start).toBe(now);
  });

  it('caps the lift at double and the drop at half, whatever the last hours looked like', () => {
    // 40 against 10 is 4 times usual: capped at 2, so 20 now and 1 + 1 × ½ = 1.5 two hours on, 15.
    const crowd = forecastAfterMorning('12:00', 40);
    expect(crowd.forecast.level).toBe(2);
    expect(at(crowd.forecast.points, crowd.now).value).toBe(20);
    expect(at(crowd.forecast.points, crowd.now + 2 * HOUR).value).toBeCloseTo(15, 9);
    // 1 against 10 is a tenth: floored at 0.5, so 5 now, 1 − 0.5 × ½ = 0.75 two hours on, 7.5.
    const empty = forecastAfterMorning('12:00', 1);
    expect(empty.forecast.level).toBe(0.5);
    expect(at(empty.forecast.points, empty.now).value).toBe(5);
    expect(at(empty.forecast.points, empty.now + 2 * HOUR).value).toBeCloseTo(7.5, 9);
  });

  it('forecasts the plain typical day before opening, when there are no open hours to judge the level by', () => {
    const { forecast } = forecastAfterMorning('06:00', 0);
    expect(forecast.level).toBe(1);
    expect(at(forecast.points, london('2026-10-19', '09:00')).value).toBe(10);
  });

  it('starts with the quarter hour under way when asked mid-quarter', () => {
    const { forecast } = forecastAfterMorning('12:07', 15);
    // Buckets overlapping [12:07, 12:07 next day): 12:00 to 12:00 the next day, 97 of them.
    expect(forecast.points).toHaveLength(97);
    expect(forecast.points[0]!.start).toBe(london('2026-10-19', '12:00'));
  });

  it('forecasts an empty, closed library on a bank holiday Monday', () => {
    const holiday = testSite({ periods: [{ kind: 'holiday', name: 'Bank holiday', from: '2026-10-19', to: '2026-10-19' }] });
    const profile = built(buildOccupancyProfile(dayBuckets('cafe', '2026-10-12', '09:00', Array(OPEN_DAY).fill(12)), holiday, { until: serviceDay(site, '2026-10-13').start }));
    const forecast = zoneForecast(forecastOccupancy(profile, holiday, [], london('2026-10-19', '06:00')).zones[0]);
    // 06:00 Monday to 06:00 Tuesday: the holiday, then Tuesday before its 09:00 opening; 96 closed quarter hours.
    expect(forecast.points).toHaveLength(96);
    expect(forecast.points.every((p) => p.closed && p.value === 0 && p.low === 0 && p.high === 0)).toBe(true);
  });

  it('carries the typical 01:00 value through both 01:00 hours of the night the clocks go back', () => {
    const late = testSite({ openingHours: { ...testSite().openingHours, sat: ['09:00-03:00'] } });
    // The Saturday before: 6 people at 01:00-01:45 (BST), 3 at 02:00-02:45.
    const history = [...dayBuckets('cafe', '2026-10-18', '01:00', [6, 6, 6, 6, 3, 3, 3, 3])];
    const profile = built(buildOccupancyProfile(history, late, { until: serviceDay(late, '2026-10-18').end, weeks: 1 }));
    const now = london('2026-10-25', '01:00', '+01:00');
    const forecast = zoneForecast(forecastOccupancy(profile, late, [], now, { horizonMs: 4 * HOUR }).zones[0]);
    // Four hours of elapsed time from 01:00 BST: 01:00-01:45 BST, 01:00-01:45 GMT, 02:00-02:45 GMT, then closed from 03:00.
    expect(forecast.points.map((p) => p.value)).toEqual([6, 6, 6, 6, 6, 6, 6, 6, 3, 3, 3, 3, 0, 0, 0, 0]);
    expect(forecast.points[4]!.start - forecast.points[3]!.start).toBe(B);
  });

  it('says which zones it has no history for', () => {
    const result = forecastOccupancy(cafeProfile, site, [], london('2026-10-19', '06:00'), { zones: ['cafe', 'garden-study'] });
    expect(result.zones.map((z) => z.zone)).toEqual(['cafe', 'garden-study']);
    expect(result.zones[1]).toEqual({ zone: 'garden-study', empty: true, reason: 'no occupancy history for zone "garden-study" between 2026-09-29 and 2026-10-12' });
  });

  it('forecasts each zone from its own history', () => {
    const profile = built(
      buildOccupancyProfile([bucket('cafe', london('2026-10-12', '10:00'), 4), bucket('children', london('2026-10-12', '10:00'), 9)], site, {
        until: serviceDay(site, '2026-10-13').start,
      }),
    );
    const result = forecastOccupancy(profile, site, [], london('2026-10-19', '10:00'), { horizonMs: B });
    expect(result.zones.map((z) => [z.zone, zoneForecast(z).points[0]!.value])).toEqual([
      ['cafe', 4],
      ['children', 9],
    ]);
  });

  it('refuses a profile of another site', () => {
    expect(() => forecastOccupancy(cafeProfile, testSite({ id: 'elsewhere' }), [], 0)).toThrow('the profile is of site "testbrook", not "elsewhere"');
  });
});

describe('the recent level', () => {
  it('is actual over typical, bounded, and 1 with nothing typical to compare', () => {
    expect(boundedLevel(15, 10, 0.5, 2)).toBe(1.5);
    expect(boundedLevel(30, 10, 0.5, 2)).toBe(2);
    expect(boundedLevel(2, 10, 0.5, 2)).toBe(0.5);
    expect(boundedLevel(5, 0, 0.5, 2)).toBe(1);
  });

  it('decays to 1: 1.8 is 1.4 one half-life on and 1.2 two half-lives on', () => {
    expect(levelFactor(1.8, 0, 2 * HOUR)).toBeCloseTo(1.8, 12);
    expect(levelFactor(1.8, 2 * HOUR, 2 * HOUR)).toBeCloseTo(1.4, 12);
    expect(levelFactor(1.8, 4 * HOUR, 2 * HOUR)).toBeCloseTo(1.2, 12);
    expect(levelFactor(0.6, 2 * HOUR, 2 * HOUR)).toBeCloseTo(0.8, 12);
  });
});
