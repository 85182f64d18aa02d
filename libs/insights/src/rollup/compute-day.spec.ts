import { serviceDay } from '@hearth/analytics';
import { siteFileSchema } from '@hearth/contracts';
import { computeSiteDay } from './compute-day.js';
import type { DayReadings } from './day-readings.js';

// A small library open round the clock, so the autumn change's doubled 01:00 hour is open time.
const file = siteFileSchema.parse({
  version: 1,
  site: {
    id: 'small',
    name: 'Small Library',
    timeZone: 'Europe/London',
    serviceDayStart: '00:00',
    openingHours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00-24:00']])),
  },
  floors: [
    {
      id: 'ground',
      name: 'Ground',
      ordinal: 0,
      size: { width: 20, height: 10 },
      zones: [{ id: 'study', name: 'Study', category: 'quiet_study', capacity: 4, polygon: [[0, 0], [10, 0], [10, 10], [0, 10]] }],
      sensors: [
        { id: 'door', kind: 'door', position: [15, 0], inTo: 'study', outTo: 'outside' },
        { id: 'desk-1', kind: 'desk', zone: 'study', position: [2, 2] },
        { id: 'desk-2', kind: 'desk', zone: 'study', position: [4, 2] },
      ],
    },
  ],
});
const utc = (iso: string) => Date.parse(`${iso}Z`);

describe('a rolled-up service day: building hours, sessions and dwell', () => {
  // Sunday 25 October 2026: London's clocks go back at 02:00 BST, so 01:00-02:00 happens twice (00:00 and 01:00 UTC).
  const day = serviceDay(file.site, '2026-10-25');
  const readings: DayReadings = {
    desks: [
      { sensor: 'desk-1', zone: 'study', t: utc('2026-10-25T09:00:00'), occupied: true },
      { sensor: 'desk-1', zone: 'study', t: utc('2026-10-25T10:00:00'), occupied: false },
      { sensor: 'desk-2', zone: 'study', t: utc('2026-10-25T09:30:00'), occupied: true },
      { sensor: 'desk-2', zone: 'study', t: utc('2026-10-25T09:32:00'), occupied: false }, // flicker: under the 5-minute minimum
      { sensor: 'desk-2', zone: 'study', t: utc('2026-10-25T22:00:00'), occupied: true }, // still occupied when the day ends
    ],
    headcounts: [],
    doors: [
      { door: 'door', t: utc('2026-10-25T00:10:00'), in: 2, out: 0 }, // 01:10 BST
      { door: 'door', t: utc('2026-10-25T01:10:00'), in: 3, out: 1 }, // 01:10 GMT, the second 01:00 hour
      { door: 'door', t: utc('2026-10-25T10:05:00'), in: 5, out: 4 },
    ],
    heartbeats: [],
  };

  it('is 25 hours long, and adds both 01:00 hours into one local hour of arrivals', () => {
    expect(day.end - day.start).toBe(25 * 3_600_000);
    const { building } = computeSiteDay(file, day, readings);
    expect(building!.arrivals).toHaveLength(24);
    expect(building!.arrivals[1]).toBe(5);
    expect(building!.departures[1]).toBe(1);
    expect(building!.arrivals[10]).toBe(5);
    expect(building!.departures[10]).toBe(4);
    expect(building!.arrivals.reduce((a, b) => a + b, 0)).toBe(10);
  });

  it('keeps desk sessions (flicker dropped, the last cut at the day’s end) and their lengths per zone', () => {
    const { sessions, dwell } = computeSiteDay(file, day, readings);
    expect(sessions.map((s) => [s.sensor, (s.end - s.start) / 60_000, s.cut])).toEqual([
      ['desk-1', 60, false],
      ['desk-2', 120, true], // 22:00 to midnight GMT
    ]);
    expect(dwell).toHaveLength(1);
    expect(dwell[0]).toMatchObject({ zone: 'study', sessions: 2, cut: 1, totalMinutes: 180 });
    expect(dwell[0]!.counts[12]).toBe(1);
    expect(dwell[0]!.counts[24]).toBe(1);
  });

  it('has no building hours without entrance counters', () => {
    const noDoors = { ...file, floors: file.floors.map((f) => ({ ...f, sensors: f.sensors.filter((s) => s.kind !== 'door') })) };
    expect(computeSiteDay(noDoors, day, readings).building).toBeNull();
  });
});
