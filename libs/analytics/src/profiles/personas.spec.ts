import type { SiteFile } from '@hearth/contracts';
import type { DeskSession } from '../sessions/desk-sessions.js';
import type { ProfileLayout } from './layout.js';
import { deskPersonas } from './personas.js';
import { mulberry32 } from './rng.js';
import { startsOnServiceDay } from './session-features.js';

const site: SiteFile['site'] = {
  id: 'branch',
  name: 'Branch Library',
  timeZone: 'Europe/London',
  serviceDayStart: '05:00',
  openingHours: { mon: ['08:00-02:00'], tue: ['08:00-02:00'], wed: ['08:00-21:00'], thu: ['08:00-21:00'], fri: ['08:00-19:00'], sat: ['09:00-17:00'], sun: [] },
  periods: [],
  changes: [],
};

// Desks 5 m apart (nobody is a neighbour), except the group tables: two seats 1.2 m apart.
const desks = new Map<string, { x: number; y: number }>();
for (let i = 0; i < 5; i++) for (const z of ['r', 'p', 'm']) desks.set(`${z}${i}`, { x: i * 5, y: z === 'r' ? 0 : z === 'p' ? 20 : 40 });
for (let t = 0; t < 3; t++) {
  desks.set(`g${t}a`, { x: t * 10, y: 60 });
  desks.set(`g${t}b`, { x: t * 10 + 1.2, y: 60 });
}
const layout: ProfileLayout = {
  zones: new Map([
    ['reading', { name: 'Reading Room', category: 'quiet_study' }],
    ['groups', { name: 'Group Study', category: 'group_study' }],
    ['pcs', { name: 'Computers', category: 'computers' }],
    ['maker', { name: 'Makerspace', category: 'makerspace' }],
  ]),
  desks,
};

/** Local wall clock in September 2026 (BST, UTC+1). */
const local = (date: string, hours: number) => Date.parse(`${date}T00:00:00Z`) + (hours - 1) * 3_600_000;
const session = (sensor: string, zone: string, date: string, startHours: number, minutes: number): DeskSession => {
  const start = local(date, startHours);
  return { sensor, zone, start, end: start + minutes * 60_000, cut: false };
};

const weekdays = ['2026-09-07', '2026-09-08', '2026-09-09', '2026-09-10', '2026-09-11', '2026-09-14', '2026-09-15', '2026-09-16', '2026-09-17', '2026-09-18'];

// 40 quiet sessions, one every 3 minutes of start time from 9:00 (to 10:57), staying 150, 152, ... 228 min.
const quiet = Array.from({ length: 40 }, (_, i) => session(`r${i % 4}`, 'reading', weekdays[i % 10]!, 9 + 0.05 * i, 150 + 2 * i));
// 30 group sessions: 15 pairs at 3 tables over 5 weekdays. Pair p: one sits down at 14:00 + 8p min for 90 min,
// the other 4 min later for 86 min (they leave together). Starts fall every 4 minutes from 14:00 to 15:56.
const groups = Array.from({ length: 15 }, (_, p) => [
  session(`g${p % 3}a`, 'groups', weekdays[p % 5]!, 14 + (8 * p) / 60, 90),
  session(`g${p % 3}b`, 'groups', weekdays[p % 5]!, 14 + (8 * p + 4) / 60, 86),
]).flat();
// 20 computer sessions, one every 3 minutes from 12:00 (to 12:57), staying 45, 46, ... 64 min.
const computers = Array.from({ length: 20 }, (_, i) => session(`p${i % 2}`, 'pcs', weekdays[i % 10]!, 12 + 0.05 * i, 45 + i));
// 5 makerspace sessions one Saturday morning, from 10:00 every 10 minutes, 2 hours each: too few to show.
const maker = [0, 1, 2, 3, 4].map((i) => session(`m${i}`, 'maker', '2026-09-12', 10 + i / 6, 120));
const all = [...quiet, ...groups, ...computers, ...maker];

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('desk personas: what kinds of desk use does the branch have?', () => {
  const profile = deskPersonas(all, site, { layout });

  it('finds the quiet study, group work and computer personas, largest first', () => {
    expect(profile.sessions).toBe(95);
    expect(profile.personas.map((p) => [p.name, p.count])).toEqual([
      ['Long solo study sessions in quiet zones, weekday mornings', 40],
      ['Mid-length group study sessions in group study areas, weekday afternoons', 30],
      ['Short solo computer sessions in the computer area, weekdays around midday', 20],
    ]);
    expect(profile.personas.map((p) => p.share)).toEqual([40 / 95, 30 / 95, 20 / 95]);
    expect(profile.personas[0]!.id).toBe('long-solo-study-sessions-in-quiet-zones-weekday-mornings');
  });

  it('folds the five makerspace sessions into "other": too few to show', () => {
    // Four clusters (the makerspace sits 3.5 apart from every other zone kind); the fourth has 5 < 10 sessions.
    expect(profile.k).toBe(4);
    expect(profile.other).toEqual({ count: 5, share: 5 / 95 });
    const makerIndexes = all.map((s, i) => (s.zone === 'maker' ? profile.assignment[i] : null)).filter((a) => a !== null);
    expect(makerIndexes).toEqual([-1, -1, -1, -1, -1]);
  });

  it('reports typical start times and lengths as quartiles', () => {
    const [study, group, pcs] = profile.personas;
    // Starts 9 + 0.05 i h (i = 0..39); ranks (n-1)p = 9.75, 19.5, 29.25 give 9 + 0.05 * rank.
    expect(study!.startHours.q1).toBeCloseTo(9.4875, 10);
    expect(study!.startHours.median).toBeCloseTo(9.975, 10);
    expect(study!.startHours.q3).toBeCloseTo(10.4625, 10);
    // Lengths 150 + 2i min: 150 + 2 * rank.
    expect(study!.durationMinutes).toEqual({ q1: 169.5, median: 189, q3: 208.5 });
    // Group starts every 4 min from 14:00 (30 of them); ranks 7.25, 14.5, 21.75 -> 29, 58, 87 min after 14:00.
    expect(group!.startClock).toEqual({ q1: '14:29', median: '14:58', q3: '15:27' });
    // Fifteen stay 86 min, fifteen 90: the median falls between them.
    expect(group!.durationMinutes).toEqual({ q1: 86, median: 88, q3: 90 });
    // Computers: 12 + 0.05 i h and 45 + i min (i = 0..19); ranks 4.75, 9.5, 14.25.
    expect(pcs!.startHours.median).toBeCloseTo(12.475, 10);
    expect(pcs!.durationMinutes).toEqual({ q1: 49.75, median: 54.5, q3: 59.25 });
  });

  it('reports favoured zones, group share and weekend share', () => {
    const [study, group, pcs] = profile.personas;
    expect(study!.zones).toEqual([{ zone: 'reading', name: 'Reading Room', category: 'quiet_study', share: 1 }]);
    expect([study!.groupShare, group!.groupShare, pcs!.groupShare]).toEqual([0, 1, 0]);
    expect([study!.weekendShare, group!.weekendShare, pcs!.weekendShare]).toEqual([0, 0, 0]);
    expect(group!.description).toBe(
      // 30/95 = 31.6 %; 86 min rounds to 1 h 25 min, 88 and 90 to 1 h 30 min.
      '30 desk sessions (32 % of all). They typically start around 14:58 (half between 14:29 and 15:27) and last about 1 h 30 min (half between 1 h 25 min and 1 h 30 min). Mostly in Group Study (100 %). 100 % are part of a group; 0 % are at weekends.',
    );
  });

  it('shows the small persona when the threshold allows it', () => {
    const lenient = deskPersonas(all, site, { layout, minSessions: 5 });
    expect(lenient.personas.map((p) => p.count)).toEqual([40, 30, 20, 5]);
    expect(lenient.personas[3]!.name).toBe('Mid-length solo making sessions in the makerspace, weekend mornings');
    expect(lenient.other).toEqual({ count: 0, share: 0 });
  });

  it('gives the same personas whatever order the sessions come in', () => {
    for (const seed of [1, 2]) {
      const input = shuffled(all, seed);
      const again = deskPersonas(input, site, { layout });
      expect({ ...again, assignment: null }).toEqual({ ...profile, assignment: null });
      // Each session keeps its persona.
      input.forEach((s, i) => expect(again.assignment[i]).toBe(profile.assignment[all.indexOf(s)]));
    }
  });

  it('does not invent personas from identical sessions: one persona of all 30', () => {
    const same = Array.from({ length: 30 }, (_, i) => session(`r${i % 5}`, 'reading', weekdays[i % 10]!, 10, 120));
    const one = deskPersonas(same, site, { layout });
    expect(one.personas.map((p) => p.count)).toEqual([30]);
    expect(one.other.count).toBe(0);
  });

  it('shows nothing but "other" when there are fewer sessions than the threshold', () => {
    const few = deskPersonas(quiet.slice(0, 9), site, { layout });
    expect(few.personas).toEqual([]);
    expect(few.other).toEqual({ count: 9, share: 1 });
    expect([...few.assignment]).toEqual(new Array(9).fill(-1));
  });
});

describe('start hours on the service day', () => {
  it('counts a start after midnight as the previous service day, past 24:00', () => {
    // 2026-09-09 00:30 UTC is 01:30 BST on Wednesday, before the 05:00 day start: Tuesday's service day, hour 25.5.
    const { hours, weekend } = startsOnServiceDay(site, [Date.parse('2026-09-08T09:15:00Z'), Date.parse('2026-09-09T00:30:00Z')]);
    expect([...hours]).toEqual([10.25, 25.5]);
    expect([...weekend]).toEqual([0, 0]);
  });

  it('reads the local clock across the autumn clock change inside a service day', () => {
    // Saturday 2026-10-24's service day runs to 05:00 GMT on Sunday; clocks go back at 02:00 BST (01:00 UTC).
    // 23:30 UTC on the 24th is 00:30 BST (24.5); 02:30 UTC on the 25th is 02:30 GMT (26.5).
    const { hours, weekend } = startsOnServiceDay(site, [Date.parse('2026-10-24T09:00:00Z'), Date.parse('2026-10-24T23:30:00Z'), Date.parse('2026-10-25T02:30:00Z')]);
    expect([...hours]).toEqual([10, 24.5, 26.5]);
    expect([...weekend]).toEqual([1, 1, 1]);
  });
});
