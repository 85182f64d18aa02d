import { doorOf, floorOf, library, riversideLike, shippedConfig, zoneOf } from '../evidence.fixture.js';
import { powerAisleRule } from './power-aisle.js';

const config = shippedConfig();

describe('the power aisle: the busiest walk from the door', () => {
  it('puts the displays on the walk from the river entrance to the cafe', () => {
    const [r, ...rest] = powerAisleRule(riversideLike(), config);
    expect(rest).toEqual([]);
    // River doors 0.31 + 0.31 = 62 % of arrivals; 0.62 / 0.55 ≈ 1.127: low, 100 + 11.3.
    expect(r).toMatchObject({ id: 'power-aisle:river-entrance', rule: 'power-aisle', priority: 'low', score: 111.3, floor: 'ground' });
    expect(r!.zones).toEqual(['river-entrance', 'cafe']);
    expect(r!.title).toBe('Use the walk from River Entrance to Riverside Cafe for displays');
    expect(r!.finding).toContain("62 % of the building's arrivals come in through River Entrance");
    expect(r!.finding).toContain('(35 % of them) is around Riverside Cafe, 16 m away');
    expect(r!.evidence.metrics.map((m) => [m.label, m.value, m.display])).toEqual([
      ['Share of arrivals through this entrance', 0.62, '62 %'],
      ["Share of the floor's people in the hot spot", 0.35, '35 %'],
      ['Walk from the door to the hot spot', 15.6, '16 m'],
    ]);
    // Both river doors take 31 %: the first by key, river-door-a at [60, 20], starts the walk.
    expect(r!.evidence.figure).toEqual({
      kind: 'floor-map',
      floor: 'ground',
      zones: ['river-entrance', 'cafe'],
      points: [
        { at: [60, 20], label: 'Door' },
        { at: [50, 8], label: 'Hot spot (35 %)' },
      ],
    });
    expect(r!.options.none.action).toContain('onto the walk from River Entrance to Riverside Cafe');
    expect(r!.options.none.check).toEqual({ metric: 'poll score for wow', zones: ['cafe'], direction: 'up', by: '0.3 points', afterWeeks: 8 });
    expect(r!.options.low.check).toEqual({ metric: 'utilisation', zones: ['cafe'], direction: 'up', by: '5 points', afterWeeks: 8 });
    expect(r!.options.high.check.afterWeeks).toBe(16);
  });

  it('starts from the door that takes more of the entrance\'s arrivals', () => {
    const ev = riversideLike();
    doorOf(ev, 'river-door-a').arrivalsShare = 0.2;
    doorOf(ev, 'river-door-b').arrivalsShare = 0.42;
    const [r] = powerAisleRule(ev, config);
    expect(r!.evidence.figure).toMatchObject({ points: [{ at: [60, 24] }, { at: [50, 8] }] });
    expect(r!.evidence.metrics[2]!.value).toBe(18.9);
  });

  it('is silent when arrivals are split evenly between the entrances', () => {
    // Calm month: 50 % by each entrance, under the 55 % that makes one of them "where most people come in".
    expect(powerAisleRule(library(), config)).toEqual([]);
  });

  it('is silent when the walk is too short, the hot spot small, or its zones without reliable data', () => {
    const short = riversideLike();
    doorOf(short, 'river-door-a').pathToHotspot = { zones: ['river-entrance', 'cafe'], lengthM: 7 };
    doorOf(short, 'river-door-b').pathToHotspot = null;
    expect(powerAisleRule(short, config)).toEqual([]);
    const small = riversideLike();
    floorOf(small, 'ground').hotspots = [{ centroid: [50, 8], areaM2: 10, share: 0.09, zones: ['cafe'], toServiceDeskM: 45.2 }];
    expect(powerAisleRule(small, config)).toEqual([]);
    const blind = riversideLike();
    zoneOf(blind, 'cafe').use = null;
    expect(powerAisleRule(blind, config)).toEqual([]);
  });
});
