import { floorOf, library, riversideLike, shippedConfig, useWith, zoneOf } from '../evidence.fixture.js';
import { serviceDeskRule } from './service-points.js';

const config = shippedConfig();

describe('hot spots far from the service desk', () => {
  it('finds people gathering by the cafe, 45 m from the desk, and upstairs where there is no desk', () => {
    const [ground, first, ...rest] = serviceDeskRule(riversideLike(), config);
    expect(rest).toEqual([]);
    // 45.2 m / 15 m = 3.01: low raised to medium, 200 + 30.1.
    expect(ground).toMatchObject({ id: 'hotspot-far-from-service:ground', rule: 'hotspot-far-from-service', priority: 'medium', score: 230.1 });
    expect(ground!.floor).toBe('ground');
    expect(ground!.zones).toEqual(['cafe', 'service-desk']);
    expect(ground!.title).toBe('People gather 45 m from the service desk (Ground floor)');
    expect(ground!.finding).toContain('35 % of the people present were in one cluster around Riverside Cafe, 45 m in a straight line from Enquiries & Returns Desk');
    expect(ground!.finding).toContain('In all, 35 % of the floor\'s people gathered at least 15 m from the desk');
    expect(ground!.evidence.metrics.map((m) => [m.label, m.value, m.display])).toEqual([
      ["Share of the floor's people in the hot spot", 0.35, '35 %'],
      ['Hot spot to service desk (straight line)', 45.2, '45 m'],
      ["Share of the floor's people in hot spots far from the desk", 0.35, '35 %'],
    ]);
    expect(ground!.evidence.figure).toEqual({
      kind: 'floor-map',
      floor: 'ground',
      zones: ['cafe', 'service-desk'],
      points: [
        { at: [50, 8], label: 'Hot spot (35 %)' },
        { at: [5, 4], label: 'Service desk' },
      ],
    });
    expect(ground!.options.none.check).toEqual({ metric: 'poll score for convenience', zones: ['cafe'], direction: 'up', by: '0.3 points', afterWeeks: 8 });
    expect(ground!.options.low.check).toEqual({ metric: 'hot-spot distance to the service desk', zones: ['cafe'], direction: 'down', by: 'from 45 m to under 15 m', afterWeeks: 4 });
    expect(ground!.options.high.action).toContain('Move the main service desk');

    // The Reading Room cluster holds 42 % of the first floor's people; 0.42 / 0.15 = 2.8: low raised to medium, 228.
    expect(first).toMatchObject({ id: 'hotspot-far-from-service:first', priority: 'medium', score: 228, floor: 'first', zones: ['reading-room'] });
    expect(first!.title).toBe('People gather on the First floor, which has no service desk');
    expect(first!.finding).toContain('42 % of the people present were in one cluster around The Reading Room');
    expect(first!.evidence.figure).toEqual({ kind: 'floor-map', floor: 'first', zones: ['reading-room'], points: [{ at: [45, 8], label: 'Hot spot (42 %)' }] });
    expect(first!.options.low.check).toMatchObject({ zones: ['reading-room'], direction: 'down', by: 'to under 15 m' });
  });

  it('adds up every far hot spot of the floor, led by the largest', () => {
    const ev = riversideLike();
    floorOf(ev, 'ground').hotspots.push({ centroid: [11, 33], areaM2: 12, share: 0.12, zones: ['children'], toServiceDeskM: 29.1 });
    const [ground] = serviceDeskRule(ev, config);
    // 0.35 + 0.12 = 47 % of the floor far from the desk; the lead is still the cafe's.
    expect(ground!.finding).toContain('In all, 47 % of the floor');
    expect(ground!.title).toContain('45 m');
    expect(ground!.zones).toEqual(['cafe', 'children', 'service-desk']);
    expect(ground!.evidence.figure).toMatchObject({ points: [{ label: 'Hot spot (35 %)' }, { label: 'Hot spot (12 %)' }, { label: 'Service desk' }] });
  });

  it('is silent on a calm month: the big cluster is 9 m from the desk, the cafe one small', () => {
    expect(serviceDeskRule(library(), config)).toEqual([]);
  });

  it('says nothing about a hot spot just inside 15 m, or one over zones without reliable data', () => {
    const near = riversideLike();
    floorOf(near, 'ground').hotspots[0]!.toServiceDeskM = 14.9;
    expect(serviceDeskRule(near, config).map((r) => r.id)).toEqual(['hotspot-far-from-service:first']);
    const patchy = riversideLike();
    zoneOf(patchy, 'cafe').use = useWith(0.45, 10.8, 0.9, 24, 0.08, 0.4);
    zoneOf(patchy, 'reading-room').use = null;
    // Upstairs, the Reading Room cluster is passed over for the next one, over Local Studies (20 %: 0.2 / 0.15 = 1.33, low, 113.3).
    expect(serviceDeskRule(patchy, config).map((r) => [r.id, r.zones, r.score])).toEqual([['hotspot-far-from-service:first', ['local-studies'], 113.3]]);
    zoneOf(patchy, 'local-studies').use = null;
    expect(serviceDeskRule(patchy, config)).toEqual([]);
  });

  it('leaves a floor without a desk alone while its people are spread out', () => {
    const ev = riversideLike();
    floorOf(ev, 'first').hotspots = [{ centroid: [45, 8], areaM2: 20, share: 0.14, zones: ['reading-room'], toServiceDeskM: null }];
    expect(serviceDeskRule(ev, config).map((r) => r.id)).toEqual(['hotspot-far-from-service:ground']);
  });
});
