import { arrivalsByHour, type ArrivalsByHour } from './arrivals.js';
import { calendarFrame, localTime } from './calendar-frame.js';
import { occupancySeries } from './series.js';
import { at, figures, hourlyRun, testSite } from './test-buckets.js';
import { utilisation, type Utilisation } from './utilisation.js';
import { weekdayHourPattern, type WeekdayHourPattern } from './weekly-pattern.js';

const HOUR = 3_600_000;

describe('service days and local hours', () => {
  describe('the autumn clock change in London (Sunday 25 October 2026)', () => {
    // A 24-hour study space whose service day starts at midnight, so service day 2026-10-25
    // runs from 00:00 BST (23:00 UTC on the 24th) to 00:00 GMT on the 26th: 25 hours, with
    // 01:00-02:00 on the clock twice (first BST, then GMT).
    const site = testSite({ timeZone: 'Europe/London', serviceDayStart: '00:00', openingHours: { sun: ['00:00-24:00'] } });
    const frame = calendarFrame(site, { first: '2026-10-25', last: '2026-10-25' });
    // 25 hourly values in order of time: 00:00 BST = 2, 01:00 BST = 4, 01:00 GMT = 8, then
    // 02:00 ... 23:00 GMT = the hour's number. One arrival in every hour.
    const occupancy = [2, 4, 8, ...Array.from({ length: 22 }, (_, i) => i + 2)];
    const buckets = hourlyRun('hall', at('2026-10-25T00:00', 'Europe/London'), occupancy, { arrivals: occupancy.map(() => 1) });
    const series = occupancySeries(frame, buckets, [{ zone: 'hall', capacity: 50 }]);

    it('is one service day of 25 open hours', () => {
      expect(frame.days.map((d) => [d.date, d.weekday, d.countedMs / HOUR])).toEqual([['2026-10-25', 'sun', 25]]);
      const u: Utilisation = figures(utilisation(series));
      expect(u.days).toBe(1);
      expect(u.openHours).toBe(25);
      // (2 + 4 + 8 + (2 + 3 + ... + 23)) / 25 = (14 + 275) / 25
      expect(u.meanOccupancy).toBeCloseTo(289 / 25, 12);
    });

    it('puts both 01:00 hours into hour 1', () => {
      expect(frame.hourOf[4]).toBe(1); // 00:00 UTC = 01:00 BST
      expect(frame.hourOf[8]).toBe(1); // 01:00 UTC = 01:00 GMT
      expect(frame.hourOf[12]).toBe(2); // 02:00 UTC = 02:00 GMT
      expect([4, 8].map((s) => localTime(frame, frame.origin + s * frame.bucketMs))).toEqual(['2026-10-25 01:00', '2026-10-25 01:00']);
      const p: WeekdayHourPattern = figures(weekdayHourPattern(series));
      const sunday = p.cells[6]!;
      expect(sunday[0]).toMatchObject({ days: 1, mean: 2 });
      expect(sunday[1]).toMatchObject({ days: 1, mean: 6 }); // (4 + 8) / 2: one day, two clock hours
      expect(sunday[2]).toMatchObject({ days: 1, mean: 2 });
      expect(sunday[23]).toMatchObject({ days: 1, mean: 23 });
      const a: ArrivalsByHour = figures(arrivalsByHour(series));
      expect(a.hours[1]).toEqual({ hour: 1, days: 1, arrivals: 2, departures: 0 }); // both hours' arrivals, one day
      expect(a.hours[0]!.arrivals).toBe(1);
      expect(a.perDay.arrivals).toBe(25);
    });

    it('with the usual 05:00 day start the 25-hour service day is Saturday the 24th', () => {
      const usual = testSite({ timeZone: 'Europe/London', serviceDayStart: '05:00', openingHours: {} });
      const days = calendarFrame(usual, { first: '2026-10-24', last: '2026-10-25' }, { filter: { includeClosedHours: true } }).days;
      expect(days.map((d) => [d.date, d.countedMs / HOUR])).toEqual([
        ['2026-10-24', 25],
        ['2026-10-25', 24],
      ]);
    });
  });

  it('the spring change leaves hour 1 empty on a 23-hour day', () => {
    // Sunday 29 March 2026: the clock jumps from 01:00 GMT to 02:00 BST.
    const site = testSite({ timeZone: 'Europe/London', serviceDayStart: '00:00', openingHours: { sun: ['00:00-24:00'] } });
    const frame = calendarFrame(site, { first: '2026-03-29', last: '2026-03-29' });
    expect(frame.days[0]!.countedMs / HOUR).toBe(23);
    const buckets = hourlyRun('hall', at('2026-03-29T00:00', 'Europe/London'), Array.from({ length: 23 }, () => 5));
    const p: WeekdayHourPattern = figures(weekdayHourPattern(occupancySeries(frame, buckets, [{ zone: 'hall', capacity: 50 }])));
    expect(p.cells[6]![0]).toMatchObject({ mean: 5 });
    expect(p.cells[6]![1]).toBeNull();
    expect(p.cells[6]![2]).toMatchObject({ mean: 5 });
  });

  describe('a late opening past midnight (Friday 20:00-02:00, service day from 05:00, London in June)', () => {
    const site = testSite({ timeZone: 'Europe/London', serviceDayStart: '05:00', openingHours: { fri: ['20:00-02:00'] } });
    const frame = calendarFrame(site, { first: '2026-06-05', last: '2026-06-06' });
    // Local 19:00 Friday to 03:00 Saturday; 19:00 and 02:00 are outside opening hours.
    const buckets = hourlyRun('lab', at('2026-06-05T19:00', 'Europe/London'), [9, 2, 4, 6, 8, 5, 3, 7]);
    const series = occupancySeries(frame, buckets, [{ zone: 'lab', capacity: 10 }]);

    it('counts 00:30 on Saturday as Friday, hour 0', () => {
      const s = (at('2026-06-06T00:30', 'Europe/London') - frame.origin) / frame.bucketMs;
      expect(frame.days[frame.dayOf[s]!]!.weekday).toBe('fri');
      expect(frame.hourOf[s]).toBe(0);
      const p: WeekdayHourPattern = figures(weekdayHourPattern(series));
      const [fri, sat] = [p.cells[4]!, p.cells[5]!];
      expect(fri[23]).toMatchObject({ mean: 8 });
      expect(fri[0]).toMatchObject({ weekday: 'fri', hour: 0, mean: 5 });
      expect(fri[1]).toMatchObject({ mean: 3 });
      expect(fri[2]).toBeNull(); // 02:00 is after closing
      expect(fri[19]).toBeNull(); // before opening
      expect(sat.every((c) => c === null)).toBe(true);
    });

    it('averages the six open hours of the one Friday service day', () => {
      const u: Utilisation = figures(utilisation(series));
      // (2 + 4 + 6 + 8 + 5 + 3) / 6 h
      expect(u.days).toBe(1);
      expect(u.meanOccupancy).toBeCloseTo(28 / 6, 12);
      expect(u.peak).toMatchObject({ occupancy: 8, serviceDate: '2026-06-05', weekday: 'fri', hour: 23, local: '2026-06-05 23:00' });
    });
  });
});
