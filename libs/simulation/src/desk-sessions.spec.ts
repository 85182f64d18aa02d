import type { DeskMessage } from '@hearth/contracts';
import { generateTraffic, generateVisits, SEQ_PER_DAY, seqBase, type SimulatedEvent, type Visit } from './traffic-generator.js';
import { loadRiverside, serviceDays } from './riverside-site.fixture.js';
import { buildSiteModel, desksAreConnected } from './site-model.js';
import { serviceDateOf } from '@hearth/analytics';

const site = loadRiverside();
const model = buildSiteModel(site);
const deskZone = new Map(model.zones.flatMap((z) => z.desks.map((d) => [d.id, z] as const)));

describe('desk sessions', () => {
  // An exam fortnight: the busiest the desks get.
  const window = serviceDays(site, '2026-11-09', '2026-11-20');
  let events: SimulatedEvent[];
  let visits: Visit[];
  beforeAll(() => {
    events = [...generateTraffic(site, { ...window, seed: 11 })];
    visits = [...generateVisits(site, { ...window, seed: 11 })];
  });

  it('reports each desk only when it changes: occupied and free alternate', () => {
    const state = new Map<string, boolean>();
    const broken: string[] = [];
    let desks = 0;
    for (const { sensor, message: m } of events) {
      if (m.type !== 'desk') continue;
      desks++;
      if ((state.get(sensor) ?? false) === m.occupied) broken.push(`${sensor} ${m.ts} ${m.occupied}`);
      state.set(sensor, m.occupied);
    }
    expect(desks).toBeGreaterThan(10_000);
    expect(broken).toEqual([]);
    // Everyone has left at the end of the window.
    expect([...state.values()].some(Boolean)).toBe(false);
  });

  it('numbers each sensor\'s messages 1, 2, 3, ... within a service day, always increasing', () => {
    const last = new Map<string, number>();
    const wrong: string[] = [];
    for (const { sensor, message: m } of events) {
      const day = serviceDateOf(site.site, Date.parse(m.ts));
      const seq = m.seq!;
      const prev = last.get(sensor);
      const sameDay = prev !== undefined && Math.floor(prev / SEQ_PER_DAY) === Math.floor(seq / SEQ_PER_DAY);
      if (seq - (seq % SEQ_PER_DAY) !== seqBase(day)) wrong.push(`${sensor} ${m.ts} ${seq}: not numbered in its day`);
      else if (prev !== undefined && seq <= prev) wrong.push(`${sensor} ${m.ts} ${seq}: after ${prev}`);
      // The cafe's headcount sensor goes offline for a while (see offline-sensor.spec.ts): its numbers jump.
      else if (sameDay && seq !== prev + 1 && sensor !== 'zone-cafe') wrong.push(`${sensor} ${m.ts} ${seq}: gap after ${prev}`);
      else if (!sameDay && seq % SEQ_PER_DAY !== 1 && sensor !== 'zone-cafe') wrong.push(`${sensor} ${m.ts} ${seq}: day starts late`);
      last.set(sensor, seq);
    }
    expect(wrong).toEqual([]);
  });

  it('names the visit behind every desk event', () => {
    const byId = new Map(visits.map((v) => [v.id, v]));
    const desk = events.filter((e) => e.message.type === 'desk');
    const wrong = desk.filter((e) => {
      const v = e.truth && byId.get(e.truth.visitId);
      return !v || v.kind !== e.truth!.visitKind || v.groupId !== e.truth!.groupId || !v.stays.some((s) => s.desk === e.sensor);
    });
    expect(wrong).toEqual([]);
    expect(events.filter((e) => e.message.type !== 'desk' && e.truth)).toEqual([]);
  });

  it('never seats two people at one desk, nor more people in a zone than it can hold', () => {
    const occupied = new Map<string, number>();
    const peak = new Map<string, number>();
    for (const { sensor, message: m } of events) {
      if (m.type === 'desk') {
        const zone = deskZone.get(sensor)!.id;
        const n = (occupied.get(zone) ?? 0) + ((m as DeskMessage).occupied ? 1 : -1);
        occupied.set(zone, n);
        peak.set(zone, Math.max(peak.get(zone) ?? 0, n));
      }
    }
    for (const zone of model.zones) expect(peak.get(zone.id) ?? 0).toBeLessThanOrEqual(zone.desks.length);
    // The reading room fills up completely in exam weeks.
    expect(peak.get('reading-room')).toBe(model.zoneById.get('reading-room')!.desks.length);

    const sessions = new Map<string, [number, number][]>();
    for (const v of visits) for (const s of v.stays) if (s.desk) sessions.set(s.desk, [...(sessions.get(s.desk) ?? []), [s.from.getTime(), s.to.getTime()]]);
    const overlapping = [...sessions].filter(([, list]) => list.sort((a, b) => a[0] - b[0]).some(([from], i) => i > 0 && from < list[i - 1]![1]));
    expect(overlapping).toEqual([]);

    const presence = new Map<string, [number, number][]>();
    for (const v of visits) for (const s of v.stays) presence.set(s.zone, [...(presence.get(s.zone) ?? []), [s.from.getTime(), 1], [s.to.getTime(), -1]]);
    const crowded = [...presence].filter(([zone, changes]) => {
      let n = 0;
      let max = 0;
      for (const [, d] of changes.sort((a, b) => a[0] - b[0] || a[1] - b[1])) max = Math.max(max, (n += d));
      return max > model.zoneById.get(zone)!.maxPresence;
    });
    expect(crowded).toEqual([]);

    const headcounts = events.filter((e) => e.message.type === 'zone');
    const zoneOf = new Map(model.zones.flatMap((z) => z.headcountSensors.map((s) => [s, z] as const)));
    expect(headcounts.filter((e) => e.message.type === 'zone' && e.message.count > zoneOf.get(e.sensor)!.maxPresence)).toEqual([]);
  });

  it('seats groups at neighbouring desks', () => {
    const groups = new Map<string, { zone: string; desk: string }[]>();
    for (const v of visits) {
      const seat = v.stays.find((s) => s.desk);
      if (v.groupId && seat) groups.set(v.groupId, [...(groups.get(v.groupId) ?? []), { zone: seat.zone, desk: seat.desk! }]);
    }
    expect(groups.size).toBeGreaterThan(300);
    const scattered = [...groups].filter(([, seats]) => {
      const zone = model.zoneById.get(seats[0]!.zone)!;
      if (seats.some((s) => s.zone !== zone.id)) return true;
      return !desksAreConnected(zone, seats.map((s) => zone.desks.findIndex((d) => d.id === s.desk)));
    });
    expect(scattered).toEqual([]);
    const sizes = new Set([...groups.values()].map((g) => g.length));
    expect([...sizes].sort()).toEqual([2, 3, 4, 5]);
  });
});
