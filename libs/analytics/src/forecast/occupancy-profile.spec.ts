import { serviceDay } from '../calendar/site-calendar.js';
import { B, bucket, dayBuckets, london, testSite } from './forecast.fixture.js';
import { buildOccupancyProfile, isEmptyResult, profileKey, profileWeek, type OccupancyProfile, type TypicalSlot } from './occupancy-profile.js';

function built(p: ReturnType<typeof buildOccupancyProfile>): OccupancyProfile {
  if (isEmptyResult(p)) throw new Error(p.reason);
  return p;
}

function row(rows: ReturnType<typeof profileWeek>, weekday: TypicalSlot['weekday'], clock: string): TypicalSlot {
  if (isEmptyResult(rows)) throw new Error(rows.reason);
  return rows.find((r) => r.weekday === weekday && r.clock === clock)!;
}

// Six Mondays before Monday 2026-10-19: Sep 7, 14, 21, 28, Oct 5, 12.
const MONDAYS = ['2026-09-07', '2026-09-14', '2026-09-21', '2026-09-28', '2026-10-05', '2026-10-12'];
const site = testSite();
const until = serviceDay(site, '2026-10-19').start;

describe('the typical week of a zone', () => {
  it('answers "how busy is the Reading Room on a normal Monday at 10:00?" with the median of the last six Mondays', () => {
    const values = [10, 12, 11, 30, 9, 13]; // the 30 was an author talk
    const buckets = MONDAYS.map((date, k) => bucket('reading-room', london(date, '10:00'), values[k]!));
    // Seven weeks back: outside the six-week window, however busy.
    buckets.push(bucket('reading-room', london('2026-08-31', '10:00'), 100));
    const profile = built(buildOccupancyProfile(buckets, site, { until }));
    expect(profile).toMatchObject({ firstDate: '2026-09-07', lastDate: '2026-10-18', weeks: 6, slotMinutes: 15 });

    // Sorted 9 10 11 12 13 30: median (11 + 12) / 2 = 11.5, where the mean would be 14.2.
    // 10th percentile at position 0.1 × 5 = 0.5: (9 + 10) / 2 = 9.5; 90th at 4.5: (13 + 30) / 2 = 21.5.
    const rows = profileWeek(profile, 'reading-room');
    expect(row(rows, 'mon', '10:00')).toEqual({ weekday: 'mon', clock: '10:00', typical: 11.5, low: 9.5, high: 21.5, samples: 6, closed: false });
    expect(profile.zones.get('reading-room')!.typical[profileKey(profile, 'mon', 40)]).toBe(11.5);
    // Open but never observed: unknown, not zero. Before opening: closed, zero.
    expect(row(rows, 'mon', '10:15')).toMatchObject({ typical: null, samples: 0, closed: false });
    expect(row(rows, 'mon', '08:45')).toMatchObject({ typical: 0, samples: 0, closed: true });
  });

  it('lists each weekday from the service day start, 05:00, round to 04:45 the next morning', () => {
    const rows = profileWeek(built(buildOccupancyProfile([bucket('cafe', london('2026-10-12', '10:00'), 3)], site, { until })), 'cafe');
    if (isEmptyResult(rows)) throw new Error(rows.reason);
    // 7 weekdays × 96 quarter hours.
    expect(rows).toHaveLength(672);
    expect(rows.slice(0, 2).map((r) => `${r.weekday} ${r.clock}`)).toEqual(['mon 05:00', 'mon 05:15']);
    expect(rows.slice(94, 97).map((r) => `${r.weekday} ${r.clock}`)).toEqual(['mon 04:30', 'mon 04:45', 'tue 05:00']);
  });

  it('leaves a bank holiday Monday out of the typical Monday', () => {
    const holidaySite = testSite({ periods: [{ kind: 'holiday', name: 'Bank holiday', from: '2026-10-12', to: '2026-10-12' }] });
    const values = [8, 10, 12, 14, 16, 0]; // the sensors still reported an empty room on the holiday
    const buckets = MONDAYS.map((date, k) => bucket('reading-room', london(date, '10:00'), values[k]!));
    const profile = built(buildOccupancyProfile(buckets, holidaySite, { until }));
    // Median of the five open Mondays 8 10 12 14 16 is 12; with the holiday's 0 it would be (10 + 12) / 2 = 11.
    expect(row(profileWeek(profile, 'reading-room'), 'mon', '10:00')).toMatchObject({ typical: 12, samples: 5 });
    expect(profile.openDays[profileKey(profile, 'mon', 40)]).toBe(5);
  });

  it('averages quarter hours into an hourly slot by how much of each had data', () => {
    const buckets = [
      bucket('cafe', london('2026-10-12', '10:00'), 2),
      bucket('cafe', london('2026-10-12', '10:15'), 8, B / 2), // half the quarter hour covered
      bucket('cafe', london('2026-10-12', '10:30'), 50, 0), // no data: ignored whatever its mean says
      // 10:45 missing altogether
    ];
    const profile = built(buildOccupancyProfile(buckets, site, { until, weeks: 1, slotMinutes: 60 }));
    // (2 × 15 min + 8 × 7.5 min) / 22.5 min = 90 / 22.5 = 4.
    expect(row(profileWeek(profile, 'cafe'), 'mon', '10:00')).toMatchObject({ typical: 4, samples: 1 });
    expect(profile.slotsPerDay).toBe(24);
  });

  it('puts both 01:00 hours of the night the clocks go back (2026-10-25) in the 01:00 slot, by the local clock', () => {
    // Open late on Saturdays, to 03:00: the service day of Saturday 2026-10-24 runs 05:00 BST to 05:00 GMT, 25 hours.
    const late = testSite({ openingHours: { ...testSite().openingHours, sat: ['09:00-03:00'] } });
    const day = serviceDay(late, '2026-10-24');
    expect((day.end - day.start) / B).toBe(100);
    const buckets = [
      bucket('cafe', london('2026-10-25', '00:45'), 7), // 23:45 UTC
      bucket('cafe', london('2026-10-25', '01:00', '+01:00'), 4), // 00:00 UTC, first time round
      bucket('cafe', london('2026-10-25', '01:00', '+00:00'), 8), // 01:00 UTC, second time round
      bucket('cafe', london('2026-10-25', '02:00'), 5), // 02:00 UTC
    ];
    const profile = built(buildOccupancyProfile(buckets, late, { until: day.end, weeks: 1 }));
    const rows = profileWeek(profile, 'cafe');
    // (4 + 8) / 2 = 6 in the 01:00 slot; its neighbours keep their own values.
    expect(row(rows, 'sat', '01:00')).toMatchObject({ typical: 6, samples: 1, closed: false });
    expect(row(rows, 'sat', '00:45')).toMatchObject({ typical: 7 });
    expect(row(rows, 'sat', '02:00')).toMatchObject({ typical: 5 });
    expect(row(rows, 'sat', '00:00')).toMatchObject({ typical: null, closed: false });
  });

  it('says there is no history rather than returning zeros', () => {
    expect(buildOccupancyProfile([], site)).toEqual({ empty: true, reason: 'no occupancy buckets to learn from' });
    // Data only while the library was shut (07:00, before the 09:00 opening) teaches nothing.
    expect(buildOccupancyProfile(dayBuckets('cafe', '2026-10-12', '07:00', [1, 2]), site, { until })).toEqual({
      empty: true,
      reason: 'no occupancy data on open days between 2026-09-07 and 2026-10-18',
    });
    const profile = built(buildOccupancyProfile([bucket('cafe', london('2026-10-12', '10:00'), 3)], site, { until }));
    expect(profileWeek(profile, 'garden-study')).toEqual({ empty: true, reason: 'no occupancy history for zone "garden-study" between 2026-09-07 and 2026-10-18' });
  });

  it('refuses slots that do not tile the day in whole buckets', () => {
    expect(() => buildOccupancyProfile([], site, { slotMinutes: 20 })).toThrow(RangeError);
    expect(() => buildOccupancyProfile([], site, { slotMinutes: 50 })).toThrow(RangeError);
  });
});
