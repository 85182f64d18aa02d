import { DateTime } from 'luxon';
import type { SimulatedEvent } from './traffic-generator.js';
import { generateTraffic, generateVisits } from './traffic-generator.js';
import { loadRiverside, serviceDays } from './riverside-site.fixture.js';
import { serviceDay, serviceDaysBetween } from '@hearth/analytics';

const site = loadRiverside();

describe('opening hours, holidays and closures', () => {
  // Three weeks spanning the staff training day (closure) and the end of summer time (25 Oct).
  const window = serviceDays(site, '2026-10-05', '2026-10-25');
  const windows = [...serviceDaysBetween(site.site, window.from.getTime(), window.to.getTime())].flatMap((d) => d.windows);
  const isOpenAt = (t: number) => windows.some((w) => w.open <= t && t < w.close);
  let events: SimulatedEvent[];
  beforeAll(() => {
    events = [...generateTraffic(site, { ...window, seed: 3 })];
  });

  it('keeps every visit inside opening hours, everyone leaving by closing', () => {
    const visits = [...generateVisits(site, { ...window, seed: 3 })];
    expect(visits.length).toBeGreaterThan(10_000);
    const outside = visits.filter(
      (v) =>
        !windows.some((w) => w.open <= v.arrive.getTime() && v.depart.getTime() < w.close) ||
        v.stays.some((s) => s.from < v.arrive || s.to > v.depart || s.from > s.to),
    );
    expect(outside).toEqual([]);
  });

  it('reports people only while the library is open', () => {
    const doorsWithPeople = events.filter(({ message: m }) => m.type === 'door' && 'in' in m && m.in + m.out > 0);
    expect(doorsWithPeople.length).toBeGreaterThan(1000);
    // A door interval that counted someone ended (ts) at most one interval after closing.
    expect(doorsWithPeople.filter((e) => !isOpenAt(Date.parse(e.message.ts) - 1))).toEqual([]);
    const present = events.filter(({ message: m }) => (m.type === 'desk' && m.occupied) || (m.type === 'zone' && m.count > 0));
    expect(present.length).toBeGreaterThan(1000);
    expect(present.filter((e) => !isOpenAt(Date.parse(e.message.ts)))).toEqual([]);
  });

  it('opens at local time across the change from summer time', () => {
    const firstDesk = (date: string) => {
      const day = serviceDay(site.site, date);
      return events.find((e) => e.message.type === 'desk' && Date.parse(e.message.ts) >= day.start)!;
    };
    // Saturday 24 Oct (BST, +01:00) opens at 09:00 = 08:00Z; Sunday 25 Oct (GMT) at 12:00 = 12:00Z.
    expect(serviceDay(site.site, '2026-10-24').windows[0]!.open).toBe(Date.parse('2026-10-24T08:00:00Z'));
    expect(serviceDay(site.site, '2026-10-25').windows[0]!.open).toBe(Date.parse('2026-10-25T12:00:00Z'));
    const sat = DateTime.fromISO(firstDesk('2026-10-24').message.ts, { zone: 'Europe/London' });
    const sun = DateTime.fromISO(firstDesk('2026-10-25').message.ts, { zone: 'Europe/London' });
    expect(sat.hour).toBe(9);
    expect(sun.hour).toBe(12);
  });

  it('stays closed on a closure day: counters report nothing but heartbeats', () => {
    const day = serviceDay(site.site, '2026-10-07');
    expect(day.closedFor).toBe('Staff training day');
    const that = events.filter((e) => Date.parse(e.message.ts) >= day.start && Date.parse(e.message.ts) < day.end);
    expect(that.length).toBeGreaterThan(0);
    expect(new Set(that.map((e) => e.message.type))).toEqual(new Set(['heartbeat']));
    expect([...generateVisits(site, { from: new Date(day.start), to: new Date(day.end), seed: 3 })]).toHaveLength(0);
  });

  it('stays closed over the Christmas holiday and opens again after it', () => {
    const holiday = serviceDays(site, '2026-12-24', '2026-12-28');
    expect([...generateVisits(site, { ...holiday, seed: 3 })]).toHaveLength(0);
    const types = new Set([...generateTraffic(site, { ...holiday, seed: 3 })].map((e) => e.message.type));
    expect(types).toEqual(new Set(['heartbeat']));
    expect([...generateVisits(site, { ...serviceDays(site, '2026-12-29', '2026-12-29'), seed: 3 })].length).toBeGreaterThan(300);
  });
});
