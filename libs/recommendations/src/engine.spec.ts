import { recommend, RULES } from './engine.js';
import { library, riversideLike, shippedConfig, useWith, zoneOf } from './evidence.fixture.js';
import { scoreOf } from './rule-kit.js';
import { BUDGETS, RULE_IDS } from './types.js';

const config = shippedConfig();

describe('the recommendation engine', () => {
  it('turns the Riverside-shaped month into its five known problems, most important first', () => {
    const out = recommend(riversideLike(), config);
    expect(out.map((r) => [r.id, r.priority, r.score])).toEqual([
      // Reading Room above 85 % for half the open hours, twice the threshold: high, 300 + 20.
      ['crowded-beside-idle:reading-room', 'high', 320],
      // The cafe cluster 45.2 m from the desk: 45.2 / 15 ≈ 3.01, low raised to medium, 200 + 30.1.
      ['hotspot-far-from-service:ground', 'medium', 230.1],
      // 42 % of the first floor's people in one cluster, no desk on that floor: 0.42 / 0.15 = 2.8, 228.
      ['hotspot-far-from-service:first', 'medium', 228],
      // Groups in 45 % of Local Studies sessions: 0.45 / 0.3 = 1.5, medium, 215.
      ['groups-in-quiet-zone:local-studies', 'medium', 215],
      // 62 % of arrivals through the river entrance: 0.62 / 0.55 ≈ 1.13, low, 111.3.
      ['power-aisle:river-entrance', 'low', 111.3],
    ]);
    for (const r of out) {
      expect(r.id).toBe(`${r.rule}:${r.id.slice(r.rule.length + 1)}`);
      expect(RULE_IDS).toContain(r.rule);
      expect(Object.keys(r.options)).toEqual([...BUDGETS]);
      for (const b of BUDGETS) {
        const o = r.options[b];
        expect([o.action, o.expectedEffect, o.check.metric, o.check.by].every((s) => s.length > 0)).toBe(true);
        expect(o.check.afterWeeks).toBeGreaterThan(0);
      }
      expect(r.evidence.metrics.length).toBeGreaterThan(0);
      for (const m of r.evidence.metrics) expect(m.display).toMatch(/\d/);
      expect(r.evidence.figure).not.toBeNull();
    }
  });

  it('has nothing to say about a calm month', () => {
    expect(recommend(library(), config)).toEqual([]);
  });

  it('orders equal scores by id, whatever the order of the zones', () => {
    const ev = library();
    // Local Studies and the Garden Study Room both at 10 %: 0.2 / 0.1 = 2 each, both low raised to medium, 220.
    zoneOf(ev, 'local-studies').use = useWith(0.1, 2.4, 0.5, 0, 0, 1);
    zoneOf(ev, 'garden-study').use = useWith(0.1, 3.2, 0.4, 0, 0, 1);
    ev.zones.reverse();
    expect(recommend(ev, config).map((r) => [r.id, r.score])).toEqual([
      ['under-used-zone:garden-study', 220],
      ['under-used-zone:local-studies', 220],
    ]);
  });

  it('is deterministic and leaves its input alone', () => {
    const ev = riversideLike();
    const first = recommend(ev, config);
    expect(ev).toEqual(riversideLike());
    expect(recommend(ev, config)).toEqual(first);
    expect(new Set(first.map((r) => r.id)).size).toBe(first.length);
  });

  it('runs every rule family', () => {
    expect(RULES).toHaveLength(9);
  });
});

describe('scores and priorities', () => {
  it('adds 10 × severity to 100 per priority level, capped so a level is never overtaken', () => {
    expect(scoreOf('low', 1, 2)).toEqual({ priority: 'low', score: 110 });
    expect(scoreOf('medium', 1.999, 2)).toEqual({ priority: 'medium', score: 220 });
    expect(scoreOf('medium', 2, 2)).toEqual({ priority: 'high', score: 320 });
    expect(scoreOf('high', 50, 2)).toEqual({ priority: 'high', score: 399 });
    expect(scoreOf('low', 3.0133, 4)).toEqual({ priority: 'low', score: 130.1 });
  });
});
