import { headcountBuckets, type HeadcountReading } from './headcount-buckets.js';
import { londonSite, MIN, nov, QUARTER } from './test-sites.js';

const site = londonSite();
const monday = { site, from: nov(23, 5), to: nov(24, 5) };
const r = (sensor: string, t: number, count: number, zone = 'cafe'): HeadcountReading => ({ sensor, zone, t, count });
const rows = (buckets: ReturnType<typeof headcountBuckets>) => buckets.map((b) => [b.start, b.mean, b.peak, b.arrivals, b.departures, b.coveredMs]);

describe('headcountBuckets', () => {
  it('how busy was the cafe: each count holds until the next report, and for at most 30 minutes', () => {
    const readings = [r('c1', nov(23, 10), 5), r('c1', nov(23, 10, 10), 8), r('c1', nov(23, 10, 20), 6), r('c1', nov(23, 11, 30), 4)];
    expect(rows(headcountBuckets(readings, monday))).toEqual([
      // 5 for 10 min, 8 for 5 min: (50 + 40) / 15 = 6; the rise 5 -> 8 is 3 arrivals (the first report adds none).
      [nov(23, 10), 6, 8, 3, 0, QUARTER],
      // 8 for 5 min, 6 for 10 min: (40 + 60) / 15; the fall 8 -> 6 is 2 departures.
      [nov(23, 10, 15), 100 / 15, 8, 0, 2, QUARTER],
      [nov(23, 10, 30), 6, 6, 0, 0, QUARTER],
      // The 10:20 report goes stale at 10:50: 5 covered minutes, then no data until 11:30.
      [nov(23, 10, 45), 6, 6, 0, 0, 5 * MIN],
      // After the gap, 4 is a fresh start: the drop from 6 is not counted as departures. It holds to 12:00.
      [nov(23, 11, 30), 4, 4, 0, 0, QUARTER],
      [nov(23, 11, 45), 4, 4, 0, 0, QUARTER],
    ]);
  });

  it('the staleness limit is a setting', () => {
    const buckets = headcountBuckets([r('c1', nov(23, 10), 5), r('c1', nov(23, 10, 20), 9)], { ...monday, staleMs: 10 * MIN });
    // 5 holds 10:00-10:10 only; the 10:20 report follows a gap, so it adds no arrivals, and holds to 10:30.
    expect(rows(buckets)).toEqual([
      [nov(23, 10), 5, 5, 0, 0, 10 * MIN],
      [nov(23, 10, 15), 9, 9, 0, 0, 10 * MIN],
    ]);
  });

  it('a count never holds across the start of a service day, and the next day\'s first report is a fresh start', () => {
    // 04:50 Tuesday is still Monday's service day; its report ends at 05:00. 05:10 starts Tuesday.
    const buckets = headcountBuckets([r('c1', nov(24, 4, 50), 3), r('c1', nov(24, 5, 10), 7)], { site, from: nov(24, 4), to: nov(24, 6) });
    expect(rows(buckets)).toEqual([
      [nov(24, 4, 45), 3, 3, 0, 0, 10 * MIN],
      [nov(24, 5), 7, 7, 0, 0, 5 * MIN],
      [nov(24, 5, 15), 7, 7, 0, 0, QUARTER],
      [nov(24, 5, 30), 7, 7, 0, 0, 10 * MIN],
    ]);
  });

  it('a zone counted by two sensors (two halves of a room) adds their counts', () => {
    const readings = [r('h1', nov(23, 10), 4, 'hall'), r('h2', nov(23, 10, 5), 6, 'hall'), r('h1', nov(23, 10, 10), 2, 'hall')];
    const [first] = headcountBuckets(readings, monday);
    // 4 for 5 min, 4 + 6 for 5 min, 2 + 6 for 5 min: (20 + 50 + 40) / 15. h1's fall 4 -> 2 is 2 departures.
    expect(first).toEqual({ zone: 'hall', start: nov(23, 10), mean: 110 / 15, peak: 10, arrivals: 0, departures: 2, coveredMs: QUARTER });
  });

  it('zones without reports have no buckets; a zone reporting 0 has zero buckets with data', () => {
    const buckets = headcountBuckets([r('c1', nov(23, 10), 0, 'cafe')], monday);
    expect(buckets.map((b) => [b.zone, b.start, b.mean, b.coveredMs])).toEqual([
      ['cafe', nov(23, 10), 0, QUARTER],
      ['cafe', nov(23, 10, 15), 0, QUARTER],
    ]);
  });

  it('the same reports shuffled and duplicated give identical buckets; disagreeing reports at one instant keep the larger', () => {
    const readings = [r('c1', nov(23, 10), 5), r('c1', nov(23, 10, 10), 8), r('c1', nov(23, 10, 10), 12), r('c1', nov(23, 10, 20), 6), r('c2', nov(23, 10, 5), 3, 'hall')];
    const expected = headcountBuckets(readings, monday);
    // 10:10 counts 12 (not 8): 5 for 10 min, 12 for 5 min: (50 + 60) / 15; 7 arrivals.
    expect(expected.find((b) => b.zone === 'cafe' && b.start === nov(23, 10))).toMatchObject({ mean: 110 / 15, peak: 12, arrivals: 7 });
    expect(headcountBuckets([...readings].reverse(), monday)).toEqual(expected);
    expect(headcountBuckets([readings[2]!, ...readings, readings[0]!, readings[4]!], monday)).toEqual(expected);
  });
});
