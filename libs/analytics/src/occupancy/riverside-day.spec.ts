import type { SiteFile } from '@hearth/contracts';
import { createRng, generateTraffic, loadRiverside, type SimulatedEvent } from '@hearth/simulation';
import { serviceDay } from '../calendar/site-calendar.js';
import type { DeskReading } from '../sessions/desk-sessions.js';
import { deskBuckets } from './desk-buckets.js';
import { BUILDING_AREA, doorOccupancy, type DoorReading } from './door-occupancy.js';
import { headcountBuckets, type HeadcountReading } from './headcount-buckets.js';

const riverside: SiteFile = loadRiverside();
const sensors = riverside.floors.flatMap((f) => f.sensors);
const desks = sensors.filter((s) => s.kind === 'desk').map((s) => ({ sensor: s.id, zone: s.zone! }));
const doors = sensors.filter((s) => s.kind === 'door').map((s) => ({ door: s.id, inTo: s.inTo!, outTo: s.outTo! }));
const zoneOf = new Map(sensors.map((s) => [s.id, s.zone ?? '']));

/** One Riverside service day (a Monday in term) turned into the builders' inputs, doors all sending per-interval counts. */
function readingsOf(events: SimulatedEvent[]) {
  const desk: DeskReading[] = [];
  const heartbeats: { sensor: string; t: number }[] = [];
  const headcount: HeadcountReading[] = [];
  const door: DoorReading[] = [];
  for (const { sensor, message: m } of events) {
    const t = Date.parse(m.ts);
    if (m.type === 'desk') desk.push({ sensor, zone: zoneOf.get(sensor)!, t, occupied: m.occupied });
    else if (m.type === 'heartbeat') heartbeats.push({ sensor, t });
    else if (m.type === 'zone') headcount.push({ sensor, zone: zoneOf.get(sensor)!, t, count: m.count });
    else if ('in' in m) door.push({ door: sensor, t, in: m.in, out: m.out });
  }
  return { desk, heartbeats, headcount, door };
}

function shuffledWithDuplicates<T>(items: T[], seed: number): T[] {
  const rng = createRng(seed);
  const out = [...items, ...items.filter(() => rng.chance(0.2))];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('a simulated Riverside day', () => {
  const day = serviceDay(riverside.site, '2026-11-23');
  const events = [...generateTraffic(riverside, { from: new Date(day.start), to: new Date(day.end), seed: 7, cumulativeDoors: [], offlineSensors: [] })];
  const input = readingsOf(events);
  const window = { site: riverside.site, from: day.start, to: day.end };

  it('desk buckets are identical from shuffled, duplicated readings, and every sitting that starts also ends', () => {
    const expected = deskBuckets(input.desk, { ...window, desks, heartbeats: input.heartbeats });
    expect(input.desk.length).toBeGreaterThan(1000);
    expect(deskBuckets(shuffledWithDuplicates(input.desk, 1), { ...window, desks, heartbeats: shuffledWithDuplicates(input.heartbeats, 2) })).toEqual(expected);
    // Heartbeats come four times a day, so every desk zone has data for most of the day.
    const zones = new Set(desks.map((d) => d.zone));
    expect(new Set(expected.map((b) => b.zone))).toEqual(zones);
    for (const zone of zones) {
      const mine = expected.filter((b) => b.zone === zone);
      expect(mine.reduce((s, b) => s + b.arrivals, 0)).toBe(mine.reduce((s, b) => s + b.departures, 0));
    }
    // The desks never hold more than the desks there are.
    const count = new Map<string, number>();
    for (const d of desks) count.set(d.zone, (count.get(d.zone) ?? 0) + 1);
    expect(expected.every((b) => b.peak <= count.get(b.zone)!)).toBe(true);
  });

  it('headcount buckets are identical from shuffled, duplicated readings', () => {
    const expected = headcountBuckets(input.headcount, window);
    expect(new Set(expected.map((b) => b.zone))).toEqual(new Set(sensors.filter((s) => s.kind === 'zone').map((s) => s.zone)));
    expect(headcountBuckets(shuffledWithDuplicates(input.headcount, 3), window)).toEqual(expected);
  });

  it('door occupancy is identical from shuffled, duplicated readings, and the drift accounts for every person', () => {
    const expected = doorOccupancy(input.door, doors, { ...window, spreadResidual: true });
    expect(doorOccupancy(shuffledWithDuplicates(input.door, 4), doors, { ...window, spreadResidual: true })).toEqual(expected);
    // All four doors lead outside: the building's arrivals are every "in" counted.
    const building = expected.buckets.filter((b) => b.zone === BUILDING_AREA);
    const ins = input.door.reduce((s, r) => s + r.in, 0);
    const outs = input.door.reduce((s, r) => s + r.out, 0);
    expect(building.reduce((s, b) => s + b.arrivals, 0)).toBe(ins);
    // What is left at closing is what came in, less what went out, plus those clamped away during the day.
    const drift = expected.drift.filter((d) => d.area === BUILDING_AREA);
    const residual = drift.reduce((s, d) => s + d.residual, 0);
    const clamped = drift.reduce((s, d) => s + d.clamped, 0);
    expect(residual).toBeCloseTo(ins - outs + clamped, 6);
    // Spread back, the departures balance the arrivals.
    expect(building.reduce((s, b) => s + b.departures, 0)).toBeCloseTo(ins, 6);
  });
});
