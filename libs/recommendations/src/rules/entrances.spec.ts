import { doorOf, library, riversideLike, shippedConfig } from '../evidence.fixture.js';
import { entranceRule } from './entrances.js';

const config = shippedConfig();

describe('the first metres inside the entrances', () => {
  it('finds the main entrance cluttered: the children\'s library reaching in and 2.4 times the floor\'s density', () => {
    const ev = library();
    doorOf(ev, 'main-door').firstMetres = { radiusM: 5, density: 0.12, floorDensity: 0.05, zones: ['children'] };
    const [r, ...rest] = entranceRule(ev, config);
    expect(rest).toEqual([]);
    // 0.12 / 0.05 = 2.4 times; 2.4 / 1.5 = 1.6: medium, 200 + 16.
    expect(r).toMatchObject({ id: 'decompression-zone:main-entrance', rule: 'decompression-zone', priority: 'medium', score: 216, floor: 'ground' });
    expect(r!.zones).toEqual(['main-entrance', 'children']);
    expect(r!.title).toBe('The first metres inside Main Entrance (Bridge Street) are cluttered');
    expect(r!.finding).toContain('Within 5 m of the door (main-door)');
    expect(r!.finding).toContain('the density was 0.12 per m²: 2.4 times the floor\'s average of 0.05 per m² (from 1.5 times on');
    expect(r!.finding).toContain("Other areas reaching into this space: Children's Library. 50 % of the building's arrivals come in this way.");
    expect(r!.evidence.metrics.map((m) => [m.zone, m.unit, m.display])).toEqual([
      ['main-entrance', 'per-m2', '0.12 per m²'],
      [null, 'per-m2', '0.05 per m²'],
      ['main-entrance', 'share', '50 %'],
    ]);
    expect(r!.evidence.figure).toEqual({ kind: 'floor-map', floor: 'ground', zones: ['main-entrance', 'children'], points: [{ at: [30, 40], label: 'Door' }] });
    expect(r!.options.none.action).toContain('Clear the first 5 m inside the door');
    expect(r!.options.none.check).toEqual({
      metric: 'people per m² in the first metres',
      zones: ['main-entrance'],
      direction: 'down',
      by: "from 2.4 times to under 1.5 times the floor's average",
      afterWeeks: 4,
    });
    expect(r!.options.low.action).toContain("areas now reaching in: Children's Library");
    expect(r!.options.high.action).toContain('Redesign Main Entrance (Bridge Street) as a welcome area');
  });

  it('counts a zone reaching into the first metres of either door of a double entrance, even at ordinary density', () => {
    const ev = library();
    doorOf(ev, 'river-door-b').firstMetres.zones = ['cafe'];
    const [r, ...rest] = entranceRule(ev, config);
    expect(rest).toEqual([]);
    // River door a is the more crowded of the two (0.04 / 0.05 = 0.8 times against 0.6), and speaks for the entrance;
    // at 0.8 / 1.5 ≈ 0.53 the density alone would not count, so the severity is 1 for the cafe reaching in: 210.
    expect(r).toMatchObject({ id: 'decompression-zone:river-entrance', score: 210, zones: ['river-entrance', 'cafe'] });
    expect(r!.finding).toContain('(river-door-a, river-door-b)');
    expect(r!.finding).toContain('0.8 times the floor');
    expect(r!.finding).toContain('Other areas reaching into this space: Riverside Cafe');
    expect(r!.evidence.figure).toMatchObject({ points: [{ at: [60, 20] }, { at: [60, 24] }] });
  });

  it('finds an entrance few people use', () => {
    const ev = library();
    doorOf(ev, 'river-door-a').arrivalsShare = 0.45;
    doorOf(ev, 'river-door-b').arrivalsShare = 0.45;
    doorOf(ev, 'main-door').arrivalsShare = 0.1;
    const [r, ...rest] = entranceRule(ev, config);
    expect(rest).toEqual([]);
    // 0.15 / 0.1 = 1.5: low, 115.
    expect(r).toMatchObject({ id: 'little-used-entrance:main-entrance', rule: 'little-used-entrance', priority: 'low', score: 115 });
    expect(r!.zones).toEqual(['main-entrance', 'river-entrance']);
    expect(r!.finding).toContain('Only 10 % of the building\'s arrivals came in through Main Entrance (Bridge Street), against 90 % through River Entrance');
    expect(r!.options.none.action).toContain('opening-hours sign to River Entrance');
    expect(r!.options.none.check).toEqual({
      metric: 'share of arrivals through Main Entrance (Bridge Street)',
      zones: ['main-entrance'],
      direction: 'up',
      by: 'from 10 % to 15 % or more',
      afterWeeks: 6,
    });
    expect(r!.options.high.check.zones).toEqual(['main-entrance', 'river-entrance']);
    expect(r!.evidence.metrics.map((m) => [m.zone, m.display])).toEqual([
      ['main-entrance', '10 %'],
      ['river-entrance', '90 %'],
    ]);
  });

  it('is silent on a calm month and at Riverside, where 38 % still come in by the main door', () => {
    expect(entranceRule(library(), config)).toEqual([]);
    expect(entranceRule(riversideLike(), config)).toEqual([]);
  });

  it('does not call the only entrance with a known share little used', () => {
    const ev = library();
    doorOf(ev, 'river-door-a').arrivalsShare = null;
    doorOf(ev, 'river-door-b').arrivalsShare = null;
    doorOf(ev, 'main-door').arrivalsShare = 0.1;
    expect(entranceRule(ev, config)).toEqual([]);
  });

  it('a first-metres density just under 1.5 times the floor\'s is not clutter', () => {
    const ev = library();
    doorOf(ev, 'main-door').firstMetres = { radiusM: 5, density: 0.074, floorDensity: 0.05, zones: [] };
    expect(entranceRule(ev, config)).toEqual([]);
  });
});
