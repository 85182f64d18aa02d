import type { DeskSession } from '../sessions/desk-sessions.js';
import { DWELL_STEPS, dwellFromHistograms, dwellHistograms, dwellTimes, type Dwell } from './dwell.js';
import { at } from './test-buckets.js';

const MIN = 60_000;
const session = (zone: string, start: string, minutes: number, cut = false): DeskSession => ({ sensor: `${zone}-desk`, zone, start: at(start), end: at(start) + minutes * MIN, cut });
const openAllDay = (date: string): [number, number][] => [[at(`${date}T00:00`), at(`${date}T00:00`) + 24 * 60 * MIN]];

// The same Monday as dwell.spec: sorted quiet-room minutes 10 25 45 60 90 150 240 300 (the last cut), a café session of 20.
const monday = [
  ...[10, 25, 45, 60, 90, 150, 240].map((m, i) => session('quiet', `2026-03-02T${String(9 + i).padStart(2, '0')}:00`, m)),
  session('quiet', '2026-03-02T12:00', 300, true),
  session('cafe', '2026-03-02T10:00', 20),
];

describe('dwell from daily histograms (long windows)', () => {
  it('rolls a day up per zone: counts, cut, total minutes and 5-minute steps', () => {
    const [cafe, quiet] = dwellHistograms(monday, openAllDay('2026-03-02'));
    expect(cafe).toMatchObject({ zone: 'cafe', sessions: 1, cut: 0, totalMinutes: 20 });
    expect(cafe!.counts[4]).toBe(1); // 20 minutes: step [20, 25)
    expect(quiet).toMatchObject({ zone: 'quiet', sessions: 8, cut: 1, totalMinutes: 920 });
    expect(quiet!.counts.length).toBe(DWELL_STEPS);
    expect([2, 5, 9, 12, 18, 30, 48, 60].map((i) => quiet!.counts[i])).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('keeps only sessions that start in open time', () => {
    const open: [number, number][] = [[at('2026-03-02T09:00'), at('2026-03-02T12:00')]];
    const [cafe, quiet] = dwellHistograms(monday, open);
    expect(cafe!.sessions).toBe(1); // 10:00
    expect(quiet!.sessions).toBe(3); // 09:00, 10:00, 11:00; 12:00 onwards is out
  });

  it('puts sessions of 24 hours or more in the last step', () => {
    const [h] = dwellHistograms([session('quiet', '2026-03-02T00:00', 30 * 60)], openAllDay('2026-03-02'));
    expect(h!.counts[DWELL_STEPS - 1]).toBe(1);
  });

  it('gives the same count, mean and bins as the sessions, and quantiles within their 5-minute step', () => {
    const exact = dwellTimes(monday).zones['quiet'] as Dwell;
    const rolled = dwellFromHistograms(dwellHistograms(monday, openAllDay('2026-03-02'))).zones['quiet'] as Dwell;
    expect(rolled.count).toBe(exact.count);
    expect(rolled.cut).toBe(1);
    expect(rolled.meanMinutes).toBe(115);
    expect(rolled.bins).toEqual(exact.bins);
    // Each value is read as the middle of its step: 12.5 27.5 47.5 62.5 92.5 152.5 242.5 302.5.
    expect(rolled.medianMinutes).toBe(77.5); // position 3.5: (62.5 + 92.5) / 2; exact 75
    expect(rolled.p90Minutes).toBeCloseTo(260.5, 10); // position 6.3: 242.5 + 0.3 × 60; exact 258
  });

  it('spreads several values in one step evenly across it', () => {
    // Three sessions of 40, 41 and 44 minutes: all in [40, 45), read as 40.83, 42.5, 44.17.
    const day = [40, 41, 44].map((m) => session('quiet', '2026-03-02T10:00', m));
    const d = dwellFromHistograms(dwellHistograms(day, openAllDay('2026-03-02'))).all as Dwell;
    expect(d.medianMinutes).toBe(42.5);
    expect(d.p90Minutes).toBeCloseTo(42.5 + 0.8 * (5 / 3), 10); // position 1.8
  });

  it('sums the days of a window, and reports asked-for zones without sessions as empty', () => {
    const tuesday = [session('quiet', '2026-03-03T10:00', 30), session('cafe', '2026-03-03T11:00', 50, true)];
    const histograms = [...dwellHistograms(monday, openAllDay('2026-03-02')), ...dwellHistograms(tuesday, openAllDay('2026-03-03'))];
    const d = dwellFromHistograms(histograms, { zones: ['cafe', 'stacks'] });
    expect(d.zones['cafe']).toMatchObject({ count: 2, cut: 1, meanMinutes: 35 });
    expect(d.zones['stacks']).toMatchObject({ empty: true, reason: 'no-sessions' });
    expect((d.all as Dwell).count).toBe(2);
    expect((dwellFromHistograms(histograms).all as Dwell).count).toBe(11);
  });

  it('refuses bin edges off the 5-minute steps', () => {
    expect(() => dwellFromHistograms([], { binEdgesMinutes: [30, 62] })).toThrow('multiples of 5');
    expect(dwellFromHistograms([]).all).toMatchObject({ empty: true, reason: 'no-sessions' });
  });
});
