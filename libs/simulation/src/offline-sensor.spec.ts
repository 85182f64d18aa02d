import { defaultOfflineWindow, generateTraffic, type SimulatedEvent } from './traffic-generator.js';
import { loadRiverside, serviceDays } from './riverside-site.fixture.js';

const site = loadRiverside();

describe('a sensor that goes offline', () => {
  const window = serviceDays(site, '2026-11-02', '2026-11-15');
  const offline = defaultOfflineWindow(window.from, window.to);
  const inside = (e: SimulatedEvent) => Date.parse(e.message.ts) >= offline.from.getTime() && Date.parse(e.message.ts) < offline.to.getTime();
  let events: SimulatedEvent[];
  beforeAll(() => {
    events = [...generateTraffic(site, { ...window, seed: 13 })];
  });

  it('goes silent for a stretch of the window', () => {
    expect(offline.to.getTime() - offline.from.getTime()).toBe(4032 * 60_000); // a fifth of two weeks
    expect(offline.from.getTime()).toBeGreaterThan(window.from.getTime());
    expect(offline.to.getTime()).toBeLessThan(window.to.getTime());
  });

  it('sends nothing at all from the cafe headcount sensor in its window, and reports before and after', () => {
    const cafe = events.filter((e) => e.sensor === 'zone-cafe');
    expect(cafe.filter(inside)).toEqual([]);
    expect(cafe.filter((e) => Date.parse(e.message.ts) < offline.from.getTime()).length).toBeGreaterThan(100);
    expect(cafe.filter((e) => Date.parse(e.message.ts) >= offline.to.getTime()).length).toBeGreaterThan(100);
    // Its frame counter kept running: the first message after the gap shows how many were lost.
    const after = cafe.find((e) => Date.parse(e.message.ts) >= offline.to.getTime())!;
    const before = cafe.filter((e) => Date.parse(e.message.ts) < offline.from.getTime()).at(-1)!;
    expect(after.message.seq! - before.message.seq!).toBeGreaterThan(50);
  });

  it('leaves every other sensor reporting through the gap', () => {
    const during = new Set(events.filter(inside).map((e) => e.sensor));
    expect(during.has('zone-cafe')).toBe(false);
    expect(during.has('zone-children')).toBe(true);
    expect(during.has('river-door-a')).toBe(true);
  });

  it('can take a desk offline on request and still report it consistently afterwards', () => {
    const desk = 'desk-reading-room-07';
    const gap = { from: new Date(Date.parse('2026-11-03T10:00:00Z')), to: new Date(Date.parse('2026-11-04T12:00:00Z')) };
    const traffic = [...generateTraffic(site, { ...window, seed: 13, offlineSensors: [desk], offlineWindow: gap })].filter((e) => e.sensor === desk);
    expect(traffic.filter((e) => e.message.ts >= gap.from.toISOString() && e.message.ts < gap.to.toISOString())).toEqual([]);
    const states = traffic.filter((e) => e.message.type === 'desk').map((e) => (e.message.type === 'desk' ? e.message.occupied : null));
    expect(states.length).toBeGreaterThan(20);
    expect(states.every((s, i) => s === (i % 2 === 0))).toBe(true);
    // The cafe sensor is online when only the desk was asked to go offline.
    const cafe = [...generateTraffic(site, { ...window, seed: 13, offlineSensors: [desk] })].filter((e) => e.sensor === 'zone-cafe');
    expect(cafe.filter(inside).length).toBeGreaterThan(50);
  });
});
