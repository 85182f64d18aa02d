import { dayPart, describePersona, distinctPersonaNames, durationWord, personaBaseName, placePhrase, whenPhrase, type PersonaTraits } from './persona-naming.js';

const q = (q1: number, median: number, q3: number) => ({ q1, median, q3 });

const quietMornings: PersonaTraits = {
  startHours: q(9, 10, 11),
  durationMinutes: q(150, 180, 210),
  groupShare: 0.1,
  weekendShare: 0.1,
  categories: [
    { category: 'quiet_study', share: 0.9 },
    { category: 'stacks', share: 0.1 },
  ],
  topZone: { name: 'Reading Room', share: 0.6 },
};

describe('persona names: what would a planner call this cluster?', () => {
  it('names long solo morning study in quiet zones on weekdays', () => {
    expect(personaBaseName(quietMornings)).toBe('Long solo study sessions in quiet zones, weekday mornings');
  });

  it('names short afternoon group work in group study areas, any day', () => {
    const traits: PersonaTraits = {
      startHours: q(14, 15, 16),
      durationMinutes: q(45, 60, 80),
      groupShare: 0.8,
      weekendShare: 0.3,
      categories: [{ category: 'group_study', share: 0.7 }, { category: 'quiet_study', share: 0.3 }],
    };
    expect(personaBaseName(traits)).toBe('Short group study sessions in group study areas, afternoons');
  });

  it('calls a persona without a dominant zone kind "visits" and names the places it spreads over', () => {
    const two = { ...quietMornings, categories: [{ category: 'teens' as const, share: 0.4 }, { category: 'children' as const, share: 0.35 }, { category: 'stacks' as const, share: 0.25 }] };
    // 0.4 < 0.5, but 0.4 + 0.35 >= 0.7: both places.
    expect(personaBaseName(two)).toBe("Long solo visits in the teen zone and the children's library, weekday mornings");
    // 0.4 + 0.2 < 0.7: no place stands out.
    expect(placePhrase([{ category: 'teens', share: 0.4 }, { category: 'children', share: 0.2 }])).toBe('across the building');
  });

  it('draws the length lines at 75 minutes and 2.5 hours', () => {
    expect([durationWord(74), durationWord(75), durationWord(149), durationWord(150)]).toEqual(['Short', 'Mid-length', 'Mid-length', 'Long']);
  });

  it('places the median start in the day, unless the middle half spans five hours', () => {
    expect([dayPart(q(8, 11.9, 12)), dayPart(q(11, 12, 13)), dayPart(q(13, 14, 15)), dayPart(q(16, 17, 18)), dayPart(q(9, 12, 14))]).toEqual([
      'mornings',
      'around midday',
      'afternoons',
      'evenings',
      'throughout the day',
    ]);
  });

  it('says weekend from half the sessions, weekday up to a fifth, nothing in between', () => {
    expect(whenPhrase({ startHours: q(12, 13, 14), weekendShare: 0.5 })).toBe('weekends around midday');
    expect(whenPhrase({ startHours: q(8, 10, 12), weekendShare: 0.2 })).toBe('weekday mornings');
    expect(whenPhrase({ startHours: q(8, 10, 12), weekendShare: 0.21 })).toBe('mornings');
    expect(whenPhrase({ startHours: q(9, 12, 15), weekendShare: 0 })).toBe('weekdays throughout the day');
  });

  it('keeps names distinct: first by main zone, then by start and length, then by number', () => {
    const garden = { ...quietMornings, topZone: { name: 'Garden Study', share: 0.7 } };
    expect(distinctPersonaNames([quietMornings, garden])).toEqual([
      'Long solo study sessions in quiet zones, weekday mornings, mostly Reading Room',
      'Long solo study sessions in quiet zones, weekday mornings, mostly Garden Study',
    ]);
    const later = { ...quietMornings, startHours: q(10, 11, 11.5), durationMinutes: q(160, 200, 230) };
    expect(distinctPersonaNames([quietMornings, later])).toEqual([
      'Long solo study sessions in quiet zones, weekday mornings, mostly Reading Room, from about 10:00 for 3 h',
      'Long solo study sessions in quiet zones, weekday mornings, mostly Reading Room, from about 11:00 for 3 h 20 min',
    ]);
    const names = distinctPersonaNames([quietMornings, quietMornings, personaTraitsShort]);
    expect(names[0]).toBe('Long solo study sessions in quiet zones, weekday mornings, mostly Reading Room, from about 10:00 for 3 h (1)');
    expect(names[1]).toBe('Long solo study sessions in quiet zones, weekday mornings, mostly Reading Room, from about 10:00 for 3 h (2)');
    // A persona that never clashed keeps its plain name.
    expect(names[2]).toBe('Short solo computer sessions in the computer area, weekday afternoons');
  });

  it('describes a persona in a sentence a director can read', () => {
    const text = describePersona({
      count: 412,
      share: 0.234,
      startHours: q(9.25, 10.5, 13.75),
      durationMinutes: q(115, 160, 210),
      zones: [
        { name: 'Reading Room', share: 0.48 },
        { name: 'Silent Carrels', share: 0.2 },
      ],
      groupShare: 0.03,
      weekendShare: 0.084,
    });
    expect(text).toBe(
      '412 desk sessions (23 % of all). They typically start around 10:30 (half between 09:15 and 13:45) and last about 2 h 40 min (half between 1 h 55 min and 3 h 30 min). Mostly in Reading Room (48 %), Silent Carrels (20 %). 3 % are part of a group; 8 % are at weekends.',
    );
  });
});

const personaTraitsShort: PersonaTraits = {
  startHours: q(13, 14.5, 16),
  durationMinutes: q(40, 55, 70),
  groupShare: 0,
  weekendShare: 0.15,
  categories: [{ category: 'computers', share: 1 }],
};
