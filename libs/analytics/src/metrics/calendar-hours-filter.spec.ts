import { calendarFrame } from './calendar-frame.js';
import { occupancySeries } from './series.js';
import { at, figures, hourlyRun, testSite } from './test-buckets.js';
import { utilisation } from './utilisation.js';

const HOUR = 3_600_000;

describe('only some hours of the day: "weekday afternoons"', () => {
  // Open 09:00-17:00 Monday to Friday; occupancy rises by one person every hour from 09:00 (1, 2, ..., 8).
  const site = testSite({ openingHours: { mon: ['09:00-17:00'], tue: ['09:00-17:00'] } });
  const buckets = hourlyRun('hall', at('2026-03-02T09:00'), [1, 2, 3, 4, 5, 6, 7, 8]);

  it('counts only 12:00-17:00 of the open hours', () => {
    const frame = calendarFrame(site, { first: '2026-03-02', last: '2026-03-02' }, { filter: { hours: [12, 17] } });
    expect(frame.countedMs).toBe(5 * HOUR);
    expect(frame.days[0]!.intervals).toEqual([[at('2026-03-02T12:00'), at('2026-03-02T17:00')]]);
    // The afternoon's hours hold 4, 5, 6, 7, 8: a mean of 6.
    const u = figures(utilisation(occupancySeries(frame, buckets, [{ zone: 'hall', capacity: 10 }])));
    expect(u.openHours).toBe(5);
    expect(u.meanOccupancy).toBe(6);
  });

  it('leaves out days whose open hours miss the chosen hours', () => {
    const frame = calendarFrame(site, { first: '2026-03-02', last: '2026-03-03' }, { filter: { hours: [18, 24] } });
    expect(frame.days).toEqual([]);
    expect(frame.countedMs).toBe(0);
  });

  it('counts the small hours of a day running past midnight by their clock', () => {
    // Friday opens 20:00 to 02:00 (service day from 05:00): "evenings" 17-24 keep 20:00-24:00, "night" 0-3 keeps 00:00-02:00.
    const late = testSite({ serviceDayStart: '05:00', openingHours: { fri: ['20:00-02:00'] } });
    const evening = calendarFrame(late, { first: '2026-03-06', last: '2026-03-06' }, { filter: { hours: [17, 24] } });
    expect(evening.countedMs).toBe(4 * HOUR);
    const night = calendarFrame(late, { first: '2026-03-06', last: '2026-03-06' }, { filter: { hours: [0, 3] } });
    expect(night.days[0]!.intervals).toEqual([[at('2026-03-07T00:00'), at('2026-03-07T02:00')]]);
  });

  it('finds the clock hours on the autumn change’s 25-hour day', () => {
    // London, Sunday 25 October 2026, open round the clock from midnight: 01:00-02:00 happens twice, so hours [1, 3) last 3 hours.
    const london = testSite({ timeZone: 'Europe/London', serviceDayStart: '00:00', openingHours: { sun: ['00:00-24:00'] } });
    const frame = calendarFrame(london, { first: '2026-10-25', last: '2026-10-25' }, { filter: { hours: [1, 3] } });
    expect(frame.countedMs).toBe(3 * HOUR);
    // From the first 01:00 (00:00 UTC, BST) to 03:00 GMT (03:00 UTC).
    expect(frame.days[0]!.intervals).toEqual([[Date.UTC(2026, 9, 25, 0), Date.UTC(2026, 9, 25, 3)]]);
  });
});
