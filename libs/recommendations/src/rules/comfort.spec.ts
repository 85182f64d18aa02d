import { library, pollWith, riversideLike, shippedConfig, zoneOf } from '../evidence.fixture.js';
import { comfortRule } from './comfort.js';

const config = shippedConfig();

describe('crowded zones patrons find uncomfortable', () => {
  it('finds the full Reading Room scored 2.4 for comfort', () => {
    const ev = riversideLike();
    zoneOf(ev, 'reading-room').poll = pollWith(60, 2.4);
    const [r, ...rest] = comfortRule(ev, config);
    expect(rest).toEqual([]);
    // (0.5 / 0.25) × (3 / 2.4) = 2 × 1.25 = 2.5: medium raised to high, 300 + 25.
    expect(r).toMatchObject({ id: 'crowded-and-uncomfortable:reading-room', rule: 'crowded-and-uncomfortable', priority: 'high', score: 325, floor: 'first' });
    expect(r!.title).toBe('The Reading Room is crowded, and patrons find it uncomfortable');
    expect(r!.finding).toContain('more than 85 % full for 50 % of open hours, and the 60 patrons who answered the poll scored its comfort 2.4 / 5 (up to 3.0 / 5 counts as poor)');
    expect(r!.evidence.metrics.map((m) => [m.label, m.unit, m.display])).toEqual([
      ['Open hours above 85 % full', 'share', '50 %'],
      ['Poll score for comfort', 'score', '2.4 / 5'],
      ['Poll answers', 'count', '60'],
    ]);
    expect(r!.options.none.check).toEqual({ metric: 'poll score for comfort', zones: ['reading-room'], direction: 'up', by: 'from 2.4 / 5 to above 3.0 / 5', afterWeeks: 6 });
    expect(r!.options.high.action).toContain('Refurbish The Reading Room');
    expect(r!.evidence.figure).toEqual({ kind: 'floor-map', floor: 'first', zones: ['reading-room'], points: [] });
  });

  it('is silent when the crowded room is comfortable, and about the cold but empty Garden Study Room', () => {
    // Riverside: Reading Room comfort 4.1; Garden Study Room 2.6 but never crowded.
    expect(comfortRule(riversideLike(), config)).toEqual([]);
    expect(comfortRule(library(), config)).toEqual([]);
  });

  it('says nothing on too few answers or no comfort score', () => {
    const few = riversideLike();
    zoneOf(few, 'reading-room').poll = pollWith(19, 2.4);
    expect(comfortRule(few, config)).toEqual([]);
    const unscored = riversideLike();
    zoneOf(unscored, 'reading-room').poll = { answers: 60, scores: { ...pollWith(60, 2.4)!.scores, comfort: null } };
    expect(comfortRule(unscored, config)).toEqual([]);
  });
});
