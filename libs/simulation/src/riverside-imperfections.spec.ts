import { DateTime } from 'luxon';
import { generateTraffic, generateVisits, type SimulatedEvent, type Visit } from './traffic-generator.js';
import { loadRiverside, serviceDays } from './riverside-site.fixture.js';
import { buildSiteModel } from './site-model.js';
import { serviceDaysBetween } from '@hearth/analytics';

/**
 * The demo library's deliberate problems must show in its traffic, where the
 * recommendation engine will look for them.
 */
const site = loadRiverside();
const model = buildSiteModel(site);
const zoneOfDesk = new Map(model.zones.flatMap((z) => z.desks.map((d) => [d.id, z.id] as const)));
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

describe('Riverside imperfections in the traffic', () => {
  // Four ordinary term weeks (the closure day drops out by itself).
  const window = serviceDays(site, '2026-09-28', '2026-10-23');
  const weekdays = [...serviceDaysBetween(site.site, window.from.getTime(), window.to.getTime())].filter((d) => d.dayType === 'weekday' && d.windows.length);
  let sessions: { zone: string; from: number; to: number; group: boolean }[];
  let events: SimulatedEvent[];
  let visits: Visit[];
  beforeAll(() => {
    events = [...generateTraffic(site, { ...window, seed: 29 })];
    visits = [...generateVisits(site, { ...window, seed: 29 })];
    const open = new Map<string, { from: number; group: boolean }>();
    sessions = [];
    for (const e of events) {
      if (e.message.type !== 'desk') continue;
      if (e.message.occupied) open.set(e.sensor, { from: Date.parse(e.message.ts), group: e.truth!.groupId !== null });
      else {
        const o = open.get(e.sensor);
        if (o) sessions.push({ zone: zoneOfDesk.get(e.sensor)!, from: o.from, to: Date.parse(e.message.ts), group: o.group });
      }
    }
  });

  /** Share of a zone's desks occupied, averaged over weekdays at the given local times. */
  const occupancy = (zone: string, clocks: string[]) => {
    const desks = model.zoneById.get(zone)!.desks.length;
    return mean(
      weekdays.flatMap((d) =>
        clocks.map((clock) => {
          const t = DateTime.fromISO(`${d.date}T${clock}`, { zone: site.site.timeZone }).toMillis();
          return sessions.filter((s) => s.zone === zone && s.from <= t && t < s.to).length / desks;
        }),
      ),
    );
  };
  const DAYTIME = ['10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00', '17:00'];

  it('keeps the Reading Room chronically full while the Garden Study Room beside it stays empty', () => {
    expect(weekdays.length).toBe(19);
    expect(occupancy('reading-room', ['11:00', '16:00'])).toBeGreaterThan(0.9);
    const reading = occupancy('reading-room', DAYTIME);
    const garden = occupancy('garden-study', DAYTIME);
    expect(reading).toBeGreaterThan(0.75);
    expect(garden).toBeLessThan(0.25);
    for (const zone of ['silent-carrels', 'local-studies', 'garden-study']) expect(occupancy(zone, DAYTIME)).toBeLessThan(reading - 0.2);
  });

  it('shows groups taking over the Local Studies room, a quiet zone', () => {
    const groupShare = (zone: string) => {
      const of = sessions.filter((s) => s.zone === zone);
      return of.filter((s) => s.group).length / of.length;
    };
    expect(model.zoneById.get('local-studies')!.category).toBe('quiet_study');
    expect(groupShare('local-studies')).toBeGreaterThan(0.4);
    for (const zone of ['reading-room', 'garden-study', 'silent-carrels']) expect(groupShare(zone)).toBeLessThan(0.1);
  });

  it('gathers people far from the service desk', () => {
    // Entries by entrance, from the door counters.
    const entries = new Map<string, number>();
    let last = 0;
    for (const { sensor, message: m } of events) {
      if (m.type !== 'door') continue;
      const entrance = sensor.startsWith('river') ? 'river-entrance' : 'main-entrance';
      const n = 'in' in m ? m.in : last ? (m.inTotal - last + 65536) % 65536 : 0;
      if ('inTotal' in m) last = m.inTotal;
      entries.set(entrance, (entries.get(entrance) ?? 0) + n);
    }
    expect(entries.get('river-entrance')!).toBeGreaterThan(1.3 * entries.get('main-entrance')!);

    // The service desk is the ground-floor zone farthest from the busiest entrance.
    const desk = model.zoneById.get('service-desk')!;
    const river = model.zoneById.get('river-entrance')!;
    const dist = (a: [number, number], b: [number, number]) => Math.hypot(a[0] - b[0], a[1] - b[1]);
    const ground = model.zones.filter((z) => z.floor === 'ground');
    const farthest = ground.reduce((f, z) => (dist(z.centroid, river.centroid) > dist(f.centroid, river.centroid) ? z : f));
    expect(farthest.id).toBe('service-desk');

    // Where people spend their time (plan position, all floors): far east of the desk.
    let x = 0;
    let y = 0;
    let w = 0;
    for (const v of visits) {
      for (const s of v.stays) {
        const c = model.zoneById.get(s.zone)!.centroid;
        const hours = (s.to.getTime() - s.from.getTime()) / 3_600_000;
        x += c[0] * hours;
        y += c[1] * hours;
        w += hours;
      }
    }
    expect(dist([x / w, y / w], desk.centroid)).toBeGreaterThan(25);
    // ... and the service desk itself sees few people.
    const hoursIn = (zone: string) => visits.flatMap((v) => v.stays).filter((s) => s.zone === zone).reduce((s, st) => s + (st.to.getTime() - st.from.getTime()), 0);
    expect(hoursIn('service-desk')).toBeLessThan(0.05 * hoursIn('reading-room'));
  });
});
