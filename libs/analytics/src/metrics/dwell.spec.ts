import type { DeskSession } from '../sessions/desk-sessions.js';
import { calendarFrame } from './calendar-frame.js';
import { dwellTimes, type Dwell } from './dwell.js';
import { at, testSite } from './test-buckets.js';

const MIN = 60_000;
const session = (zone: string, start: string, minutes: number, cut = false): DeskSession => ({ sensor: `${zone}-desk`, zone, start: at(start), end: at(start) + minutes * MIN, cut });

// Monday 2 March 2026: eight sessions in the quiet room (the 300-minute one cut at closing), one in the café.
const sessions = [
  ...[10, 25, 45, 60, 90, 150, 240].map((m, i) => session('quiet', `2026-03-02T${String(9 + i).padStart(2, '0')}:00`, m)),
  session('quiet', '2026-03-02T12:00', 300, true),
  session('cafe', '2026-03-02T10:00', 20),
];

describe('dwell time at desks', () => {
  it('how long do people stay once seated in the quiet room?', () => {
    const d = dwellTimes(sessions).zones['quiet'] as Dwell;
    // Sorted minutes: 10 25 45 60 90 150 240 300.
    expect(d.count).toBe(8);
    expect(d.cut).toBe(1);
    expect(d.meanMinutes).toBe(115); // 920 / 8
    expect(d.medianMinutes).toBe(75); // position 3.5: 60 + 0.5 × (90 − 60)
    expect(d.p90Minutes).toBeCloseTo(258, 12); // position 6.3: 240 + 0.3 × (300 − 240)
    expect(d.bins.map((b) => [b.label, b.count])).toEqual([
      ['<30 min', 2], // 10, 25
      ['30-60 min', 1], // 45
      ['1-2 h', 2], // 60, 90
      ['2-4 h', 1], // 150
      ['≥4 h', 2], // 240, 300
    ]);
    expect(d.bins[0]!.share).toBe(0.25);
    expect(d.bins[4]).toMatchObject({ fromMinutes: 240, toMinutes: null });
  });

  it('reports the zones asked for, saying which had no sessions, and all of them together', () => {
    const d = dwellTimes(sessions, { zones: ['quiet', 'stacks'] });
    expect(Object.keys(d.zones).sort()).toEqual(['quiet', 'stacks']);
    expect(d.zones['stacks']).toMatchObject({ empty: true, reason: 'no-sessions' });
    expect((d.all as Dwell).count).toBe(8); // the café was not asked for
    expect((dwellTimes(sessions).all as Dwell).count).toBe(9);
  });

  it('counts only sessions starting in open hours of the frame', () => {
    const site = testSite({ openingHours: { mon: ['09:00-17:00'] } });
    const frame = calendarFrame(site, { first: '2026-03-02', last: '2026-03-02' });
    const extra = [session('quiet', '2026-03-02T08:50', 40), session('quiet', '2026-03-02T17:05', 30), session('quiet', '2026-03-03T10:00', 30)];
    const d = dwellTimes([...sessions, ...extra], { frame }).zones['quiet'] as Dwell;
    expect(d.count).toBe(8); // before opening, after closing and the next day are out
  });

  it('takes custom bins', () => {
    const d = dwellTimes(sessions, { binEdgesMinutes: [60] }).zones['quiet'] as Dwell;
    expect(d.bins.map((b) => [b.label, b.count])).toEqual([
      ['<1 h', 3],
      ['≥1 h', 5],
    ]);
  });

  it('says when there are no sessions at all', () => {
    expect(dwellTimes([])).toEqual({ zones: {}, all: { empty: true, reason: 'no-sessions', detail: expect.any(String) } });
  });
});
