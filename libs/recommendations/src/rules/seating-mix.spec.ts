import { library, riversideLike, sessionsOf, shippedConfig, useWith, zoneOf } from '../evidence.fixture.js';
import { seatingMixRule } from './seating-mix.js';

const config = shippedConfig();

describe('seating mix against how people sit', () => {
  it('finds more groups than shared tables', () => {
    const ev = library();
    // All study seats single except the group hall's 24: 24 of 120 shared (20 %).
    zoneOf(ev, 'reading-room').seats = { single: 40, shared: 0 };
    zoneOf(ev, 'garden-study').seats = { single: 32, shared: 0 };
    Object.assign(sessionsOf(ev, 'group-study'), { count: 1000, groupShare: 0.9 });
    const [r, ...rest] = seatingMixRule(ev, config);
    expect(rest).toEqual([]);
    // Group sessions: 800 × 0.1 + 400 × 0.1 + 300 × 0.1 + 1000 × 0.9 = 1050 of 2500 = 42 %; gap 0.42 − 0.2 = 0.22;
    // 0.22 / 0.15 ≈ 1.47: low, 100 + 14.7.
    expect(r).toMatchObject({ id: 'seating-mix:riverside', rule: 'seating-mix', priority: 'low', score: 114.7, floor: null });
    expect(r!.zones).toEqual(['group-study', 'local-studies', 'reading-room', 'garden-study']);
    expect(r!.title).toBe('More people study together than the seating allows for');
    expect(r!.finding).toContain('42 % of the 2,500 desk sessions were groups sitting together, but only 20 % of the 120 measured seats (24) are at shared tables: a gap of 22 points (from 15 points');
    expect(r!.evidence.metrics.map((m) => [m.label, m.display])).toEqual([
      ['Seats at shared tables', '20 %'],
      ['Desk sessions in groups', '42 %'],
      ['Seats with desk sensors', '120'],
      ['Desk sessions', '2,500'],
    ]);
    expect(r!.evidence.figure).toBeNull();
    expect(r!.options.none.check).toEqual({ metric: 'utilisation', zones: ['group-study'], direction: 'up', by: '5 points', afterWeeks: 6 });
    expect(r!.options.high.action).toContain('about 42 % of the seats are at shared tables');
  });

  it('finds shared tables mostly used by people alone', () => {
    const ev = library();
    zoneOf(ev, 'reading-room').seats = { single: 8, shared: 32 };
    const [r] = seatingMixRule(ev, config);
    // Shared 32 + 8 + 0 + 24 = 64 of 120 (53 %); groups 500 of 2000 sessions (25 %); gap 0.2833; / 0.15 ≈ 1.89: 118.9.
    expect(r).toMatchObject({ id: 'seating-mix:riverside', score: 118.9 });
    expect(r!.title).toBe('Shared tables are mostly used by people on their own');
    expect(r!.finding).toContain('Only 25 % of the 2,000 desk sessions were groups, but 53 % of the 120 measured seats (64) are at shared tables: a gap of 28 points');
    expect(r!.options.none.check.zones).toEqual(['group-study', 'reading-room', 'garden-study']);
  });

  it('is silent when the mix fits: a calm month (33 % shared, 25 % groups) and Riverside (30 % groups)', () => {
    expect(seatingMixRule(library(), config)).toEqual([]);
    expect(seatingMixRule(riversideLike(), config)).toEqual([]);
  });

  it('says nothing on too few sessions, and leaves zones without reliable data out', () => {
    const few = library();
    zoneOf(few, 'reading-room').seats = { single: 8, shared: 32 };
    for (const z of ['group-study', 'local-studies', 'reading-room', 'garden-study']) sessionsOf(few, z).count = 49;
    expect(seatingMixRule(few, config)).toEqual([]);
    // The Reading Room's 32 shared seats are the whole gap; without reliable data for it the mix is fine again.
    const patchy = library();
    zoneOf(patchy, 'reading-room').seats = { single: 8, shared: 32 };
    zoneOf(patchy, 'reading-room').use = useWith(0.6, 25.2, 0.9, 36, 0.12, 0.5);
    expect(seatingMixRule(patchy, config)).toEqual([]);
  });
});
