import type { DoorDeltaMessage, DoorTotalMessage } from '@hearth/contracts';
import { generateTraffic, generateVisits, type SimulatedEvent, type Visit } from './traffic-generator.js';
import { loadRiverside, serviceDays } from './riverside-site.fixture.js';

const site = loadRiverside();
const DOORS = ['main-door-a', 'main-door-b', 'river-door-a', 'river-door-b'];
const isTotal = (m: SimulatedEvent['message']): m is DoorTotalMessage => m.type === 'door' && 'inTotal' in m;
const isDelta = (m: SimulatedEvent['message']): m is DoorDeltaMessage => m.type === 'door' && 'in' in m;

/** Per door: people counted in and out, reading cumulative totals as differences modulo the rollover. */
function countsFromMessages(events: SimulatedEvent[]): Map<string, { in: number; out: number }> {
  const counts = new Map(DOORS.map((d) => [d, { in: 0, out: 0 }]));
  const last = new Map<string, DoorTotalMessage>();
  for (const { sensor, message: m } of events) {
    const c = counts.get(sensor);
    if (!c) continue;
    if (isDelta(m)) {
      c.in += m.in;
      c.out += m.out;
    } else if (isTotal(m)) {
      const prev = last.get(sensor);
      if (prev) {
        c.in += (m.inTotal - prev.inTotal + 65536) % 65536;
        c.out += (m.outTotal - prev.outTotal + 65536) % 65536;
      }
      last.set(sensor, m);
    }
  }
  return counts;
}

function countsFromVisits(visits: Visit[]): Map<string, { in: number; out: number }> {
  const counts = new Map(DOORS.map((d) => [d, { in: 0, out: 0 }]));
  for (const v of visits) for (const c of v.crossings) if (c.counted) counts.get(c.door)![c.direction]++;
  return counts;
}

describe('door counters', () => {
  const window = serviceDays(site, '2026-11-02', '2026-11-15');
  let events: SimulatedEvent[];
  let visits: Visit[];
  beforeAll(() => {
    events = [...generateTraffic(site, { ...window, seed: 5 })].filter((e) => e.message.type === 'door');
    visits = [...generateVisits(site, { ...window, seed: 5 })];
  });

  it('counts exactly the crossings of the simulated visits', () => {
    const fromMessages = countsFromMessages(events);
    const fromVisits = countsFromVisits(visits);
    // The cumulative counter's first report is the baseline, and nobody crosses before opening.
    expect(fromMessages).toEqual(fromVisits);
    const entries = [...fromVisits.values()].reduce((s, c) => s + c.in, 0);
    expect(entries).toBe(visits.length);
  });

  it('under-counts exits by about the missed-count rate, and only exits', () => {
    const counts = [...countsFromMessages(events).values()];
    const ins = counts.reduce((s, c) => s + c.in, 0);
    const outs = counts.reduce((s, c) => s + c.out, 0);
    expect(ins).toBeGreaterThan(10_000);
    expect(outs / ins).toBeGreaterThan(1 - 0.025 - 0.008);
    expect(outs / ins).toBeLessThan(1 - 0.025 + 0.008);
  });

  it('balances exactly, every day, when no count is missed', () => {
    const perfect = [...generateTraffic(site, { ...window, seed: 5, missedCountRate: 0 })].filter((e) => e.message.type === 'door');
    const byDay = new Map<string, number>();
    const last = new Map<string, DoorTotalMessage>();
    for (const { sensor, message: m } of perfect) {
      const day = m.ts.slice(0, 10);
      let net = 0;
      if (isDelta(m)) net = m.in - m.out;
      else if (isTotal(m)) {
        const prev = last.get(sensor);
        if (prev) net = ((m.inTotal - prev.inTotal + 65536) % 65536) - ((m.outTotal - prev.outTotal + 65536) % 65536);
        last.set(sensor, m);
      }
      byDay.set(day, (byDay.get(day) ?? 0) + net);
    }
    expect(byDay.size).toBe(14);
    expect([...byDay.values()].every((n) => n === 0)).toBe(true);
  });

  it('sends cumulative totals from one door, wrapping at its rollover', () => {
    const nearlyFull = { 'river-door-b': { inTotal: 65_200, outTotal: 65_100 } };
    const doors = [...generateTraffic(site, { ...window, seed: 5, cumulativeStart: nearlyFull })].filter((e) => e.message.type === 'door');
    const totals = doors.filter((e) => isTotal(e.message));
    expect(new Set(totals.map((e) => e.sensor))).toEqual(new Set(['river-door-b']));
    expect(doors.filter((e) => e.sensor !== 'river-door-b').every((e) => isDelta(e.message))).toBe(true);
    const values = totals.map((e) => e.message as DoorTotalMessage);
    expect(values.every((m) => m.inTotal >= 0 && m.inTotal < 65536 && m.outTotal >= 0 && m.outTotal < 65536)).toBe(true);
    const wraps = values.filter((m, i) => i > 0 && m.inTotal < values[i - 1]!.inTotal);
    expect(wraps).toHaveLength(1);
    // Across the wrap nothing is lost: the differences modulo the rollover still add up to the crossings.
    expect(countsFromMessages(doors).get('river-door-b')).toEqual(countsFromVisits(visits).get('river-door-b'));
  });

  it('keeps counting across windows, from the counter\'s installation', () => {
    const totalsIn = (from: string, to: string) =>
      [...generateTraffic(site, { ...serviceDays(site, from, to), seed: 5 })].filter((e) => e.sensor === 'river-door-b' && isTotal(e.message)).map((e) => e.message as DoorTotalMessage);
    const before = totalsIn('2026-10-26', '2026-11-01');
    const after = totalsIn('2026-11-02', '2026-11-08');
    // Nobody comes in overnight: the next window starts where the previous one ended.
    expect(after[0]).toMatchObject({ inTotal: before.at(-1)!.inTotal, outTotal: before.at(-1)!.outTotal });
    expect(after[0]!.seq!).toBeGreaterThan(before.at(-1)!.seq!);
  });

  it('wraps the demo\'s cumulative counter within its eight weeks of history', () => {
    const history = serviceDays(site, '2026-09-27', '2026-11-21');
    const values = [...generateTraffic(site, history)].filter((e) => e.sensor === 'river-door-b' && isTotal(e.message)).map((e) => e.message as DoorTotalMessage);
    expect(values.filter((m, i) => i > 0 && m.inTotal < values[i - 1]!.inTotal)).toHaveLength(1);
  });

  it('reports every interval around opening hours, stamped at the interval end', () => {
    const mainA = events.filter((e) => e.sensor === 'main-door-a').map((e) => Date.parse(e.message.ts));
    expect(mainA.every((t) => t % (5 * 60_000) === 0)).toBe(true);
    const tenMinute = [...generateTraffic(site, { ...serviceDays(site, '2026-11-03', '2026-11-03'), seed: 5, doorIntervalMinutes: 10 })].filter(
      (e) => e.sensor === 'main-door-a' && e.message.type === 'door',
    );
    // Tuesday 08:00-21:00 plus half an hour either side: 14 hours of 10-minute intervals.
    expect(tenMinute).toHaveLength(84);
  });
});
