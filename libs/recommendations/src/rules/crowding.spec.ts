import { library, riversideLike, shippedConfig, useWith, zoneOf } from '../evidence.fixture.js';
import { crowdingRule } from './crowding.js';

const config = shippedConfig();

describe('crowded zones beside under-used ones', () => {
  it('pairs the full Reading Room with the idle Garden Study Room next to it', () => {
    const [r, ...rest] = crowdingRule(riversideLike(), config);
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ id: 'crowded-beside-idle:reading-room', rule: 'crowded-beside-idle', floor: 'first', zones: ['reading-room', 'garden-study'] });
    // 150 of 300 open hours above 85 %: 0.5, twice the 0.25 threshold, so the configured medium is raised to high; 300 + 10 × 2.
    expect(r!.priority).toBe('high');
    expect(r!.score).toBe(320);
    expect(r!.title).toBe('The Reading Room is full while seats stand empty in Garden Study Room');
    // The Garden Study Room: 3.84 people of 32 seats = 12 %, 32 − 3.84 = 28.16 → about 28 seats free.
    expect(r!.finding).toContain('150 h of the 300 h it was open (50 %)');
    expect(r!.finding).toContain('82 % full on average');
    expect(r!.finding).toContain('the same kind of seats in Garden Study Room (First floor) were only 12 % full');
    expect(r!.finding).toContain('12 % full on average: about 28 seats stood free');
    expect(r!.evidence.metrics.map((m) => [m.zone, m.value, m.unit, m.display])).toEqual([
      ['reading-room', 0.5, 'share', '50 %'],
      ['reading-room', 150, 'hours', '150 h'],
      ['reading-room', 0.82, 'share', '82 %'],
      ['reading-room', 1, 'share', '100 %'],
      ['garden-study', 0.12, 'share', '12 %'],
      [null, 28, 'count', '28'],
    ]);
    expect(r!.evidence.metrics[0]!.label).toBe('Open hours above 85 % full');
    expect(r!.evidence.figure).toEqual({ kind: 'floor-map', floor: 'first', zones: ['reading-room', 'garden-study'], points: [] });
    expect(Object.keys(r!.options)).toEqual(['none', 'low', 'high']);
    expect(r!.options.none.action).toContain('More study seats in Garden Study Room');
    expect(r!.options.none.check).toEqual({ metric: 'share of open hours above 85 %', zones: ['reading-room'], direction: 'down', by: 'from 50 % to 25 % or less', afterWeeks: 6 });
    expect(r!.options.low.check).toEqual({ metric: 'utilisation', zones: ['garden-study'], direction: 'up', by: 'from 12 % to 20 % or more', afterWeeks: 8 });
    expect(r!.options.high.action).toContain('Refurbish or reconfigure Garden Study Room');
  });

  it('offers up to two idle rooms, the same floor first and nearest first, with their combined use', () => {
    const ev = riversideLike();
    // Local Studies (36 m from the Reading Room) goes idle too: 2.4 people of 24; the Garden Study Room is 20 m away.
    zoneOf(ev, 'local-studies').use = useWith(0.1, 2.4, 0.3, 0, 0, 1);
    const [r] = crowdingRule(ev, config);
    expect(r!.zones).toEqual(['reading-room', 'garden-study', 'local-studies']);
    // (3.84 + 2.4) / (32 + 24) = 6.24 / 56 ≈ 11 %; 56 − 6.24 = 49.76 → 50 seats free.
    expect(r!.finding).toContain('seats in Garden Study Room and Local Studies Room (First floor) were');
    expect(r!.finding).toContain('only 11 % full on average: about 50 seats');
    expect(r!.options.low.check.zones).toEqual(['garden-study', 'local-studies']);
  });

  it('reports a crowded zone with no compatible idle room alone, and an idle room nobody was paired with on its own', () => {
    const ev = library();
    // Group study full 30 % of open hours; the only idle room is Local Studies, a quiet room, no place for student groups.
    zoneOf(ev, 'group-study').use = useWith(0.7, 25.2, 1, 90, 0.3, 0.99);
    zoneOf(ev, 'local-studies').use = useWith(0.1, 2.4, 0.5, 0, 0, 1);
    const out = crowdingRule(ev, config);
    expect(out.map((r) => [r.id, r.priority, r.score])).toEqual([
      // 0.3 / 0.25 = 1.2: medium, 200 + 12.
      ['crowded-zone:group-study', 'medium', 212],
      // 0.2 / 0.1 = 2: low raised to medium, 200 + 20.
      ['under-used-zone:local-studies', 'medium', 220],
    ]);
    expect(out[0]!.finding).toContain('90 h of the 300 h it was open (30 %) between 2026-09-07 and 2026-10-04, 70 % full on average and 100 % at its busiest');
    expect(out[0]!.options.none.check).toMatchObject({ zones: ['group-study'], direction: 'down', by: 'from 30 % to 25 % or less' });
    expect(out[1]!.finding).toContain('only 10 % full on average');
    expect(out[1]!.finding).toContain('about 2.4 people at a time');
    expect(out[1]!.evidence.metrics.map((m) => m.display)).toEqual(['10 %', '2.4', '50 %']);
    expect(out[1]!.options.low.check).toEqual({ metric: 'utilisation', zones: ['local-studies'], direction: 'up', by: 'from 10 % to 20 % or more', afterWeeks: 8 });
  });

  it('does not call areas that fill in bursts under-used, but offers any compatible room with seats to spare beside a crowded one', () => {
    const ev = library();
    // The children's library at 10 % on average (story times, after school) is how such an area is used.
    zoneOf(ev, 'children').use = useWith(0.1, 1.6, 1, 6, 0.02, 1);
    expect(crowdingRule(ev, config)).toEqual([]);
    // The Reading Room crowded; the Garden Study Room 35 % full: not under-used, yet with room for the overflow.
    zoneOf(ev, 'reading-room').use = useWith(0.8, 33.6, 1, 120, 0.4, 1);
    zoneOf(ev, 'local-studies').use = useWith(0.5, 12, 1, 6, 0.02, 1);
    zoneOf(ev, 'garden-study').use = useWith(0.35, 11.2, 1, 6, 0.02, 1);
    expect(crowdingRule(ev, config).map((r) => [r.id, r.zones])).toEqual([['crowded-beside-idle:reading-room', ['reading-room', 'garden-study']]]);
    // At 45 % it has no more room than the threshold allows: the Reading Room stands alone.
    zoneOf(ev, 'garden-study').use = useWith(0.45, 14.4, 1, 6, 0.02, 1);
    expect(crowdingRule(ev, config).map((r) => r.id)).toEqual(['crowded-zone:reading-room']);
  });

  it('never judges a zone without data or with too little of it', () => {
    const ev = riversideLike();
    // The Garden Study Room's sensors covered only half the open time: it is neither a partner nor under-used.
    zoneOf(ev, 'garden-study').use = useWith(0.12, 3.84, 0.4, 0, 0, 0.5);
    expect(crowdingRule(ev, config).map((r) => r.id)).toEqual(['crowded-zone:reading-room']);
    // No data for the Reading Room at all: nothing is said about it, and the Garden Study Room stands alone.
    const blind = riversideLike();
    zoneOf(blind, 'reading-room').use = null;
    expect(crowdingRule(blind, config).map((r) => r.id)).toEqual(['under-used-zone:garden-study']);
  });

  it('stays silent on a calm month, and on stacks and entrances however empty', () => {
    expect(crowdingRule(library(), config)).toEqual([]);
    // Stacks at 2 % use and an entrance without capacity are not seating areas; nor is a service desk full for 40 % of the hours.
    const ev = library();
    zoneOf(ev, 'fiction-stacks').use = useWith(0.02, 0.16, 0.25, 0, 0, 1);
    zoneOf(ev, 'main-entrance').use = useWith(0, 0, 0, 0, 0, 1);
    zoneOf(ev, 'service-desk').use = useWith(0.8, 3.2, 1, 120, 0.4, 1);
    expect(crowdingRule(ev, config)).toEqual([]);
  });

  it('just below the thresholds is fine: 24 % of hours crowded, 20 % utilisation', () => {
    const ev = library();
    zoneOf(ev, 'reading-room').use = useWith(0.7, 29.4, 1, 72, 0.24, 1);
    zoneOf(ev, 'garden-study').use = useWith(0.2, 6.4, 0.5, 0, 0, 1);
    expect(crowdingRule(ev, config)).toEqual([]);
  });
});
