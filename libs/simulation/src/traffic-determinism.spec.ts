import { createHash } from 'node:crypto';
import { generateTraffic, generateVisits } from './traffic-generator.js';
import { loadRiverside, serviceDays } from './riverside-site.fixture.js';

const site = loadRiverside();

function digest(events: Iterable<unknown>): { count: number; sha: string } {
  const hash = createHash('sha256');
  let count = 0;
  for (const e of events) {
    hash.update(JSON.stringify(e));
    count++;
  }
  return { count, sha: hash.digest('hex') };
}

describe('traffic determinism', () => {
  const week = serviceDays(site, '2026-11-02', '2026-11-08');

  it('gives the same events for the same seed and window', () => {
    const a = digest(generateTraffic(site, { ...week, seed: 42 }));
    const b = digest(generateTraffic(site, { ...week, seed: 42 }));
    expect(a.count).toBeGreaterThan(10_000);
    expect(b).toEqual(a);
  });

  it('gives different traffic for another seed', () => {
    expect(digest(generateTraffic(site, { ...week, seed: 43 })).sha).not.toBe(digest(generateTraffic(site, { ...week, seed: 42 })).sha);
  });

  it('plans a day the same whatever window it is generated in', () => {
    const day = serviceDays(site, '2026-11-04', '2026-11-04');
    const alone = [...generateVisits(site, { ...day, seed: 7 })];
    const within = [...generateVisits(site, { ...week, seed: 7 })].filter((v) => v.arrive >= day.from && v.arrive < day.to);
    expect(alone.length).toBeGreaterThan(500);
    expect(within).toEqual(alone);
  });

  it('gives an event the same seq and totals in any window that contains it', () => {
    const a = [...generateTraffic(site, { ...week, seed: 9, offlineSensors: [] })];
    const overlap = { from: new Date('2026-11-04T12:00:00Z'), to: week.to };
    const b = [...generateTraffic(site, { from: overlap.from, to: new Date('2026-11-12T05:00:00Z'), seed: 9, offlineSensors: [] })];
    const within = (e: { message: { ts: string } }) => e.message.ts >= overlap.from.toISOString() && e.message.ts < overlap.to.toISOString();
    const fromA = a.filter(within);
    const fromB = b.filter(within);
    expect(fromA.length).toBeGreaterThan(5_000);
    expect(fromB).toEqual(fromA);
  });

  it('yields events in time order, one service day at a time', () => {
    let last = -Infinity;
    let pulled = 0;
    const iterator = generateTraffic(site, { ...serviceDays(site, '2026-11-02', '2027-11-01'), seed: 1 });
    // A year-long window is fine: nothing is generated beyond what is pulled.
    for (const e of iterator) {
      const t = Date.parse(e.message.ts);
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
      if (++pulled === 20_000) break;
    }
    expect(pulled).toBe(20_000);
  });
});
