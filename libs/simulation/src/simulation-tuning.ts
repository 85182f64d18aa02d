import type { SiteFile, Weekday } from '@hearth/contracts';
import type { ServiceDay } from '@hearth/analytics';
import { VISIT_KINDS, type VisitKind } from './visit-kinds.js';

/**
 * How busy a simulated site is and how its visitors choose between zones.
 * The site file describes the building; the tuning describes its visitors.
 */

export interface DayTypeCounts {
  weekday: number;
  saturday: number;
  sunday: number;
}

export interface ScheduledEvent {
  name: string;
  weekday: Weekday;
  /** Local start time, HH:MM. */
  start: string;
  minutes: number;
  zone: string;
  /** Expected attendees. */
  attendees: number;
  /** Only held in term time. */
  termOnly?: boolean;
}

export type ScheduledVisitKind = Exclude<VisitKind, 'event'>;

export interface SimulationTuning {
  /**
   * Expected visitors (people) per open day, by kind and type of day: the
   * configured mix. `after_school` applies on term weekdays only, `exam_cram`
   * on days in an exam period only.
   */
  visitorsPerDay: Record<ScheduledVisitKind, DayTypeCounts>;
  /** In exam periods: multipliers of expected visitors, and of the length of stay. */
  examVisitorMultiplier: Partial<Record<VisitKind, number>>;
  examStayMultiplier: Partial<Record<VisitKind, number>>;
  /** Zone key -> how strongly solo visitors prefer it (default 1). */
  zoneAppeal: Record<string, number>;
  /** Zone key -> how strongly groups prefer it (default: its zoneAppeal). */
  groupZoneAppeal: Record<string, number>;
  /** Entrance zone key -> share of arrivals (default 1). */
  entranceAppeal: Record<string, number>;
  events: ScheduledEvent[];
  /** Door counters that report cumulative totals (wrapping at their rollover) instead of per-interval counts. */
  cumulativeDoors: string[];
  /** The service date from which cumulative counters have counted up from 0. */
  countersInstalledOn: string;
  /** Sensors that go silent for a stretch of the simulated window. */
  offlineSensors: string[];
  /** Share of exits the door counters miss. */
  missedCountRate: number;
}

/** Visitors of a library with about 300 seats. */
const BASE_VISITORS: Record<ScheduledVisitKind, DayTypeCounts> = {
  quick_visit: { weekday: 420, saturday: 460, sunday: 200 },
  study_session: { weekday: 230, saturday: 130, sunday: 60 },
  group_work: { weekday: 100, saturday: 70, sunday: 30 },
  computer_use: { weekday: 110, saturday: 70, sunday: 30 },
  after_school: { weekday: 70, saturday: 0, sunday: 0 },
  exam_cram: { weekday: 110, saturday: 90, sunday: 45 },
  maker_session: { weekday: 18, saturday: 30, sunday: 8 },
};

export const DEFAULT_TUNING: SimulationTuning = {
  visitorsPerDay: BASE_VISITORS,
  examVisitorMultiplier: { study_session: 1.3, group_work: 1.2, quick_visit: 0.9 },
  examStayMultiplier: { study_session: 1.25, group_work: 1.15 },
  zoneAppeal: {},
  groupZoneAppeal: {},
  entranceAppeal: {},
  events: [],
  cumulativeDoors: [],
  countersInstalledOn: '2026-02-01',
  offlineSensors: [],
  missedCountRate: 0.025,
};

/**
 * Riverside Library's visitors, with the building's known problems built in:
 * - the upstairs Reading Room is everyone's favourite and chronically full,
 *   while the Garden Study Room beside it (cold, poor wifi) stays half empty;
 * - groups have taken over the Local Studies room, although it is a quiet zone;
 * - most people come in by the river entrance and gather around the cafe and
 *   upstairs, far from the service desk in the north-west corner.
 */
export const RIVERSIDE_TUNING: SimulationTuning = {
  ...DEFAULT_TUNING,
  zoneAppeal: { 'reading-room': 6, 'garden-study': 0.3, 'silent-carrels': 1, 'local-studies': 0.5, cafe: 1.2 },
  groupZoneAppeal: { 'local-studies': 32, 'reading-room': 1, 'garden-study': 0.3 },
  entranceAppeal: { 'river-entrance': 1.6, 'main-entrance': 1 },
  events: [
    { name: 'Rhyme Time', weekday: 'tue', start: '10:30', minutes: 45, zone: 'children', attendees: 20 },
    { name: 'Job Club', weekday: 'thu', start: '10:00', minutes: 90, zone: 'events-room', attendees: 14 },
    { name: 'Author Talk', weekday: 'wed', start: '18:30', minutes: 75, zone: 'events-room', attendees: 26 },
    { name: 'Saturday Storytime', weekday: 'sat', start: '10:30', minutes: 45, zone: 'children', attendees: 18 },
    { name: 'Family Workshop', weekday: 'sat', start: '14:00', minutes: 120, zone: 'events-room', attendees: 20 },
  ],
  cumulativeDoors: ['river-door-b'],
  offlineSensors: ['zone-cafe'],
};

/** The tuning for a site: Riverside's own for the demo, otherwise the default scaled to the site's seats. */
export function tuningFor(site: SiteFile): SimulationTuning {
  if (site.site.id === 'riverside') return RIVERSIDE_TUNING;
  const seats = site.floors.reduce((sum, f) => sum + f.zones.reduce((s, z) => s + z.capacity, 0), 0);
  const scale = Math.max(0.05, seats / 300);
  const visitorsPerDay = Object.fromEntries(
    Object.entries(BASE_VISITORS).map(([kind, c]) => [kind, { weekday: c.weekday * scale, saturday: c.saturday * scale, sunday: c.sunday * scale }]),
  ) as Record<ScheduledVisitKind, DayTypeCounts>;
  return { ...DEFAULT_TUNING, visitorsPerDay };
}

function clockHours(clock: string): number {
  return Number(clock.slice(0, 2)) + Number(clock.slice(3, 5)) / 60;
}

/** The scheduled events held on a service day (closed days hold none). */
export function eventsOn(day: ServiceDay, tuning: SimulationTuning): ScheduledEvent[] {
  if (!day.windows.length) return [];
  return tuning.events.filter((e) => {
    if (e.weekday !== day.weekday || (e.termOnly && !day.inTerm)) return false;
    const start = clockHours(e.start) * 60;
    return day.windows.some((w) => w.openClockMinutes <= start && start + e.minutes <= w.openClockMinutes + (w.close - w.open) / 60_000);
  });
}

/** Expected visitors (people) per kind on a service day: the configured mix after calendar rules. */
export function expectedVisitsPerDay(day: ServiceDay, tuning: SimulationTuning): Record<VisitKind, number> {
  const expected = Object.fromEntries(VISIT_KINDS.map((k) => [k, 0])) as Record<VisitKind, number>;
  if (!day.windows.length) return expected;
  for (const kind of VISIT_KINDS) {
    if (kind === 'event') continue;
    let n = tuning.visitorsPerDay[kind][day.dayType];
    if (kind === 'after_school' && !(day.inTerm && day.dayType === 'weekday')) n = 0;
    if (kind === 'exam_cram' && !day.inExam) n = 0;
    if (day.inExam) n *= tuning.examVisitorMultiplier[kind] ?? 1;
    expected[kind] = n;
  }
  expected.event = eventsOn(day, tuning).reduce((s, e) => s + e.attendees, 0);
  return expected;
}

export function stayMultiplier(day: ServiceDay, tuning: SimulationTuning, kind: VisitKind): number {
  return day.inExam ? (tuning.examStayMultiplier[kind] ?? 1) : 1;
}
