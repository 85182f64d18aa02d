import type { LayoutChangeEvidence } from '../types.js';
import { library, shippedConfig } from '../evidence.fixture.js';
import { layoutChangeRule } from './layout-changes.js';

const config = shippedConfig();

function withChange(change: Partial<LayoutChangeEvidence>) {
  const ev = library();
  ev.changes = [
    {
      date: '2026-09-14',
      description: 'eight Reading Room desks moved to the Garden Study Room',
      zones: ['reading-room', 'garden-study'],
      before: { utilisation: 0.52, hoursAbove: 40, medianMinutes: 90 },
      after: { utilisation: 0.6, hoursAbove: 22, medianMinutes: 100 },
      weeks: 4,
      ...change,
    },
  ];
  return ev;
}

describe('review of a declared layout change', () => {
  it('calls a change better when use rose and crowding fell', () => {
    const [r, ...rest] = layoutChangeRule(withChange({}), config);
    expect(rest).toEqual([]);
    // Utilisation +0.08 (0.08 / 0.05 = 1.6); hours above 40 → 22, −18 against a step of max(5, 0.25 × 40) = 10 (1.8):
    // severity 1.8, low, 100 + 18.
    expect(r).toMatchObject({ id: 'layout-change-review:2026-09-14/reading-room+garden-study', rule: 'layout-change-review', priority: 'low', score: 118 });
    expect(r!.floor).toBe('first');
    expect(r!.zones).toEqual(['reading-room', 'garden-study']);
    expect(r!.title).toBe('The change of 2026-09-14 worked: eight Reading Room desks moved to the Garden Study Room');
    expect(r!.finding).toContain('In the 4 weeks after 2026-09-14');
    expect(r!.finding).toContain('The Reading Room and Garden Study Room were 60 % full on average against 52 % in the 4 weeks before (+8 points)');
    expect(r!.finding).toContain('above 85 % for 22 h against 40 h. Median stay at a desk: 90 min before, 100 min after.');
    expect(r!.evidence.metrics.map((m) => [m.label, m.display])).toEqual([
      ['Average use before the change', '52 %'],
      ['Average use after the change', '60 %'],
      ['Hours above 85 % full before the change', '40 h'],
      ['Hours above 85 % full after the change', '22 h'],
      ['Median stay before the change', '90 min'],
      ['Median stay after the change', '100 min'],
    ]);
    expect(r!.evidence.figure).toEqual({ kind: 'floor-map', floor: 'first', zones: ['reading-room', 'garden-study'], points: [] });
    expect(r!.options.none.check).toEqual({ metric: 'utilisation', zones: ['reading-room', 'garden-study'], direction: 'up', by: 'stays at 60 % or more', afterWeeks: 12 });
  });

  it('calls a change worse when use fell', () => {
    const [r] = layoutChangeRule(withChange({ after: { utilisation: 0.44, hoursAbove: 38, medianMinutes: 80 } }), config);
    // −0.08 / 0.05 = 1.6 (hours −2, under the step of 10): medium, 216.
    expect(r).toMatchObject({ id: 'layout-change-review:2026-09-14/reading-room+garden-study', priority: 'medium', score: 216 });
    expect(r!.title).toBe('The change of 2026-09-14 made things worse: eight Reading Room desks moved to the Garden Study Room');
    expect(r!.finding).toContain('44 % full on average against 52 % in the 4 weeks before (-8 points)');
    expect(r!.options.low.check).toEqual({ metric: 'utilisation', zones: ['reading-room', 'garden-study'], direction: 'up', by: 'back to 52 %', afterWeeks: 6 });
  });

  it('sees no clear change in small moves, or in moves that pull both ways', () => {
    const [small] = layoutChangeRule(withChange({ after: { utilisation: 0.54, hoursAbove: 38, medianMinutes: null } }), config);
    // +0.02 and −2 h: neither counts; severity 1, low, 110.
    expect(small).toMatchObject({ score: 110, priority: 'low' });
    expect(small!.title).toBe('No clear effect yet from the change of 2026-09-14: eight Reading Room desks moved to the Garden Study Room');
    expect(small!.finding).toContain('Median stay at a desk: 90 min before, not measured after.');
    expect(small!.evidence.metrics.map((m) => m.label)).not.toContain('Median stay after the change');
    expect(small!.options.none.check.by).toBe('5 points or more');
    // More use (+0.1) but also 20 more crowded hours (step max(5, 0.25 × 10) = 5): mixed.
    const [mixed] = layoutChangeRule(
      withChange({ before: { utilisation: 0.3, hoursAbove: 10, medianMinutes: 60 }, after: { utilisation: 0.4, hoursAbove: 30, medianMinutes: 60 } }),
      config,
    );
    expect(mixed!.title).toMatch(/^No clear effect yet/);
  });

  it('says nothing without data on both sides, with too few weeks, or without changes', () => {
    expect(layoutChangeRule(withChange({ before: null }), config)).toEqual([]);
    expect(layoutChangeRule(withChange({ weeks: 1 }), config)).toEqual([]);
    expect(layoutChangeRule(library(), config)).toEqual([]);
  });

  it('draws no map when the zones are on different floors', () => {
    const [r] = layoutChangeRule(withChange({ zones: ['reading-room', 'cafe'] }), config);
    expect(r!.floor).toBeNull();
    expect(r!.evidence.figure).toBeNull();
  });
});
