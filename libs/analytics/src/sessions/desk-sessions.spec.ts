import { deskSessions, type DeskReading } from './desk-sessions.js';

const MIN = 60_000;
const at = (minutes: number) => Date.UTC(2026, 10, 23, 9, 0) + minutes * MIN;
const r = (sensor: string, minutes: number, occupied: boolean): DeskReading => ({ sensor, zone: 'reading-room', t: at(minutes), occupied });

describe('deskSessions', () => {
  it('pairs occupied and free readings per desk, whatever order they arrive in', () => {
    const readings = [r('d2', 30, false), r('d1', 0, true), r('d2', 10, true), r('d1', 45, false), r('d1', 60, true), r('d1', 100, false)];
    expect(deskSessions(readings)).toEqual([
      { sensor: 'd1', zone: 'reading-room', start: at(0), end: at(45), cut: false },
      { sensor: 'd2', zone: 'reading-room', start: at(10), end: at(30), cut: false },
      { sensor: 'd1', zone: 'reading-room', start: at(60), end: at(100), cut: false },
    ]);
  });

  it('treats repeated "occupied" as one session and ignores a "free" with none open', () => {
    const readings = [r('d1', 0, false), r('d1', 5, true), r('d1', 5, true), r('d1', 20, true), r('d1', 50, false), r('d1', 55, false)];
    expect(deskSessions(readings)).toEqual([{ sensor: 'd1', zone: 'reading-room', start: at(5), end: at(50), cut: false }]);
  });

  it('drops flicker shorter than the minimum session', () => {
    const readings = [r('d1', 0, true), r('d1', 3, false), r('d1', 10, true), r('d1', 16, false)];
    expect(deskSessions(readings, { minSessionMs: 5 * MIN }).map((s) => [s.start, s.end])).toEqual([[at(10), at(16)]]);
  });

  it('cuts a desk left occupied at its service day end, and at the window end', () => {
    const dayEnd = (t: number) => at(Math.floor((t - at(0)) / (24 * 60 * MIN)) * 24 * 60 + 20 * 60); // 05:00 the next day
    const readings = [r('d1', 0, true), r('d1', 24 * 60 + 60, false), r('d2', 120, true)];
    expect(deskSessions(readings, { dayEnd, until: at(180) })).toEqual([
      { sensor: 'd1', zone: 'reading-room', start: at(0), end: at(20 * 60), cut: true },
      { sensor: 'd2', zone: 'reading-room', start: at(120), end: at(180), cut: true },
    ]);
  });

  it('has nothing to say about no readings', () => {
    expect(deskSessions([])).toEqual([]);
  });
});
