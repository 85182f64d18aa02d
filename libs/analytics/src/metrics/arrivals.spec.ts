import { arrivalsByHour, type ArrivalsByHour } from './arrivals.js';
import { calendarFrame } from './calendar-frame.js';
import { occupancySeries } from './series.js';
import { at, hourlyRun, testSite } from './test-buckets.js';

/** Open Mon-Fri 09:00-17:00 and Sat 10:00-14:00 (UTC); data for Monday, Tuesday and Saturday only. */
const site = testSite({ openingHours: { mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-17:00'], sat: ['10:00-14:00'] } });
const entrance = [{ zone: 'entrance', capacity: 0 }];
const ones = (n: number) => Array.from({ length: n }, () => 1);
const buckets = [
  // Monday from 08:00: 6 staff arrive before opening (closed hour), 10 at 09:00, 4 at 12:00; 3 leave at 16:00.
  ...hourlyRun('entrance', at('2026-03-02T08:00'), ones(9), { arrivals: [6, 10, 0, 0, 4, 0, 0, 0, 0], departures: [0, 0, 0, 0, 0, 0, 0, 0, 3] }),
  // Tuesday from 09:00: 14 at 09:00, 2 at 12:00; 5 leave at 16:00.
  ...hourlyRun('entrance', at('2026-03-03T09:00'), ones(8), { arrivals: [14, 0, 0, 2, 0, 0, 0, 0], departures: [0, 0, 0, 0, 0, 0, 0, 5] }),
  // Saturday from 10:00: 8 at 10:00.
  ...hourlyRun('entrance', at('2026-03-07T10:00'), ones(4), { arrivals: [8, 0, 0, 0] }),
];

describe('arrivals and departures by hour', () => {
  const a = arrivalsByHour(occupancySeries(calendarFrame(site, { first: '2026-03-02', last: '2026-03-08' }), buckets, entrance)) as ArrivalsByHour;

  it('when do people arrive on a typical open day?', () => {
    expect(a.empty).toBe(false);
    expect(a.days).toBe(3);
    // 09:00 is open (with data) on Monday and Tuesday only: (10 + 14) / 2.
    expect(a.hours[9]).toEqual({ hour: 9, days: 2, arrivals: 12, departures: 0 });
    // 10:00 and 12:00 are open on all three days: 8 / 3 and (4 + 2 + 0) / 3.
    expect(a.hours[10]!.arrivals).toBeCloseTo(8 / 3, 12);
    expect(a.hours[12]).toEqual({ hour: 12, days: 3, arrivals: 2, departures: 0 });
    // 16:00: Monday's 3 and Tuesday's 5 leave, over 2 days.
    expect(a.hours[16]).toEqual({ hour: 16, days: 2, arrivals: 0, departures: 4 });
  });

  it('leaves the closed 08:00 hour out: staff arriving before opening are not visitors', () => {
    expect(a.hours[8]).toEqual({ hour: 8, days: 0, arrivals: null, departures: null });
    // (10 + 4 + 14 + 2 + 8) / 3 days; the 6 staff are not counted.
    expect(a.perDay.arrivals).toBeCloseTo(38 / 3, 12);
    expect(a.perDay.departures).toBeCloseTo(8 / 3, 12);
  });

  it('says when a week has no data at the entrance', () => {
    const later = calendarFrame(site, { first: '2026-03-09', last: '2026-03-15' });
    expect(arrivalsByHour(occupancySeries(later, buckets, entrance))).toMatchObject({ empty: true, reason: 'no-data' });
  });
});
