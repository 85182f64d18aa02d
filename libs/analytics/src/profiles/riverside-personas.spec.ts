import { DateTime } from 'luxon';
import { OUTSIDE } from '@hearth/contracts';
import { generateTraffic, loadRiverside, serviceDays, VISIT_KIND_PROFILES, type VisitKind } from '@hearth/simulation';
import { serviceDateOf, serviceDay } from '../calendar/site-calendar.js';
import { deskSessions, type DeskReading, type DeskSession } from '../sessions/desk-sessions.js';
import { dayTypes, type DayArrivals } from './day-types.js';
import { detectGroupSessions } from './group-sessions.js';
import { profileLayout } from './layout.js';
import { deskPersonas, type PersonaProfile } from './personas.js';

/**
 * The demo library, four term-time weeks (no exams, no closures), with the
 * simulation's ground truth: every desk event knows the visit kind and party
 * behind it. Personas found from the desks alone should recover the kinds.
 */

const file = loadRiverside();
const site = file.site;
const layout = profileLayout(file);
const sensors = new Map(file.floors.flatMap((f) => f.sensors.map((s) => [s.id, s] as const)));

let sessions: DeskSession[];
/** Per session: the visit kind and group behind the desk event that started it. */
let truth: { kind: VisitKind; groupId: string | null }[];
let arrivalsByDate: Map<string, number[]>;
let profile: PersonaProfile;

beforeAll(() => {
  const window = serviceDays(file, '2026-09-07', '2026-10-04');
  const readings: DeskReading[] = [];
  const starts = new Map<string, { kind: VisitKind; groupId: string | null }>();
  arrivalsByDate = new Map();
  const lastTotal = new Map<string, number>();
  for (const { sensor, message: m, truth: t } of generateTraffic(file, { ...window, seed: 7 })) {
    if (m.type === 'desk') {
      const at = Date.parse(m.ts);
      readings.push({ sensor, zone: sensors.get(sensor)!.zone!, t: at, occupied: m.occupied });
      if (m.occupied && t) starts.set(`${sensor}|${at}`, { kind: t.visitKind, groupId: t.groupId });
    } else if (m.type === 'door') {
      // People coming in from outside, per local hour of the interval that ends at ts.
      const door = sensors.get(sensor)!;
      let entered: number;
      if ('inTotal' in m) {
        const previous = lastTotal.get(sensor);
        lastTotal.set(sensor, m.inTotal);
        if (previous === undefined) continue;
        entered = (m.inTotal - previous + door.counterRollover!) % door.counterRollover!;
      } else entered = m.in;
      if (door.outTo !== OUTSIDE) continue;
      const at = Date.parse(m.ts) - 1;
      const date = serviceDateOf(site, at);
      const hours = arrivalsByDate.get(date) ?? new Array<number>(24).fill(0);
      arrivalsByDate.set(date, hours);
      hours[DateTime.fromMillis(at, { zone: site.timeZone }).hour]! += entered;
    }
  }
  sessions = deskSessions(readings, { dayEnd: (t) => serviceDay(site, serviceDateOf(site, t)).end });
  truth = sessions.map((s) => starts.get(`${s.sensor}|${s.start}`)!);
  profile = deskPersonas(sessions, site, { layout });
});

/** The kind most of a persona's sessions come from. */
function mainKinds(): VisitKind[] {
  return profile.personas.map((_, p) => {
    const counts = new Map<VisitKind, number>();
    sessions.forEach((_, i) => {
      if (profile.assignment[i] === p) counts.set(truth[i]!.kind, (counts.get(truth[i]!.kind) ?? 0) + 1);
    });
    return [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  });
}

function shares(kinds: (VisitKind | null)[]): Map<VisitKind, number> {
  const out = new Map<VisitKind, number>();
  for (const k of kinds) if (k) out.set(k, (out.get(k) ?? 0) + 1 / kinds.length);
  return out;
}

describe('Riverside personas against the simulated visit kinds', () => {
  it('traces every desk session back to the visit that started it', () => {
    expect(sessions.length).toBeGreaterThan(10_000);
    expect(truth.every(Boolean)).toBe(true);
    // Desk kinds in a term without exams: everyone who sits at a desk except exam revision.
    const deskKinds = Object.values(VISIT_KIND_PROFILES).filter((p) => p.usesDesk).map((p) => p.kind);
    expect(new Set(truth.map((t) => t.kind))).toEqual(new Set(deskKinds.filter((k) => k !== 'exam_cram')));
  });

  /*
   * Each persona stands for the kind most of its sessions come from; the share
   * of sessions recovered for a kind is the share of sessions in its personas.
   * All four kinds are checked separately. Two things blur them, both because
   * the features cannot tell them apart, not because of the clustering:
   * - after-school visitors who find the teen zone and children's library full
   *   sit in the group study areas (about 45 % of their sessions here), where
   *   they look exactly like group work: groups, in group study seats, in the
   *   afternoon, for an hour or two. This takes about 5 points from
   *   after_school and gives them to group_work;
   * - solo students who arrive and leave within ten minutes of a stranger at
   *   the same table (common at closing time, when everyone leaves together)
   *   look like a group: about 5 % of solo sessions, 3 points more to group_work.
   * Measured: study 47.8 -> 44.5, computers 21.8 -> 21.8, group work 19.0 -> 27.3,
   * after school 11.5 -> 6.4 (percent of sessions).
   */
  it('recovers the share of each desk visit kind within 10 percentage points', () => {
    const kinds = mainKinds();
    const actual = shares(truth.map((t) => t.kind));
    const recovered = shares(sessions.map((_, i) => (profile.assignment[i]! >= 0 ? kinds[profile.assignment[i]!]! : null)));
    const tooFar = [...actual].map(([kind, share]) => ({ kind, share, recovered: recovered.get(kind) ?? 0 })).filter((k) => Math.abs(k.recovered - k.share) >= 0.1);
    expect(tooFar).toEqual([]);
    expect(actual.size).toBe(4);
  });

  it('finds a persona for each desk visit kind, and puts most sessions with their own kind', () => {
    const kinds = mainKinds();
    expect(new Set(kinds)).toEqual(new Set(truth.map((t) => t.kind)));
    // About 9 % land with another kind, for the two reasons above.
    const agree = sessions.filter((_, i) => profile.assignment[i]! >= 0 && kinds[profile.assignment[i]!] === truth[i]!.kind).length;
    expect(agree / sessions.length).toBeGreaterThan(0.85);
  });

  it('names the study, computer, group and after-school personas for what they are', () => {
    const byKind = new Map<VisitKind, string[]>();
    mainKinds().forEach((k, p) => byKind.set(k, [...(byKind.get(k) ?? []), profile.personas[p]!.name]));
    expect(byKind.get('study_session')!.some((n) => n.startsWith('Long solo study sessions in quiet zones'))).toBe(true);
    expect(byKind.get('computer_use')).toEqual([expect.stringMatching(/^Short solo computer sessions in the computer area/)]);
    // Groups in group study areas, and the groups that have taken over the quiet Local Studies room.
    expect(byKind.get('group_work')!.filter((n) => /group study sessions in (group study areas|quiet zones)/.test(n))).toHaveLength(2);
    expect(byKind.get('after_school')!.some((n) => n.includes('the teen zone'))).toBe(true);
    expect(new Set(profile.personas.map((p) => p.name)).size).toBe(profile.personas.length);
  });

  it('spots the people who came together: every group session, few strangers', () => {
    const group = detectGroupSessions(sessions, layout.desks);
    const together = truth.map((t) => t.groupId !== null);
    const missed = together.filter((g, i) => g && !group[i]).length;
    const solo = together.filter((g) => !g).length;
    const falseAlarms = together.filter((g, i) => !g && group[i]).length;
    expect(missed).toBe(0);
    // Measured 4.7 % (strangers at one table who arrive and leave within ten minutes of each other).
    expect(falseAlarms / solo).toBeLessThan(0.06);
  });

  it('gives the same personas for the sessions in another order', () => {
    const again = deskPersonas([...sessions].reverse(), site, { layout });
    expect(again.personas).toEqual(profile.personas);
    expect(again.k).toBe(profile.k);
  });

  it('finds term weekdays, Saturdays and Sundays in the door counts', () => {
    const days: DayArrivals[] = [...arrivalsByDate].map(([date, arrivals]) => {
      const d = serviceDay(site, date);
      return { date, weekday: d.weekday, dayType: d.dayType, inTerm: d.inTerm, inExam: d.inExam, closedFor: d.closedFor, arrivals };
    });
    const result = dayTypes(days);
    // 28 days: 20 weekdays, 4 Saturdays (open 9-17) and 4 Sundays (open 12-16).
    expect(result.types.map((t) => [t.name, t.dates.length])).toEqual([
      ['Term-time weekday', 20],
      ['Saturday', 4],
      ['Sunday', 4],
    ]);
  });
});
