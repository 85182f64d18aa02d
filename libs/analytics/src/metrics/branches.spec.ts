import { compareBranches } from './branches.js';
import { calendarFrame } from './calendar-frame.js';
import { occupancySeries } from './series.js';
import { at, hourlyRun, testSite } from './test-buckets.js';
import { utilisation } from './utilisation.js';
import { typicalWeek, weekdayHourPattern } from './weekly-pattern.js';

/**
 * Three branches on Monday 2 March 2026, each open 09:00-17:00 on its own
 * clock: Riverside in London (GMT), Harbour in New York (EST, UTC−5),
 * Hillside with no data yet.
 */
function branch(key: string, timeZone: string, hourly: number[] | null, capacity: number) {
  const site = testSite({ timeZone, openingHours: { mon: ['09:00-17:00'] } });
  const buckets = hourly ? hourlyRun(key, at('2026-03-02T09:00', timeZone), hourly) : [];
  const series = occupancySeries(calendarFrame(site, { first: '2026-03-02', last: '2026-03-02' }), buckets, [{ zone: key, capacity }]);
  return { key, name: key[0]!.toUpperCase() + key.slice(1), utilisation: utilisation(series), typicalWeek: typicalWeek(weekdayHourPattern(series)) };
}

describe('branches side by side', () => {
  const rows = compareBranches([
    branch('hillside', 'Europe/London', null, 30),
    // Mean (2 + 8 + 6 + 4 + 4 + 4 + 2 + 2) / 8 = 4 of 20 seats = 0.2; busiest 10:00.
    branch('riverside', 'Europe/London', [2, 8, 6, 4, 4, 4, 2, 2], 20),
    // Mean (3 + 3 + 3 + 3 + 3 + 9 + 3 + 3) / 8 = 3.75 of 10 seats = 0.375; busiest 14:00 New York time.
    branch('harbour', 'America/New_York', [3, 3, 3, 3, 3, 9, 3, 3], 10),
  ]);

  it('which branch is under most pressure, and when is each at its busiest on its own clock?', () => {
    expect(rows.map((r) => [r.key, r.rank, r.utilisation])).toEqual([
      ['harbour', 1, 0.375],
      ['riverside', 2, 0.2],
      ['hillside', null, null],
    ]);
    expect(rows[0]!.busiestHour).toMatchObject({ weekday: 'mon', hour: 14, meanOccupancy: 9 });
    expect(rows[0]!.peak).toMatchObject({ occupancy: 9, local: '2026-03-02 14:00', at: Date.UTC(2026, 2, 2, 19, 0) });
    expect(rows[1]!.busiestHour).toMatchObject({ weekday: 'mon', hour: 10, utilisation: 0.4 });
    expect(rows[1]!.quietestHour).toMatchObject({ hour: 9, meanOccupancy: 2 });
  });

  it('a branch without data is listed last with the reason, not as an idle branch', () => {
    expect(rows[2]).toMatchObject({ name: 'Hillside', emptyReason: 'no-data', meanOccupancy: null, peak: null, busiestHour: null });
  });
});
