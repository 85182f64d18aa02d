import { mapUnitCategory, slugify } from './index.js';

/** The IMDF unit category table, and the names that refine a library's generic rooms. */

describe('mapping IMDF unit categories to Hearth zone categories', () => {
  it.each([
    ['library', 'quiet_study'],
    ['room', 'quiet_study'],
    ['lounge', 'quiet_study'],
    ['huddleroom', 'group_study'],
    ['conferenceroom', 'group_study'],
    ['classroom', 'group_study'],
    ['phoneroom', 'group_study'],
    ['lobby', 'entrance'],
    ['walkway', 'entrance'],
    ['walkway.island', 'entrance'],
    ['foodservice', 'cafe'],
    ['auditorium', 'events'],
    ['theater', 'events'],
    ['laboratory', 'makerspace'],
    ['unspecified', 'other'],
    ['terrace', 'other'],
    ['Library', 'quiet_study'],
  ])('%s -> %s', (imdf, hearth) => {
    expect(mapUnitCategory(imdf)).toEqual({ category: hearth, known: true });
  });

  it.each([
    ['restroom', /private or welfare/],
    ['restroom.female.wheelchair', /private or welfare/],
    ['mothersroom', /private or welfare/],
    ['stairs', /vertical circulation/],
    ['elevator', /vertical circulation/],
    ['escalator', /vertical circulation/],
    ['opentobelow', /void/],
    ['nonpublic', /staff-only/],
    ['office', /staff-only/],
    ['serverroom', /staff-only/],
    ['parking', /outdoor or vehicle/],
    ['column', /structure/],
  ])('skips %s', (imdf, reason) => {
    const mapping = mapUnitCategory(imdf);
    expect('skip' in mapping && mapping.skip).toMatch(reason);
  });

  it('guesses "other" for a category it does not know, and says it guessed', () => {
    expect(mapUnitCategory('ballpit')).toEqual({ category: 'other', known: false });
  });

  it.each([
    ['library', "Children's Library", 'children'],
    ['room', 'Teen Zone', 'teens'],
    ['room', 'PC Suite', 'computers'],
    ['laboratory', 'Digital Media Lab', 'computers'],
    ['room', 'Makerspace', 'makerspace'],
    ['library', 'Local Studies Collection', 'stacks'],
    ['room', 'Enquiry Desk', 'service_desk'],
    ['room', 'Group Study 3', 'group_study'],
    ['lounge', 'Café', 'cafe'],
    ['room', 'Silent Reading Room', 'quiet_study'],
    ['unspecified', 'Exhibition Space', 'events'],
    ['library', 'Salle de lecture', 'quiet_study'],
  ])('a "%s" unit named "%s" is %s', (imdf, name, hearth) => {
    expect(mapUnitCategory(imdf, name)).toEqual({ category: hearth, known: true });
  });

  it('does not let names override specific categories', () => {
    expect(mapUnitCategory('huddleroom', "Children's Story Corner")).toEqual({ category: 'group_study', known: true });
    expect(mapUnitCategory('restroom', 'Quiet Study')).toEqual({ skip: expect.any(String) });
  });
});

describe('slugify', () => {
  it('makes Hearth keys from names', () => {
    expect(slugify("Children's Library")).toBe('childrens-library');
    expect(slugify('  Bibliothèque — Étage 2 ')).toBe('bibliotheque-etage-2');
    expect(slugify('🙂')).toBe('');
    expect(slugify('x'.repeat(70) + ' y')).toHaveLength(63);
  });
});
