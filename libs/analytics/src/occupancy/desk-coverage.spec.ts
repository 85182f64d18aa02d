import { DEFAULT_HEARTBEAT_MS, deskCoverage, type DeskSignal } from './desk-coverage.js';
import { MIN, nov } from './test-sites.js';

const HOUR = 60 * MIN;
/** Service days from 05:00 to 05:00 (November: local clock = UTC). */
const dayEnd = (t: number) => {
  const d = new Date(t);
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 5);
  return t < end ? end : end + 24 * HOUR;
};
const s = (sensor: string, t: number, zone = 'quiet'): DeskSignal => ({ sensor, zone, t });

describe('deskCoverage', () => {
  it('a desk is covered from a signal until two heartbeat intervals (2 x 6 h) after its latest one, and again from its next', () => {
    expect(DEFAULT_HEARTBEAT_MS).toBe(6 * HOUR);
    const signals = [s('q1', nov(23, 9)), s('q1', nov(23, 14)), s('q1', nov(24, 3))];
    // 09:00 and 14:00 join up (5 h apart); silent from 02:00 (14:00 + 12 h) until the 03:00 signal, covered again to the day's end.
    expect(deskCoverage(signals, { dayEnd })).toEqual([
      { sensor: 'q1', zone: 'quiet', start: nov(23, 9), end: nov(24, 2) },
      { sensor: 'q1', zone: 'quiet', start: nov(24, 3), end: nov(24, 5) },
    ]);
  });

  it('never runs into the next service day: each day starts at its own first signal', () => {
    const signals = [s('q1', nov(23, 20)), s('q1', nov(24, 9))];
    expect(deskCoverage(signals, { dayEnd })).toEqual([
      { sensor: 'q1', zone: 'quiet', start: nov(23, 20), end: nov(24, 5) },
      { sensor: 'q1', zone: 'quiet', start: nov(24, 9), end: nov(24, 21) },
    ]);
  });

  it('a missed heartbeat does not break coverage; two do', () => {
    // Heartbeats at 06:00 and 18:00 (12:00 lost): exactly two intervals apart, one stretch.
    expect(deskCoverage([s('g1', nov(23, 6)), s('g1', nov(23, 18))], { dayEnd })).toEqual([{ sensor: 'g1', zone: 'quiet', start: nov(23, 6), end: nov(24, 5) }]);
    // With a declared 15-minute interval, a 40-minute silence is an outage.
    const fast = deskCoverage([s('g1', nov(23, 6)), s('g1', nov(23, 6, 40))], { dayEnd, heartbeatMs: 15 * MIN });
    expect(fast.map((x) => [x.start, x.end])).toEqual([
      [nov(23, 6), nov(23, 6, 30)],
      [nov(23, 6, 40), nov(23, 7, 10)],
    ]);
  });

  it('takes signals in any order, repeated, and keeps sensors and zones apart (by sensor, then zone)', () => {
    const signals = [s('q2', nov(23, 10)), s('q1', nov(23, 9)), s('q1', nov(23, 9)), s('q1', nov(23, 12), 'group'), s('q1', nov(23, 8))];
    const expected = deskCoverage(signals, { dayEnd });
    expect(expected.map((x) => [x.sensor, x.zone, x.start, x.end])).toEqual([
      ['q1', 'group', nov(23, 12), nov(24, 0)],
      ['q1', 'quiet', nov(23, 8), nov(23, 21)],
      ['q2', 'quiet', nov(23, 10), nov(23, 22)],
    ]);
    expect(deskCoverage([...signals].reverse(), { dayEnd })).toEqual(expected);
  });

  it('refuses a heartbeat interval that is not a positive length of time', () => {
    expect(() => deskCoverage([], { dayEnd, heartbeatMs: 0 })).toThrow(RangeError);
    expect(() => deskCoverage([], { dayEnd, heartbeatMs: Number.NaN })).toThrow(RangeError);
  });
});
