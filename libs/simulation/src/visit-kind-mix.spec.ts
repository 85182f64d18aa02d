import { generateVisits, type Visit } from './traffic-generator.js';
import { loadRiverside, serviceDays } from './riverside-site.fixture.js';
import { serviceDaysBetween } from '@hearth/analytics';
import { expectedVisitsPerDay, RIVERSIDE_TUNING } from './simulation-tuning.js';
import { VISIT_KIND_PROFILES, VISIT_KINDS, type VisitKind } from './visit-kinds.js';

const site = loadRiverside();

function shares(counts: Record<VisitKind, number>): Record<VisitKind, number> {
  const total = VISIT_KINDS.reduce((s, k) => s + counts[k], 0);
  return Object.fromEntries(VISIT_KINDS.map((k) => [k, counts[k] / total])) as Record<VisitKind, number>;
}

describe('visit kinds', () => {
  // Four weeks with ordinary term days, a closure, half term and exam days.
  const window = serviceDays(site, '2026-10-19', '2026-11-15');
  let visits: Visit[];
  beforeAll(() => {
    visits = [...generateVisits(site, { ...window, seed: 17 })];
  });

  it('match the configured mix', () => {
    const expected = Object.fromEntries(VISIT_KINDS.map((k) => [k, 0])) as Record<VisitKind, number>;
    for (const day of serviceDaysBetween(site.site, window.from.getTime(), window.to.getTime())) {
      const e = expectedVisitsPerDay(day, RIVERSIDE_TUNING);
      for (const k of VISIT_KINDS) expected[k] += e[k];
    }
    const observed = Object.fromEntries(VISIT_KINDS.map((k) => [k, 0])) as Record<VisitKind, number>;
    for (const v of visits) observed[v.kind]++;
    const want = shares(expected);
    const got = shares(observed);
    for (const kind of VISIT_KINDS) {
      expect(got[kind]).toBeGreaterThan(0);
      expect(Math.abs(got[kind] - want[kind])).toBeLessThan(0.01 + 0.08 * want[kind]);
    }
    const total = VISIT_KINDS.reduce((s, k) => s + expected[k], 0);
    expect(visits.length / total).toBeGreaterThan(0.95);
    expect(visits.length / total).toBeLessThan(1.05);
  });

  it('follow each kind\'s party sizes and lengths of stay', () => {
    for (const kind of VISIT_KINDS) {
      const profile = VISIT_KIND_PROFILES[kind];
      const of = visits.filter((v) => v.kind === kind);
      expect(of.every((v) => profile.partySizes.includes(v.groupSize) || kind === 'event')).toBe(true);
      expect(of.every((v) => (v.groupSize > 1) === (v.groupId !== null))).toBe(true);
    }
    const minutes = (v: Visit) => (v.depart.getTime() - v.arrive.getTime()) / 60_000;
    const quick = visits.filter((v) => v.kind === 'quick_visit').map(minutes);
    // Up to 30 minutes, members of a pair leaving up to 3 minutes apart.
    expect(Math.max(...quick)).toBeLessThanOrEqual(33.5);
    const cram = visits.filter((v) => v.kind === 'exam_cram' && v.stays.some((s) => s.desk)).map(minutes);
    expect(cram.reduce((s, m) => s + m, 0) / cram.length).toBeGreaterThan(240);
    const groups = new Map<string, Visit[]>();
    for (const v of visits) if (v.groupId) groups.set(v.groupId, [...(groups.get(v.groupId) ?? []), v]);
    expect([...groups.values()].every((members) => members.length === members[0]!.groupSize && new Set(members.map((m) => m.kind)).size === 1)).toBe(true);
  });

  it('use desks only for the kinds that sit down', () => {
    const seated = new Set(visits.filter((v) => v.stays.some((s) => s.desk)).map((v) => v.kind));
    expect([...seated].sort()).toEqual(['after_school', 'computer_use', 'exam_cram', 'group_work', 'study_session']);
    const computerZones = new Set(visits.filter((v) => v.kind === 'computer_use').flatMap((v) => v.stays.filter((s) => s.desk).map((s) => s.zone)));
    expect(computerZones).toEqual(new Set(['computers']));
  });
});
