import { BUILDING_AREA, doorOccupancy, type DoorReading, type DoorSides } from './door-occupancy.js';
import { londonSite, MIN, nov, QUARTER } from './test-sites.js';

const site = londonSite();
const entrances: DoorSides[] = [
  { door: 'a', inTo: 'hall', outTo: 'outside' },
  { door: 'b', inTo: 'hall', outTo: 'outside' },
];
const r = (door: string, t: number, inCount: number, outCount: number): DoorReading => ({ door, t, in: inCount, out: outCount });
const bucket = (result: ReturnType<typeof doorOccupancy>, area: string, start: number) => result.buckets.find((b) => b.zone === area && b.start === start);
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);

/**
 * Monday: 1,000 in and 970 out (the counters miss 3 % of exits).
 *   a: 09:05 +300; 12:05 +200 -100; 17:05 -385       (in 500, out 485)
 *   b: 10:05 +400; 14:05 +100 -200; 18:05 -285       (in 500, out 485)
 * Inside: 300, 700, 800, 700, 315 (17:05), 30 (18:05): 30 "still inside" overnight.
 * Tuesday: a: 08:05 -10 (nobody was counted in yet), 09:05 +50; b: 10:05 -40.
 */
const monday = [r('a', nov(23, 9, 5), 300, 0), r('a', nov(23, 12, 5), 200, 100), r('a', nov(23, 17, 5), 0, 385), r('b', nov(23, 10, 5), 400, 0), r('b', nov(23, 14, 5), 100, 200), r('b', nov(23, 18, 5), 0, 285)];
const tuesday = [r('a', nov(24, 8, 5), 0, 10), r('a', nov(24, 9, 5), 50, 0), r('b', nov(24, 10, 5), 0, 40)];
const twoDays = { site, from: nov(23, 5), to: nov(25, 5), areas: [BUILDING_AREA] };

describe('doorOccupancy', () => {
  it('a counter missing 3 % of exits: never below zero, the 30 left inside are drift, and the next day starts empty', () => {
    const result = doorOccupancy([...monday, ...tuesday], entrances, twoDays);
    const building = result.buckets.filter((b) => b.zone === BUILDING_AREA);
    // Each reading's crossings are placed at its interval's last millisecond (t - 1 ms): at 17:05 the 385 leave at 17:04:59.999.
    // 17:00-17:15: 700 for 5 min (less 1 ms), 315 for 10 min (plus 1 ms): about 700/3 + 630/3 = 443.33.
    expect(bucket(result, BUILDING_AREA, nov(23, 17))).toMatchObject({ peak: 700, arrivals: 0, departures: 385, coveredMs: QUARTER });
    expect(bucket(result, BUILDING_AREA, nov(23, 17))!.mean).toBeCloseTo(443.333, 2);
    // After closing 30 are "inside" until the service day ends at 05:00.
    expect(bucket(result, BUILDING_AREA, nov(23, 21))).toMatchObject({ mean: 30, peak: 30 });
    expect(bucket(result, BUILDING_AREA, nov(24, 4, 45))).toMatchObject({ mean: 30, peak: 30 });
    // Tuesday resets to 0; the 10 leaving at 08:05 were never counted in: clamped to 0, not -10.
    expect(bucket(result, BUILDING_AREA, nov(24, 5))).toMatchObject({ mean: 0, peak: 0 });
    expect(bucket(result, BUILDING_AREA, nov(24, 8))).toMatchObject({ mean: 0, peak: 0, departures: 10 });
    expect(bucket(result, BUILDING_AREA, nov(24, 9, 15))).toMatchObject({ mean: 50, peak: 50 });
    expect(building.every((b) => b.mean >= 0 && b.peak >= 0)).toBe(true);
    // Two whole service days with data: 2 x 96 quarters.
    expect(building).toHaveLength(192);
    expect(sum(building.filter((b) => b.start < nov(24, 5)).map((b) => b.arrivals))).toBe(1000);
    expect(sum(building.filter((b) => b.start < nov(24, 5)).map((b) => b.departures))).toBe(970);

    // Monday: each door carried 985 of the 1,970 crossings, so each gets half of the 30.
    // Tuesday: a carried 60 of 100 crossings, b 40: the 10 clamped and the 10 left inside (50 - 40) split 6 / 4.
    expect(result.drift).toEqual([
      { door: 'a', area: BUILDING_AREA, date: '2026-11-23', inTotal: 500, outTotal: 485, residual: 15, clamped: 0, driftShare: 0.5 },
      { door: 'b', area: BUILDING_AREA, date: '2026-11-23', inTotal: 500, outTotal: 485, residual: 15, clamped: 0, driftShare: 0.5 },
      { door: 'a', area: BUILDING_AREA, date: '2026-11-24', inTotal: 50, outTotal: 10, residual: 6, clamped: 6, driftShare: 0.6 },
      { door: 'b', area: BUILDING_AREA, date: '2026-11-24', inTotal: 0, outTotal: 40, residual: 4, clamped: 4, driftShare: 0.4 },
    ]);
  });

  it('spreading the missed exits back over the day: the building empties at the last exit and departures match arrivals', () => {
    const result = doorOccupancy(monday, entrances, { ...twoDays, to: nov(24, 5), spreadResidual: true });
    // Occupancy less 30 x (exits so far) / 970.
    // 12:05: 800 - 30 x 100/970 = 796.907; 14:05: 700 - 30 x 300/970 = 690.722; 17:05: 315 - 30 x 685/970 = 293.814; 18:05: 30 - 30 = 0.
    expect(bucket(result, BUILDING_AREA, nov(23, 12, 15))!.mean).toBeCloseTo(796.907, 3);
    expect(bucket(result, BUILDING_AREA, nov(23, 14, 15))!.mean).toBeCloseTo(690.722, 3);
    expect(bucket(result, BUILDING_AREA, nov(23, 17, 15))!.mean).toBeCloseTo(293.814, 3);
    expect(bucket(result, BUILDING_AREA, nov(23, 18, 15))).toMatchObject({ mean: 0, peak: 0 });
    expect(bucket(result, BUILDING_AREA, nov(24, 4, 45))).toMatchObject({ mean: 0, peak: 0 });
    // Each exit count grows by 1 + 30/970: the 285 at 18:05 become 293.814; over the day 970 become 1,000.
    expect(bucket(result, BUILDING_AREA, nov(23, 18))!.departures).toBeCloseTo(293.814, 3);
    expect(sum(result.buckets.map((b) => b.departures))).toBeCloseTo(1000, 9);
    // The drift report is the same whether or not it is spread.
    expect(result.drift.map((d) => d.residual)).toEqual([15, 15]);
  });

  it('behind the entrance: a reading room reached through the lobby has its own running count', () => {
    const doors: DoorSides[] = [
      { door: 'front', inTo: 'lobby', outTo: 'outside' },
      { door: 'rr', inTo: 'reading', outTo: 'lobby' },
    ];
    // 10 come in at the front (09:05), 4 go on into the reading room (09:20), 1 comes back (10:05), 3 leave the building (10:35).
    const readings = [r('front', nov(23, 9, 5), 10, 0), r('rr', nov(23, 9, 20), 4, 0), r('rr', nov(23, 10, 5), 0, 1), r('front', nov(23, 10, 35), 0, 3)];
    const result = doorOccupancy(readings, doors, { site, from: nov(23, 5), to: nov(24, 5) });
    const areaAt = (area: string, h: number, m: number) => [bucket(result, area, nov(23, h, m))!.peak, bucket(result, area, nov(23, h, m))!.arrivals, bucket(result, area, nov(23, h, m))!.departures];
    // building 10 then 7; lobby 10, 6, 7, 4; reading room 4 then 3. [peak, arrivals, departures]:
    expect(areaAt(BUILDING_AREA, 9, 15)).toEqual([10, 0, 0]);
    expect(areaAt('lobby', 9, 15)).toEqual([10, 0, 4]);
    expect(areaAt('reading', 9, 15)).toEqual([4, 4, 0]);
    expect(areaAt('lobby', 10, 0)).toEqual([7, 1, 0]);
    expect(areaAt('reading', 10, 0)).toEqual([4, 0, 1]);
    expect(areaAt(BUILDING_AREA, 10, 30)).toEqual([10, 0, 3]);
    // Left at the end of the day: building 7 (all the front door's), reading room 3 (the reading-room door's),
    // lobby 4, split by traffic: front 13 crossings, reading-room door 5.
    expect(result.drift.map((d) => [d.area, d.door, d.residual, d.driftShare])).toEqual([
      [BUILDING_AREA, 'front', 7, 1],
      ['lobby', 'front', (4 * 13) / 18, 13 / 18],
      ['lobby', 'rr', (4 * 5) / 18, 5 / 18],
      ['reading', 'rr', 3, 1],
    ]);
  });

  it('an interval ending on a bucket boundary counts in the bucket before it, and one ending at 05:00 in the day before', () => {
    const readings = [r('a', nov(23, 10), 8, 0), r('a', nov(24, 5), 0, 8)];
    const result = doorOccupancy(readings, entrances, twoDays);
    // The 09:55-10:00 interval: 8 arrive in the 09:45 bucket (at 09:59:59.999); the 04:55-05:00 interval ends Monday's day.
    expect(bucket(result, BUILDING_AREA, nov(23, 9, 45))).toMatchObject({ peak: 8, arrivals: 8 });
    expect(bucket(result, BUILDING_AREA, nov(23, 10))).toMatchObject({ mean: 8, peak: 8, arrivals: 0 });
    expect(bucket(result, BUILDING_AREA, nov(24, 4, 45))).toMatchObject({ peak: 8, departures: 8 });
    expect(result.drift.map((d) => [d.date, d.residual])).toEqual([['2026-11-23', 0]]);
    // Tuesday had no readings: no buckets, not zeros.
    expect(result.buckets.filter((b) => b.start >= nov(24, 5))).toEqual([]);
  });

  it('today, before closing: data ends now and there is no drift to report yet', () => {
    const result = doorOccupancy(monday, entrances, { ...twoDays, now: nov(23, 12, 20) });
    expect(result.buckets.at(-1)).toMatchObject({ start: nov(23, 12, 15), mean: 800, coveredMs: 5 * MIN });
    expect(result.drift).toEqual([]);
  });

  it('the same readings shuffled and duplicated give identical output; disagreeing reports of one interval keep the larger', () => {
    const readings = [...monday, ...tuesday, r('a', nov(23, 9, 5), 290, 0)];
    const expected = doorOccupancy(readings, entrances, { ...twoDays, spreadResidual: true, areas: undefined });
    expect(expected.drift[0]).toMatchObject({ inTotal: 500 });
    expect(doorOccupancy([...readings].reverse(), entrances, { ...twoDays, spreadResidual: true, areas: undefined })).toEqual(expected);
    expect(doorOccupancy([...readings, ...monday].sort((x, y) => y.in - x.in), entrances, { ...twoDays, spreadResidual: true, areas: undefined })).toEqual(expected);
  });
});
