import { calendarFrame } from './calendar-frame.js';
import { occupancySeries } from './series.js';
import { at, hourlyRun, quarterRun, testSite } from './test-buckets.js';
import { utilisation, utilisationByFloor, utilisationByZone, type Utilisation, type UtilisationResult } from './utilisation.js';

/**
 * A hand-made week at a small library (UTC, so local = UTC): open Mon-Fri
 * 09:00-17:00 and Sat 10:00-14:00, closed Sunday, and shut on Wednesday
 * 4 March 2026 for staff training. One reading room of 10 seats.
 */
const site = testSite({
  openingHours: { mon: ['09:00-17:00'], tue: ['09:00-17:00'], wed: ['09:00-17:00'], thu: ['09:00-17:00'], fri: ['09:00-17:00'], sat: ['10:00-14:00'] },
  periods: [
    { kind: 'closure', name: 'Staff training', from: '2026-03-04', to: '2026-03-04' },
    { kind: 'term', name: 'Spring term', from: '2026-03-02', to: '2026-03-05' },
    { kind: 'exam', name: 'Mocks', from: '2026-03-05', to: '2026-03-06' },
  ],
});
const week = { first: '2026-03-02', last: '2026-03-08' };
const reading = { zone: 'reading', capacity: 10, floor: 'first' };

const buckets = [
  // Monday 08:00-18:00: 08:00 (5, peak 15) and 17:00 (7) are closed hours.
  ...hourlyRun('reading', at('2026-03-02T08:00'), [5, 2, 4, 6, 9, 9, 6, 4, 2, 7], { peaks: [15, 2, 4, 6, 9, 9, 6, 4, 2, 7] }),
  // Tuesday 09:00-17:00; the 11:00 hour has a brief crowd of 12.
  ...hourlyRun('reading', at('2026-03-03T09:00'), [3, 5, 9, 10, 8, 5, 3, 1], { peaks: [3, 5, 12, 10, 8, 5, 3, 1] }),
  // Wednesday is the training day: the room was full of staff, none of it counts.
  ...hourlyRun('reading', at('2026-03-04T09:00'), [10, 10, 10, 10, 10, 10, 10, 10]),
  ...hourlyRun('reading', at('2026-03-05T09:00'), [1, 1, 2, 2, 2, 2, 1, 1]),
  ...hourlyRun('reading', at('2026-03-06T09:00'), [4, 4, 4, 4, 4, 4, 4, 4]),
  // Saturday 10:00-15:00: 14:00 is after closing.
  ...hourlyRun('reading', at('2026-03-07T10:00'), [6, 9, 8, 5, 9]),
  // Sunday: closed, someone left the lights on at noon.
  ...hourlyRun('reading', at('2026-03-08T12:00'), [8]),
];

function answer(r: UtilisationResult | undefined): Utilisation {
  if (!r || r.empty) throw new Error(`expected figures, got ${JSON.stringify(r)}`);
  return r;
}

describe('utilisation', () => {
  it('how full was the reading room in open hours this week, and how long was it crowded?', () => {
    const u = answer(utilisation(occupancySeries(calendarFrame(site, week), buckets, [reading])));
    // Open hours: Mon, Tue, Thu, Fri 8 h each + Sat 4 h = 36 h (Wednesday shut, Sunday closed).
    // Occupancy-hours: Mon 2+4+6+9+9+6+4+2 = 42, Tue 44, Thu 12, Fri 32, Sat 6+9+8+5 = 28; total 158.
    expect(u.days).toBe(5);
    expect(u.openHours).toBe(36);
    expect(u.coverage).toBe(1);
    expect(u.meanOccupancy).toBeCloseTo(158 / 36, 12);
    expect(u.utilisation).toBeCloseTo(158 / 360, 12);
    // At or above 85 % of 10 seats means a mean of 8.5 or more: Mon 12:00 and 13:00 (9, 9),
    // Tue 11:00 and 12:00 (9, 10), Sat 11:00 (9) = 5 h. Tuesday 13:00 (8) does not count.
    expect(u.threshold).toBe(0.85);
    expect(u.hoursAbove).toBe(5);
    expect(u.shareAbove).toBeCloseTo(5 / 36, 12);
    // The peak is Tuesday's brief crowd of 12, not Monday's closed-hour 15 or Wednesday's staff.
    expect(u.peak).toEqual({ occupancy: 12, share: 1.2, at: at('2026-03-03T11:00'), local: '2026-03-03 11:00', serviceDate: '2026-03-03', weekday: 'tue', hour: 11 });
  });

  it('a lower threshold counts more crowded hours', () => {
    const u = answer(utilisation(occupancySeries(calendarFrame(site, week), buckets, [reading]), { threshold: 0.6 }));
    // Mean ≥ 6: Mon 11,12,13,14 (6,9,9,6); Tue 11,12,13 (9,10,8); Sat 10,11,12 (6,9,8) = 10 h.
    expect(u.hoursAbove).toBe(10);
  });

  it('closed hours and the training day are left out; counting closed hours still leaves the closure out', () => {
    const open = answer(utilisation(occupancySeries(calendarFrame(site, week), buckets, [reading])));
    const all = answer(utilisation(occupancySeries(calendarFrame(site, week, { filter: { includeClosedHours: true } }), buckets, [reading])));
    // Closed-hour buckets: Mon 08:00 (5) and 17:00 (7), Sat 14:00 (9), Sun 12:00 (8): 4 more hours, 29 more
    // occupancy-hours. Wednesday's 80 occupancy-hours stay out: 187 / 40.
    expect(open.meanOccupancy).toBeCloseTo(158 / 36, 12);
    expect(all.openHours).toBe(40);
    expect(all.meanOccupancy).toBeCloseTo(187 / 40, 12);
    expect(all.days).toBe(6);
    expect(all.peak.occupancy).toBe(15);
  });

  it('calendar filters pick the Saturdays, given weekdays, term days or exam days', () => {
    const mean = (filter: Parameters<typeof calendarFrame>[2] & object) => answer(utilisation(occupancySeries(calendarFrame(site, week, filter), buckets, [reading]))).meanOccupancy;
    expect(mean({ filter: { dayTypes: ['saturday'] } })).toBe(7); // 28 / 4 h
    expect(mean({ filter: { weekdays: ['mon', 'tue'] } })).toBeCloseTo(86 / 16, 12); // (42 + 44) / 16 h
    expect(mean({ filter: { terms: true } })).toBeCloseTo(98 / 24, 12); // term Mon-Thu, Wed shut: (42 + 44 + 12) / 24 h
    expect(mean({ filter: { terms: false } })).toBe(5); // Fri + Sat: (32 + 28) / 12 h
    expect(mean({ filter: { exams: true } })).toBe(2.75); // Thu + Fri: (12 + 32) / 16 h
  });

  it('a window given in instants counts only its own part of each day', () => {
    // Monday 12:00 to Tuesday 12:00: Monday 12-17 (9 + 9 + 6 + 4 + 2 = 30) and Tuesday 9-12 (3 + 5 + 9 = 17) over 8 h.
    const frame = calendarFrame(site, { from: at('2026-03-02T12:00'), to: at('2026-03-03T12:00') });
    expect([frame.firstDate, frame.lastDate, frame.countedMs / 3_600_000]).toEqual(['2026-03-02', '2026-03-03', 8]);
    expect(answer(utilisation(occupancySeries(frame, buckets, [reading]))).meanOccupancy).toBeCloseTo(47 / 8, 12);
  });

  it('a quarter hour half in opening hours counts for its open share', () => {
    // Opens at 09:10: the 09:00 quarter is open for 5 of its 15 minutes.
    const late = testSite({ openingHours: { mon: ['09:10-09:30'] } });
    const u = answer(utilisation(occupancySeries(calendarFrame(late, { first: '2026-03-02', last: '2026-03-02' }), quarterRun('reading', at('2026-03-02T09:00'), [6, 3]), [reading])));
    // (6 × 1/3 + 3 × 1) / (1/3 + 1) = 5 / (4/3) = 3.75 over 20 minutes.
    expect(u.meanOccupancy).toBeCloseTo(3.75, 12);
    expect(u.openHours).toBeCloseTo(1 / 3, 12);
  });

  it('a quarter hour with half its data counts half, and coverage says so', () => {
    const bks = quarterRun('reading', at('2026-03-02T09:00'), [8, 2]);
    bks[1]!.coveredMs = 450_000;
    const oneDay = calendarFrame(site, { first: '2026-03-02', last: '2026-03-02' });
    const u = answer(utilisation(occupancySeries(oneDay, bks, [reading])));
    // (8 × 1 + 2 × 0.5) / 1.5 = 6; 1.5 quarters = 22.5 min of the day's 8 open hours.
    expect(u.meanOccupancy).toBe(6);
    expect(u.coverage).toBeCloseTo(22.5 / 480, 12);
  });

  it('a floor sums its zones; a zone that was offline is left out of both occupancy and capacity', () => {
    // The group room (6 seats) reported only on Monday, 3 people all day.
    const group = { zone: 'group', capacity: 6, floor: 'first' };
    const attic = { zone: 'attic', capacity: 4, floor: 'second' };
    const withGroup = [...buckets, ...hourlyRun('group', at('2026-03-02T09:00'), [3, 3, 3, 3, 3, 3, 3, 3])];
    const frame = calendarFrame(site, week);
    const floors = utilisationByFloor(frame, withGroup, [reading, group, attic]);
    const first = answer(floors['first']);
    // Occupancy-hours 158 + 8 × 3 = 182 over 36 open hours; seat-hours 36 × 10 + 8 × 6 = 408.
    expect(first.capacity).toBe(16);
    expect(first.meanOccupancy).toBeCloseTo(182 / 36, 12);
    expect(first.utilisation).toBeCloseTo(182 / 408, 12);
    // Crowded = mean ≥ 0.85 × capacity reporting: Monday's 12 of 16 is not (13.6 needed);
    // Tue 11:00, 12:00 and Sat 11:00 are (10 seats reporting): 3 h.
    expect(first.hoursAbove).toBe(3);
    // An empty floor says so rather than reporting zeros.
    expect(floors['second']).toEqual({ empty: true, reason: 'no-data', detail: expect.any(String) });

    const zones = utilisationByZone(frame, withGroup, [reading, group, attic]);
    expect(answer(zones['group']).utilisation).toBe(0.5); // 3 of 6 over its 8 reported hours
    expect(answer(zones['reading']).utilisation).toBeCloseTo(158 / 360, 12);
    expect(zones['attic']).toMatchObject({ empty: true, reason: 'no-data' });
  });

  it('zone by zone gives the same figures as each zone measured alone, whatever the bucket order', () => {
    const group = { zone: 'group', capacity: 6 };
    const mixed = [...buckets, ...hourlyRun('group', at('2026-03-02T09:00'), [3, 7, 3, 3, 6, 3, 3, 3])];
    const shuffled = mixed.map((b, i) => ({ b, key: (i * 7919) % mixed.length })).sort((x, y) => x.key - y.key).map(({ b }) => b);
    const frame = calendarFrame(site, week);
    const byZone = utilisationByZone(frame, shuffled, [reading, group]);
    expect(byZone['reading']).toEqual(utilisation(occupancySeries(frame, buckets, [reading])));
    expect(byZone['group']).toEqual(utilisation(occupancySeries(frame, mixed, [group])));
    // The group room: (3 × 6 + 7 + 6) / 8 h = 31 / 8 of 6 seats; 7 ≥ 5.1 and 6 ≥ 5.1 make 2 crowded hours.
    expect(answer(byZone['group']).meanOccupancy).toBe(31 / 8);
    expect(answer(byZone['group']).hoursAbove).toBe(2);
  });

  it('says why there is nothing to measure instead of reporting zeros', () => {
    const sunday = calendarFrame(site, { first: '2026-03-08', last: '2026-03-08' });
    expect(utilisation(occupancySeries(sunday, buckets, [reading]))).toMatchObject({ empty: true, reason: 'no-open-time' });
    const training = calendarFrame(site, { first: '2026-03-04', last: '2026-03-04' });
    expect(utilisation(occupancySeries(training, buckets, [reading]))).toMatchObject({ empty: true, reason: 'no-open-time' });
    expect(training.closedDays).toEqual([{ date: '2026-03-04', closedFor: 'Staff training' }]);
    expect(utilisation(occupancySeries(calendarFrame(site, week), buckets, []))).toMatchObject({ empty: true, reason: 'no-zones' });
    expect(utilisation(occupancySeries(calendarFrame(site, week), [], [reading]))).toMatchObject({ empty: true, reason: 'no-data' });
  });

  it('entrance zones without seats report occupancy but no share of capacity', () => {
    const u = answer(utilisation(occupancySeries(calendarFrame(site, week), buckets, [{ zone: 'reading', capacity: 0 }])));
    expect(u.meanOccupancy).toBeCloseTo(158 / 36, 12);
    expect(u.utilisation).toBeNull();
    expect(u.hoursAbove).toBeNull();
    expect(u.peak.share).toBeNull();
  });

  it('refuses buckets of another length rather than misplacing them', () => {
    const hourBucket = { zone: 'reading', start: at('2026-03-02T09:05'), mean: 1, peak: 1, arrivals: 0, departures: 0, coveredMs: 900_000 };
    expect(() => occupancySeries(calendarFrame(site, week), [hourBucket], [reading])).toThrow(/not aligned/);
  });
});
