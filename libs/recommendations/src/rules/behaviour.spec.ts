import { library, riversideLike, sessionsOf, shippedConfig, useOf, useWith, zoneOf } from '../evidence.fixture.js';
import { behaviourRule } from './behaviour.js';

const config = shippedConfig();

describe('behaviour that does not match the zone', () => {
  it('finds the groups that took over the Local Studies Room and points them to the group study hall', () => {
    const [r, ...rest] = behaviourRule(riversideLike(), config);
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ id: 'groups-in-quiet-zone:local-studies', rule: 'groups-in-quiet-zone', floor: 'first', zones: ['local-studies', 'group-study'] });
    // 0.45 / 0.3 = 1.5: medium, 200 + 15.
    expect([r!.priority, r!.score]).toEqual(['medium', 215]);
    expect(r!.title).toBe('Groups have taken over Local Studies Room, a quiet study area');
    expect(r!.finding).toContain('45 % of the 300 desk sessions in Local Studies Room (First floor) were groups');
    expect(r!.finding).toContain('(above 30 % is unusual)');
    expect(r!.finding).toContain('55 % full on average and people stayed a median of 85 min');
    expect(r!.evidence.metrics.map((m) => [m.label, m.display])).toEqual([
      ['Desk sessions in groups', '45 %'],
      ['Desk sessions', '300'],
      ['Median stay at a desk', '85 min'],
      ['Average use of seats', '55 %'],
    ]);
    expect(r!.options.none.action).toContain('"Quiet study. For group work, use Group Study Hall"');
    expect(r!.options.none.check).toEqual({ metric: 'share of desk sessions in groups', zones: ['local-studies'], direction: 'down', by: 'from 45 % to under 30 %', afterWeeks: 4 });
    expect(r!.options.low.action).toContain('move the group-friendly tables to Group Study Hall');
    expect(r!.options.high.check).toMatchObject({ metric: 'utilisation', direction: 'up', afterWeeks: 12 });
    expect(r!.evidence.figure).toEqual({ kind: 'floor-map', floor: 'first', zones: ['local-studies', 'group-study'], points: [] });
  });

  it('does not send groups to a group room that is itself full', () => {
    const ev = riversideLike();
    useOf(ev, 'group-study').shareAbove = 0.3;
    const [r] = behaviourRule(ev, config);
    expect(r!.zones).toEqual(['local-studies']);
    expect(r!.options.none.action).toContain('For group work, use a room where talking is welcome');
    expect(r!.options.high.check.zones).toEqual(['local-studies']);
  });

  it('finds long solo stays at group tables, and offers the nearest quiet room with space', () => {
    const ev = library();
    sessionsOf(ev, 'group-study').longSoloShare = 0.5;
    const [r, ...rest] = behaviourRule(ev, config);
    expect(rest).toEqual([]);
    // 0.5 / 0.4 = 1.25: low, 100 + 12.5. Local Studies is 20 m away, the Reading Room 30 m.
    expect(r).toMatchObject({ id: 'solo-in-group-zone:group-study', priority: 'low', score: 112.5, zones: ['group-study', 'local-studies'] });
    expect(r!.finding).toContain('50 % of the 500 desk sessions in Group Study Hall (First floor) were one person alone for two hours or more');
    expect(r!.options.none.action).toContain('Quiet seats in Local Studies Room');
    expect(r!.options.none.check).toEqual({
      metric: 'share of solo desk sessions of 2 hours or more',
      zones: ['group-study'],
      direction: 'down',
      by: 'from 50 % to under 40 %',
      afterWeeks: 4,
    });
    expect(r!.evidence.metrics[0]).toEqual({ label: 'Solo desk sessions of 2 hours or more', zone: 'group-study', value: 0.5, unit: 'share', display: '50 %' });
  });

  it('finds study desks used for quick stops', () => {
    const ev = library();
    Object.assign(sessionsOf(ev, 'reading-room'), { shortShare: 0.5, medianMinutes: 25 });
    const [r, ...rest] = behaviourRule(ev, config);
    expect(rest).toEqual([]);
    expect(r).toMatchObject({ id: 'short-stays-at-study-desks:reading-room', priority: 'low', score: 112.5, zones: ['reading-room'] });
    expect(r!.finding).toContain('50 % of the 800 desk sessions in The Reading Room (First floor) lasted under 20 minutes (above 40 % is unusual');
    expect(r!.finding).toContain('median stay of 25 min');
    expect(r!.options.low.check).toEqual({ metric: 'median stay at a desk', zones: ['reading-room'], direction: 'up', by: 'a quarter (from 25 min)', afterWeeks: 8 });
    expect(r!.evidence.metrics.map((m) => m.display)).toEqual(['50 %', '800', '25 min']);
  });

  it('is silent on a calm month, and about the ordinary zones of a mixed site', () => {
    expect(behaviourRule(library(), config)).toEqual([]);
    // Groups are 70 % of the group hall's sessions: what it is for. Only Local Studies is flagged at Riverside.
    expect(behaviourRule(riversideLike(), config).map((r) => r.id)).toEqual(['groups-in-quiet-zone:local-studies']);
  });

  it('says nothing on too few sessions or a zone with too little data', () => {
    const few = riversideLike();
    sessionsOf(few, 'local-studies').count = 49;
    expect(behaviourRule(few, config)).toEqual([]);
    const patchy = riversideLike();
    zoneOf(patchy, 'local-studies').use = useWith(0.55, 13.2, 0.95, 30, 0.1, 0.6);
    expect(behaviourRule(patchy, config)).toEqual([]);
    const blind = riversideLike();
    zoneOf(blind, 'local-studies').use = null;
    expect(behaviourRule(blind, config)).toEqual([]);
  });
});
