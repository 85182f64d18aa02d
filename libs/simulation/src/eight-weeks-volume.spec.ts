import { generateTraffic } from './traffic-generator.js';
import { loadRiverside, serviceDays } from './riverside-site.fixture.js';

describe('eight weeks of the demo library', () => {
  it('is a realistic volume of readings, every one for a declared sensor', () => {
    const site = loadRiverside();
    const declared = new Set(site.floors.flatMap((f) => f.sensors.map((s) => s.id)));
    const window = serviceDays(site, '2026-09-28', '2026-11-22');
    let count = 0;
    const kinds = new Map<string, number>();
    for (const e of generateTraffic(site, window)) {
      count++;
      if (!declared.has(e.sensor)) throw new Error(`event for undeclared sensor ${e.sensor}`);
      kinds.set(e.message.type, (kinds.get(e.message.type) ?? 0) + 1);
    }
    expect(count).toBeGreaterThan(100_000);
    expect(count).toBeLessThan(1_000_000);
    expect([...kinds.keys()].sort()).toEqual(['desk', 'door', 'heartbeat', 'zone']);
  });
});
