import { addDays } from '../calendar/site-calendar.js';
import { calendarFrame } from './calendar-frame.js';
import { occupancySeries } from './series.js';
import { at, figures, quarterRun, testSite } from './test-buckets.js';
import { typicalWeek, weekdayHourPattern, type TypicalWeek, type WeekdayHourPattern } from './weekly-pattern.js';

/**
 * Eleven Mondays (5 January to 16 March 2026) at a branch open Monday
 * 09:00-12:00 only; Monday 16 February is a bank holiday, leaving 10.
 */
const site = testSite({ openingHours: { mon: ['09:00-12:00'] }, periods: [{ kind: 'holiday', name: 'Bank holiday', from: '2026-02-16', to: '2026-02-16' }] });
const window = { first: '2026-01-05', last: '2026-03-16' };
const mondays = Array.from({ length: 11 }, (_, i) => addDays('2026-01-05', 7 * i));
// The 10:00 hour's mean on each open Monday, in date order.
const tenOClock = [3, 7, 1, 9, 4, 6, 2, 8, 10, 5];
const buckets = mondays.flatMap((date, i) => {
  const holiday = date === '2026-02-16';
  const m = holiday ? 50 : tenOClock[i < 6 ? i : i - 1]!;
  // 09:00 steady at 2; 10:00 quarters m−1, m+1, m+1, m−1 (hourly mean m); 11:00 steady at 1.
  return quarterRun('quiet', at(`${date}T09:00`), [2, 2, 2, 2, m - 1, m + 1, m + 1, m - 1, 1, 1, 1, 1]);
});
const series = occupancySeries(calendarFrame(site, window), buckets, [{ zone: 'quiet', capacity: 20 }]);

describe('weekday × hour pattern', () => {
  it('what does 10:00 on a Monday usually look like, and how busy does a busy Monday get?', () => {
    const p: WeekdayHourPattern = figures(weekdayHourPattern(series));
    expect(p.days).toBe(10);
    // Daily 10:00 means sorted: 1 2 3 4 5 6 7 8 9 10. Mean 55 / 10 = 5.5.
    // p90 sits at position 0.9 × (10 − 1) = 8.1: 9 + 0.1 × (10 − 9) = 9.1. The holiday's 50 is not among them.
    const cell = p.cells[0]![10]!;
    expect(cell.days).toBe(10);
    expect(cell.mean).toBeCloseTo(5.5, 12);
    expect(cell.p90).toBeCloseTo(9.1, 12);
    expect(p.cells[0]![9]).toEqual({ weekday: 'mon', hour: 9, days: 10, mean: 2, p90: 2 });
  });

  it('leaves closed hours and closed weekdays null, not zero', () => {
    const p: WeekdayHourPattern = figures(weekdayHourPattern(series));
    expect(p.cells[0]![8]).toBeNull();
    expect(p.cells[0]![12]).toBeNull();
    expect(p.cells[1]!.every((c) => c === null)).toBe(true);
    expect(p.cells.flat().filter((c) => c !== null)).toHaveLength(3);
  });

  it('the typical week shades each hour by its share of the 20 seats and names the busiest and quietest hours', () => {
    const w: TypicalWeek = figures(typicalWeek(weekdayHourPattern(series)));
    expect(w.utilisation[0]!.slice(8, 13)).toEqual([null, 0.1, 0.275, 0.05, null]); // 2/20, 5.5/20, 1/20
    expect(w.utilisation[3]![10]).toBeNull();
    expect(w.busiest).toEqual({ weekday: 'mon', hour: 10, meanOccupancy: 5.5, utilisation: 0.275 });
    expect(w.quietest).toEqual({ weekday: 'mon', hour: 11, meanOccupancy: 1, utilisation: 0.05 });
  });

  it('a window with only the holiday has nothing to show', () => {
    const holiday = occupancySeries(calendarFrame(site, { first: '2026-02-16', last: '2026-02-16' }), buckets, [{ zone: 'quiet', capacity: 20 }]);
    expect(weekdayHourPattern(holiday)).toMatchObject({ empty: true, reason: 'no-open-time' });
    expect(typicalWeek(weekdayHourPattern(holiday))).toMatchObject({ empty: true, reason: 'no-open-time' });
  });

  it('a zone without seats has a pattern but no typical-week shares', () => {
    const seatless = occupancySeries(calendarFrame(site, window), buckets, [{ zone: 'quiet', capacity: 0 }]);
    expect(figures(weekdayHourPattern(seatless)).cells[0]![10]!.mean).toBeCloseTo(5.5, 12);
    expect(typicalWeek(weekdayHourPattern(seatless))).toMatchObject({ empty: true, reason: 'no-capacity' });
  });
});
