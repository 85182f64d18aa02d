import type { DeskReading } from '../sessions/desk-sessions.js';
import { serviceDay } from '../calendar/site-calendar.js';
import { deskBuckets, type DeskBucketOptions } from './desk-buckets.js';
import { mergeBuckets } from './merge-buckets.js';
import { londonSite, MIN, nov, QUARTER } from './test-sites.js';

const site = londonSite();
const desks = [
  { sensor: 'q1', zone: 'quiet' },
  { sensor: 'q2', zone: 'quiet' },
  { sensor: 'g1', zone: 'group' },
];
const zoneOf = new Map(desks.map((d) => [d.sensor, d.zone]));
const r = (sensor: string, t: number, occupied: boolean): DeskReading => ({ sensor, zone: zoneOf.get(sensor) ?? 'night', t, occupied });
/** Monday 23 November 2026, service day 05:00 to 05:00 the next morning. */
const monday = (extra: Partial<DeskBucketOptions> = {}): DeskBucketOptions => ({ site, from: nov(23, 5), to: nov(24, 5), desks, ...extra });
const at = (buckets: ReturnType<typeof deskBuckets>, zone: string, start: number) => buckets.find((b) => b.zone === zone && b.start === start);
const HOUR = 60 * MIN;
/** A sensor's heartbeats every 6 hours (Hearth's default interval) from `first` while before `until`. */
const beats = (sensor: string, first: number, until: number) => Array.from({ length: Math.max(0, Math.ceil((until - first) / (6 * HOUR))) }, (_, i) => ({ sensor, t: first + i * 6 * HOUR }));

describe('deskBuckets', () => {
  it('how many quiet-room desks were in use each quarter hour, and how many sittings began and ended', () => {
    const readings = [r('q1', nov(23, 9, 5), true), r('q1', nov(23, 9, 50), false), r('q2', nov(23, 9, 10), true), r('q2', nov(23, 9, 20), false)];
    const buckets = deskBuckets(readings, monday());
    // 09:00-09:15 is covered from the zone's first reading (09:05): 10 minutes, in which q1 gives 10 desk-minutes
    // and q2 (from 09:10) 5: 15 / 10 = 1.5 desks on average; both at once from 09:10.
    expect(at(buckets, 'quiet', nov(23, 9))).toEqual({ zone: 'quiet', start: nov(23, 9), mean: 1.5, peak: 2, arrivals: 2, departures: 0, coveredMs: 10 * MIN });
    // 09:15-09:30: q1 all 15 min, q2 until 09:20 (5 min): 20 / 15 desks.
    expect(at(buckets, 'quiet', nov(23, 9, 15))).toEqual({ zone: 'quiet', start: nov(23, 9, 15), mean: 20 / 15, peak: 2, arrivals: 0, departures: 1, coveredMs: QUARTER });
    // 09:45-10:00: q1 until 09:50: 5 / 15.
    expect(at(buckets, 'quiet', nov(23, 9, 45))).toEqual({ zone: 'quiet', start: nov(23, 9, 45), mean: 5 / 15, peak: 1, arrivals: 0, departures: 1, coveredMs: QUARTER });
    // Nothing before the first reading; covered and empty afterwards until two 6-hour heartbeat intervals after the
    // last signal (09:50 + 12 h = 21:50: no heartbeats were passed): 09:00 to 21:45 is 52 quarters, the last one 5 minutes.
    expect(at(buckets, 'quiet', nov(23, 8, 45))).toBeUndefined();
    expect(at(buckets, 'quiet', nov(23, 21, 45))).toEqual({ zone: 'quiet', start: nov(23, 21, 45), mean: 0, peak: 0, arrivals: 0, departures: 0, coveredMs: 5 * MIN });
    expect(buckets.filter((b) => b.zone === 'quiet')).toHaveLength(52);
    // With the desks' heartbeats, covered to the end of the service day (05:00): 80 quarters.
    const withBeats = deskBuckets(readings, monday({ heartbeats: [...beats('q1', nov(23, 10, 20), nov(24, 5)), ...beats('q2', nov(23, 11), nov(24, 5))] }));
    expect(at(withBeats, 'quiet', nov(24, 4, 45))).toEqual({ zone: 'quiet', start: nov(24, 4, 45), mean: 0, peak: 0, arrivals: 0, departures: 0, coveredMs: QUARTER });
    expect(withBeats.filter((b) => b.zone === 'quiet')).toHaveLength(80);
  });

  it('an empty floor: a zone whose desks sent nothing has no buckets, one whose desks checked in has zeros', () => {
    const buckets = deskBuckets([], monday({ heartbeats: beats('g1', nov(23, 6, 3), nov(24, 5)) }));
    expect(buckets.filter((b) => b.zone === 'quiet')).toEqual([]);
    // group: covered from the 06:03 heartbeat (then 12:03, 18:03, 00:03): 06:00 bucket 12 min, then 06:15 .. 04:45 = 91 whole quarters.
    const group = buckets.filter((b) => b.zone === 'group');
    expect(group).toHaveLength(92);
    expect(group[0]).toEqual({ zone: 'group', start: nov(23, 6), mean: 0, peak: 0, arrivals: 0, departures: 0, coveredMs: 12 * MIN });
    expect(group.every((b) => b.mean === 0 && b.peak === 0)).toBe(true);
  });

  it('ignores sensor flicker shorter than the minimum session', () => {
    // q1: 2 minutes (flicker), then 10:00-10:20 (a sitting). minSessionMs 5 min.
    const readings = [r('q1', nov(23, 9, 40), true), r('q1', nov(23, 9, 42), false), r('q1', nov(23, 10), true), r('q1', nov(23, 10, 20), false)];
    const buckets = deskBuckets(readings, monday({ minSessionMs: 5 * MIN }));
    expect(at(buckets, 'quiet', nov(23, 9, 30))).toEqual({ zone: 'quiet', start: nov(23, 9, 30), mean: 0, peak: 0, arrivals: 0, departures: 0, coveredMs: 5 * MIN });
    expect(at(buckets, 'quiet', nov(23, 10))).toMatchObject({ mean: 1, peak: 1, arrivals: 1, departures: 0 });
    // 10:15-10:30: 5 of 15 minutes.
    expect(at(buckets, 'quiet', nov(23, 10, 15))).toMatchObject({ mean: 5 / 15, peak: 1, arrivals: 0, departures: 1 });
  });

  it('a desk left "occupied" overnight is cut at 05:00 and departs in the service day\'s last bucket', () => {
    const readings = [r('q1', nov(23, 20), true), r('q1', nov(24, 9), false)];
    const buckets = deskBuckets(readings, { ...monday(), to: nov(25, 5) });
    expect(at(buckets, 'quiet', nov(24, 4, 45))).toMatchObject({ mean: 1, peak: 1, arrivals: 0, departures: 1 });
    // The next service day starts with the desk free; the 09:00 "free" closes nothing and starts coverage.
    expect(at(buckets, 'quiet', nov(24, 5))).toBeUndefined();
    expect(at(buckets, 'quiet', nov(24, 9))).toEqual({ zone: 'quiet', start: nov(24, 9), mean: 0, peak: 0, arrivals: 0, departures: 0, coveredMs: QUARTER });
    // One arrival (20:00 Monday) and one departure in all.
    expect(buckets.reduce((s, b) => s + b.arrivals, 0)).toBe(1);
    expect(buckets.reduce((s, b) => s + b.departures, 0)).toBe(1);
  });

  it('a window starting mid-day carries in the desks already occupied', () => {
    const readings = [r('q1', nov(23, 10), true), r('q2', nov(23, 11), true), r('q2', nov(23, 12, 30), false), r('q1', nov(23, 13), false)];
    const buckets = deskBuckets(readings, monday({ from: nov(23, 12), to: nov(23, 14) }));
    // 8 quarters 12:00-14:00; both desks occupied 12:00-12:30, one until 13:00, none after.
    expect(buckets.map((b) => [b.start, b.mean, b.arrivals, b.departures])).toEqual([
      [nov(23, 12), 2, 0, 0],
      [nov(23, 12, 15), 2, 0, 0],
      [nov(23, 12, 30), 1, 0, 1],
      [nov(23, 12, 45), 1, 0, 0],
      [nov(23, 13), 0, 0, 1],
      [nov(23, 13, 15), 0, 0, 0],
      [nov(23, 13, 30), 0, 0, 0],
      [nov(23, 13, 45), 0, 0, 0],
    ]);
  });

  it('a live window stops at "now": a desk still occupied counts until now, later quarters have no data', () => {
    const readings = [r('q1', nov(23, 10), true)];
    const buckets = deskBuckets(readings, monday({ now: nov(23, 10, 40) }));
    // 10:00, 10:15 full; 10:30 covered 10 minutes; nothing from 10:45.
    expect(buckets.map((b) => [b.start, b.mean, b.coveredMs, b.departures])).toEqual([
      [nov(23, 10), 1, QUARTER, 0],
      [nov(23, 10, 15), 1, QUARTER, 0],
      [nov(23, 10, 30), 1, 10 * MIN, 0],
    ]);
  });

  it('the autumn clock change: the 25-hour service day has 100 quarter-hour buckets and the repeated hour counts once each time', () => {
    // Europe/London falls back at 02:00 BST on Sunday 25 October 2026 (01:00 UTC) to 01:00 GMT.
    // With service days starting at midnight, 25 October runs 00:00 BST (24 Oct 23:00 UTC) to 00:00 GMT (26 Oct 00:00 UTC): 25 h.
    const midnightSite = londonSite({ serviceDayStart: '00:00' });
    const day = serviceDay(midnightSite, '2026-10-25');
    expect([day.start, day.end]).toEqual([Date.UTC(2026, 9, 24, 23), Date.UTC(2026, 9, 26, 0)]);
    // A sitting from 00:45 BST (23:45 UTC) to 01:15 GMT (01:15 UTC): 90 real minutes, across both 01:00-02:00 hours.
    const readings = [r('q1', Date.UTC(2026, 9, 24, 23, 45), true), r('q1', Date.UTC(2026, 9, 25, 1, 15), false)];
    const heartbeats = beats('q1', day.start, day.end);
    const buckets = deskBuckets(readings, { site: midnightSite, from: day.start, to: day.end, desks, heartbeats });
    const quiet = buckets.filter((b) => b.zone === 'quiet');
    // 25 h x 4 = 100 buckets, all distinct instants, all fully covered.
    expect(quiet).toHaveLength(100);
    expect(new Set(quiet.map((b) => b.start)).size).toBe(100);
    expect(quiet.every((b) => b.coveredMs === QUARTER)).toBe(true);
    // Six occupied quarters (23:45 UTC to 01:15 UTC), 90 desk-minutes in all.
    expect(quiet.filter((b) => b.mean === 1)).toHaveLength(6);
    expect(quiet.reduce((s, b) => s + b.mean * b.coveredMs, 0) / MIN).toBe(90);

    // Riverside's 05:00 start puts the change inside the service day of Saturday 24 October: 04:00 UTC to 05:00 UTC next day, also 25 h.
    const saturday = serviceDay(site, '2026-10-24');
    expect(saturday.end - saturday.start).toBe(25 * 60 * MIN);
    const fiveAm = deskBuckets([], { site, from: saturday.start, to: saturday.end, desks, heartbeats: beats('g1', saturday.start, saturday.end) });
    expect(fiveAm.filter((b) => b.zone === 'group')).toHaveLength(100);
  });

  it('a late-night opening (20:00-02:00): a sitting from 23:30 to 01:30 is one session of one service day, not cut at midnight', () => {
    const late = ['20:00-02:00'];
    const nightSite = londonSite({ openingHours: { mon: late, tue: late, wed: late, thu: late, fri: late, sat: late, sun: late } });
    const readings = [r('n1', nov(23, 23, 30), true), r('n1', nov(24, 1, 30), false)];
    const nightDesks = [{ sensor: 'n1', zone: 'night' }];
    const buckets = deskBuckets(readings, { site: nightSite, from: nov(23, 5), to: nov(24, 5), desks: nightDesks });
    // Occupied 23:30 to 01:30: 8 quarters; the arrival in the 23:30 bucket, the departure in the 01:30 bucket.
    expect(buckets.filter((b) => b.mean === 1).map((b) => b.start)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => nov(23, 23, 30) + i * QUARTER));
    expect(at(buckets, 'night', nov(23, 23, 30))).toMatchObject({ arrivals: 1, departures: 0 });
    expect(at(buckets, 'night', nov(24, 1, 30))).toMatchObject({ mean: 0, arrivals: 0, departures: 1 });
    expect(buckets.reduce((s, b) => s + b.departures, 0)).toBe(1);

    // Had the service day started at midnight, the sitting would have been cut at 00:00 (departing in 23:45's bucket).
    const midnight = deskBuckets(readings, { site: { ...nightSite, serviceDayStart: '00:00' }, from: nov(23, 0), to: nov(25, 0), desks: nightDesks });
    expect(midnight.filter((b) => b.mean === 1).map((b) => b.start)).toEqual([nov(23, 23, 30), nov(23, 23, 45)]);
    expect(at(midnight, 'night', nov(23, 23, 45))).toMatchObject({ departures: 1 });
  });

  it('a reading that arrives late: recomputing its day and merging gives what computing everything at once gives', () => {
    const window = { from: nov(23, 5), to: nov(25, 5) };
    const early = [r('q1', nov(23, 9), true), r('q1', nov(23, 11), false), r('q1', nov(24, 9), true), r('q1', nov(24, 12), false), r('g1', nov(24, 8), true)];
    // Arrives after Tuesday was computed: g1 freed at 10:00 (until then g1 looked occupied to the end of the day).
    const late = r('g1', nov(24, 10), false);
    // The desks heartbeat all along, so g1 stays covered (and, lacking its "free", occupied) after its 08:00 reading.
    const heartbeats = ['q1', 'g1'].flatMap((sensor) => [...beats(sensor, nov(23, 5, 30), nov(24, 5)), ...beats(sensor, nov(24, 5, 30), nov(25, 5))]);
    const opts = { site, desks, heartbeats, ...window };
    const before = deskBuckets(early, opts);
    expect(at(before, 'group', nov(24, 20))).toMatchObject({ mean: 1 });

    const tuesday = { from: nov(24, 5), to: nov(25, 5) };
    const recomputed = deskBuckets([...early, late], { ...opts, ...tuesday });
    const merged = mergeBuckets(before, recomputed, { ...tuesday, zones: ['quiet', 'group'] });
    expect(merged).toEqual(deskBuckets([...early, late], opts));
    expect(at(merged, 'group', nov(24, 20))).toMatchObject({ mean: 0 });
    expect(at(merged, 'group', nov(24, 10))).toMatchObject({ departures: 1 });
    // Monday's buckets were kept as they were.
    expect(merged.filter((b) => b.start < nov(24, 5))).toEqual(before.filter((b) => b.start < nov(24, 5)));
  });

  it('the same readings shuffled and duplicated give identical buckets, even with a desk reported both ways at one instant', () => {
    const readings = [
      r('q1', nov(23, 9), true),
      r('q1', nov(23, 9, 40), false),
      r('q1', nov(23, 9, 40), true), // handed over at 09:40: the desk stays occupied
      r('q1', nov(23, 11), false),
      r('q2', nov(23, 10), true),
      r('q2', nov(23, 10), true),
      r('g1', nov(23, 14), true),
      r('g1', nov(23, 16), false),
    ];
    const expected = deskBuckets(readings, monday());
    expect(at(expected, 'quiet', nov(23, 9, 30))).toMatchObject({ mean: 1, arrivals: 1, departures: 1 });
    for (const permuted of [[...readings].reverse(), [...readings, ...readings].sort((a, b) => b.t - a.t), [readings[3]!, ...readings, readings[1]!]]) {
      expect(deskBuckets(permuted, monday())).toEqual(expected);
    }
  });
  it('desks that fall silent: covered until two missed heartbeats (12 h) after their last signal, then no data rather than 0', () => {
    // The quiet room works 09:00-12:00 (a sitting 09:00-11:30, a heartbeat at 12:00 from both desks), then both desks die.
    const readings = [r('q1', nov(23, 9), true), r('q1', nov(23, 11, 30), false), r('q2', nov(23, 9, 1), true), r('q2', nov(23, 11, 31), false)];
    const heartbeats = [{ sensor: 'q1', t: nov(23, 12) }, { sensor: 'q2', t: nov(23, 12) }];
    const quiet = deskBuckets(readings, monday({ heartbeats })).filter((b) => b.zone === 'quiet');
    // Free but still covered from 11:45 until 00:00 (12:00 + 2 x 6 h); from 00:00 to the day's end (05:00) no buckets.
    expect(quiet.at(-1)).toEqual({ zone: 'quiet', start: nov(23, 23, 45), mean: 0, peak: 0, arrivals: 0, departures: 0, coveredMs: QUARTER });
    expect(quiet.filter((b) => b.start >= nov(24, 0))).toEqual([]);
    expect(quiet).toHaveLength(60); // 09:00 to 00:00
    // A longer heartbeat interval declared for these sensors lengthens the allowance: 2 x 8 h from 12:00 is 04:00.
    const slow = deskBuckets(readings, monday({ heartbeats, heartbeatMs: 8 * HOUR })).filter((b) => b.zone === 'quiet');
    expect(slow.at(-1)!.start).toBe(nov(24, 3, 45));
  });

  it('a desk that dies while occupied is cut where it fell silent, and counts again from its next signal', () => {
    // q1: occupied at 09:00, then silent until a heartbeat at 23:00 (14 h): offline from 21:00 to 23:00.
    // q2 keeps its heartbeats all day, free, so the quiet room stays covered and shows only q2 (0) from 21:00.
    const readings = [r('q1', nov(23, 9), true)];
    const heartbeats = [{ sensor: 'q1', t: nov(23, 23) }, ...beats('q2', nov(23, 5, 10), nov(24, 5))];
    const quiet = deskBuckets(readings, monday({ heartbeats })).filter((b) => b.zone === 'quiet');
    expect(at(quiet, 'quiet', nov(23, 20, 45))).toEqual({ zone: 'quiet', start: nov(23, 20, 45), mean: 1, peak: 1, arrivals: 0, departures: 1, coveredMs: QUARTER });
    expect(at(quiet, 'quiet', nov(23, 21))).toMatchObject({ mean: 0, peak: 0, coveredMs: QUARTER });
    expect(quiet.filter((b) => b.start >= nov(23, 21)).every((b) => b.mean === 0)).toBe(true);
    // The day's arrivals and departures still balance; the sitting is 12 hours.
    expect(quiet.reduce((s, b) => s + b.arrivals, 0)).toBe(1);
    expect(quiet.reduce((s, b) => s + b.departures, 0)).toBe(1);
    expect(quiet.reduce((s, b) => s + b.mean * b.coveredMs, 0)).toBe(12 * HOUR);

    // q1 alone: no data from 21:00 to 23:00, covered again (free: its 09:00 sitting is over) from the 23:00 heartbeat.
    const alone = deskBuckets(readings, monday({ heartbeats: [{ sensor: 'q1', t: nov(23, 23) }] })).filter((b) => b.zone === 'quiet');
    expect(alone.filter((b) => b.start >= nov(23, 21) && b.start < nov(23, 23))).toEqual([]);
    expect(at(alone, 'quiet', nov(23, 23))).toEqual({ zone: 'quiet', start: nov(23, 23), mean: 0, peak: 0, arrivals: 0, departures: 0, coveredMs: QUARTER });
    expect(at(alone, 'quiet', nov(24, 4, 45))).toMatchObject({ mean: 0, coveredMs: QUARTER });
  });

  it('a desk re-reporting "occupied" after an offline spell starts a new sitting', () => {
    const readings = [r('q1', nov(23, 6), true), r('q1', nov(23, 20), true), r('q1', nov(23, 21), false)];
    const buckets = deskBuckets(readings, monday());
    // 06:00-18:00 occupied (cut at 18:00), 18:00-20:00 no data, 20:00-21:00 a second sitting.
    expect(buckets.filter((b) => b.start >= nov(23, 18) && b.start < nov(23, 20))).toEqual([]);
    expect(buckets.reduce((s, b) => s + b.arrivals, 0)).toBe(2);
    expect(buckets.reduce((s, b) => s + b.departures, 0)).toBe(2);
    expect(at(buckets, 'quiet', nov(23, 17, 45))).toMatchObject({ mean: 1, departures: 1 });
    expect(at(buckets, 'quiet', nov(23, 20))).toMatchObject({ mean: 1, arrivals: 1 });
  });

  it('no false "no data" for quiet desks: a free desk heartbeating every 6 h, even with one heartbeat lost, is covered all day', () => {
    // g1's heartbeats at 05:30, 11:30, (17:30 lost), 23:30: the gap is exactly two intervals, so coverage never lapses.
    const heartbeats = [nov(23, 5, 30), nov(23, 11, 30), nov(23, 23, 30)].map((t) => ({ sensor: 'g1', t }));
    const group = deskBuckets([], monday({ heartbeats })).filter((b) => b.zone === 'group');
    // 05:30 to 05:00: 94 quarters, all covered in full, all 0.
    expect(group).toHaveLength(94);
    expect(group.every((b) => b.coveredMs === QUARTER && b.mean === 0 && b.peak === 0)).toBe(true);
  });

  it('a live window: a desk still within its allowance at "now" has not departed', () => {
    const readings = [r('q1', nov(23, 9), true)];
    // now 22:00, 13 h after the reading: q1 fell silent at 21:00 and its sitting ended there.
    const late = deskBuckets(readings, monday({ now: nov(23, 22) }));
    expect(late.at(-1)).toMatchObject({ start: nov(23, 20, 45), mean: 1, departures: 1 });
    // now 20:00: still within the allowance, so still occupied and no departure yet.
    const earlier = deskBuckets(readings, monday({ now: nov(23, 20) }));
    expect(earlier.at(-1)).toMatchObject({ start: nov(23, 19, 45), mean: 1, departures: 0 });
    expect(earlier.reduce((s, b) => s + b.departures, 0)).toBe(0);
  });
});
