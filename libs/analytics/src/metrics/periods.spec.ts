import { addDays } from '../calendar/site-calendar.js';
import { comparePeriods, previousWindow, sameWeekdayYearBefore, type PeriodComparison } from './periods.js';
import { at, hourlyRun, testSite } from './test-buckets.js';

/**
 * A study hall of 10 seats open every day 09:00-17:00 (UTC). Baseline
 * fortnight: Mondays 6 people all day, other days 4. Current fortnight:
 * Mondays 9, other days 5, and Sunday 22 March is a holiday (with staff in
 * the hall, which must not count).
 */
const everyDay = ['09:00-17:00'];
const site = testSite({
  openingHours: { mon: everyDay, tue: everyDay, wed: everyDay, thu: everyDay, fri: everyDay, sat: everyDay, sun: everyDay },
  periods: [{ kind: 'holiday', name: 'Spring holiday', from: '2026-03-22', to: '2026-03-22' }],
});
const hall = [{ zone: 'hall', capacity: 10 }];
const day = (date: string, occupancy: number, arrivals: number) => hourlyRun('hall', at(`${date}T09:00`), Array.from({ length: 8 }, () => occupancy), { arrivals: [arrivals] });
const fortnight = (first: string, monday: [number, number], other: [number, number]) =>
  Array.from({ length: 14 }, (_, i) => {
    const date = addDays(first, i);
    return i % 7 === 0 ? day(date, ...monday) : day(date, ...other);
  }).flat();
const current = { first: '2026-03-16', last: '2026-03-29' };
const buckets = [...fortnight('2026-03-02', [6, 30], [4, 20]), ...fortnight('2026-03-16', [9, 40], [5, 24])];

describe('period over period, aligned by weekday', () => {
  it('the previous window of a fortnight is the fortnight before; a 10-day window steps back two whole weeks', () => {
    expect(previousWindow(current)).toEqual({ first: '2026-03-02', last: '2026-03-15' });
    expect(previousWindow({ first: '2026-03-16', last: '2026-03-25' })).toEqual({ first: '2026-03-02', last: '2026-03-11' });
  });

  it('this term compares with the same weekdays a year earlier (364 days back)', () => {
    // Monday 7 September 2026 -> Monday 8 September 2025.
    expect(sameWeekdayYearBefore({ first: '2026-09-07', last: '2026-12-18' })).toEqual({ first: '2025-09-08', last: '2025-12-19' });
  });

  it('are we busier than the fortnight before, overall and on each weekday?', () => {
    const c = comparePeriods(site, buckets, hall, { current, baseline: previousWindow(current) }) as PeriodComparison;
    expect(c.empty).toBe(false);
    // Baseline: 14 days of 8 h, 2 Mondays at 6 and 12 days at 4: (12 + 48) / 14 people, of 10 seats.
    // Current: 13 days (the holiday is out), 2 Mondays at 9 and 11 days at 5: (18 + 55) / 13.
    expect(c.utilisation.baseline).toBeCloseTo(60 / 140, 12);
    expect(c.utilisation.current).toBeCloseTo(73 / 130, 12);
    expect(c.utilisation.change).toBeCloseTo(73 / 130 - 60 / 140, 12);
    expect(c.meanOccupancy.change).toBeCloseTo(73 / 13 - 60 / 14, 12);
    expect(c.peak).toEqual({ current: 9, baseline: 6, change: 3, relative: 0.5 });
    // Mondays at 9 of 10 seats reach the 85 % threshold: 2 days × 8 h; none did before, so no relative change.
    expect(c.hoursAbove).toEqual({ current: 16, baseline: 0, change: 16, relative: null });
    // Arrivals per open day: (2 × 30 + 12 × 20) / 14 before, (2 × 40 + 11 × 24) / 13 now.
    expect(c.arrivalsPerDay.baseline).toBeCloseTo(300 / 14, 12);
    expect(c.arrivalsPerDay.current).toBeCloseTo(344 / 13, 12);

    const mon = c.byWeekday[0]!;
    expect(mon.weekday).toBe('mon');
    expect(mon.utilisation.change).toBeCloseTo(0.3, 12); // 0.9 − 0.6
    expect(mon.arrivalsPerDay.change).toBe(10);
    expect(mon.arrivalsPerDay.relative).toBeCloseTo(1 / 3, 12);
    const sun = c.byWeekday[6]!;
    expect(c.current.byWeekday[6]!.days).toBe(1); // one Sunday was a holiday
    expect(sun.utilisation.change).toBeCloseTo(0.1, 12); // 0.5 − 0.4
  });

  it('refuses windows that hold different weekdays', () => {
    // Monday to Wednesday against Tuesday to Thursday: the change would be the weekday mix.
    expect(() => comparePeriods(site, buckets, hall, { current: { first: '2026-03-16', last: '2026-03-18' }, baseline: { first: '2026-03-10', last: '2026-03-12' } })).toThrow(/not aligned by weekday/);
    expect(() => comparePeriods(site, buckets, hall, { current, baseline: { first: '2026-03-02', last: '2026-03-14' } })).toThrow(/not aligned by weekday/);
  });

  it('says which window has no data', () => {
    const c = comparePeriods(site, buckets, hall, { current, baseline: sameWeekdayYearBefore(current) });
    expect(c).toMatchObject({ empty: true, reason: 'no-data' });
    expect(c.empty && c.detail).toMatch(/^In the baseline window/);
  });
});
