import type { ZoneCategory } from '@hearth/contracts';

/**
 * Visit kinds (personas): every simulated visitor comes for one of these
 * reasons, with known parameters, so analytics can be checked against the
 * ground truth ("did clustering recover the study sessions?").
 */

export const VISIT_KINDS = ['quick_visit', 'study_session', 'group_work', 'computer_use', 'after_school', 'exam_cram', 'maker_session', 'event'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

/** Arrival intensity over the local clock: [fromHour, toHour, weight]. */
export type ArrivalProfile = readonly (readonly [number, number, number])[];

export interface VisitKindProfile {
  kind: VisitKind;
  description: string;
  /** Whether the visitor sits at a (sensed) desk. */
  usesDesk: boolean;
  /** Length of stay, minutes (before exam-period stretching and closing time). */
  durationMinutes: readonly [number, number];
  /** Party sizes and their relative weights; members of a party arrive, sit and leave together. */
  partySizes: readonly number[];
  partyWeights: readonly number[];
  /** Preference for zone categories; zone appeal from the tuning multiplies these. */
  zoneWeights: Partial<Record<ZoneCategory, number>>;
  arrivals: ArrivalProfile;
  /** Nobody of this kind arrives later than this many minutes before closing. */
  lastArrivalBeforeCloseMinutes: number;
  /** Chance that a solo visitor staying over lunch leaves the desk for the cafe for half an hour. */
  lunchBreakChance: number;
  /** Chance of stopping at the service desk first (returns, enquiries); visitors without a desk only. */
  serviceDeskChance: number;
}

export const VISIT_KIND_PROFILES: Record<VisitKind, VisitKindProfile> = {
  quick_visit: {
    kind: 'quick_visit',
    description: 'Browse, borrow or return, a coffee or a newspaper: 10-30 minutes, no desk.',
    usesDesk: false,
    durationMinutes: [10, 30],
    partySizes: [1, 2],
    partyWeights: [0.85, 0.15],
    zoneWeights: { stacks: 1, other: 0.3, cafe: 0.35, children: 0.1 },
    arrivals: [
      [8, 10, 0.8],
      [10, 12, 1.3],
      [12, 14, 1.4],
      [14, 16, 1.1],
      [16, 18, 1.4],
      [18, 24, 0.7],
    ],
    lastArrivalBeforeCloseMinutes: 10,
    lunchBreakChance: 0,
    serviceDeskChance: 0.3,
  },
  study_session: {
    kind: 'study_session',
    description: 'Solo study at a quiet desk: 1.5-4.5 hours, often with a lunch break.',
    usesDesk: true,
    durationMinutes: [90, 270],
    partySizes: [1],
    partyWeights: [1],
    zoneWeights: { quiet_study: 1, stacks: 0.12, group_study: 0.06 },
    arrivals: [
      [8, 9, 1.4],
      [9, 11, 2.2],
      [11, 12, 1.0],
      [12, 13.5, 0.7],
      [13.5, 15.5, 2.0],
      [15.5, 18, 1.0],
      [18, 24, 0.4],
    ],
    lastArrivalBeforeCloseMinutes: 45,
    lunchBreakChance: 0.45,
    serviceDeskChance: 0,
  },
  group_work: {
    kind: 'group_work',
    description: '2-5 people working together at neighbouring desks: 1-3 hours.',
    usesDesk: true,
    durationMinutes: [60, 180],
    partySizes: [2, 3, 4, 5],
    partyWeights: [0.35, 0.3, 0.22, 0.13],
    zoneWeights: { group_study: 1, quiet_study: 0.04, stacks: 0.02 },
    arrivals: [
      [9, 12, 1.2],
      [12, 13.5, 0.5],
      [13.5, 17, 1.5],
      [17, 24, 0.9],
    ],
    lastArrivalBeforeCloseMinutes: 45,
    lunchBreakChance: 0,
    serviceDeskChance: 0,
  },
  computer_use: {
    kind: 'computer_use',
    description: 'A public computer: 30-90 minutes.',
    usesDesk: true,
    durationMinutes: [30, 90],
    partySizes: [1],
    partyWeights: [1],
    zoneWeights: { computers: 1 },
    arrivals: [
      [8, 10, 0.8],
      [10, 12, 1.4],
      [12, 14, 0.9],
      [14, 17, 1.4],
      [17, 24, 0.8],
    ],
    lastArrivalBeforeCloseMinutes: 20,
    lunchBreakChance: 0,
    serviceDeskChance: 0,
  },
  after_school: {
    kind: 'after_school',
    description: 'Teenagers, and children with a parent, after school on term weekdays (15:30-18:00).',
    usesDesk: true,
    durationMinutes: [30, 120],
    partySizes: [1, 2, 3],
    partyWeights: [0.45, 0.35, 0.2],
    zoneWeights: { teens: 0.65, children: 0.35, group_study: 0.03 },
    arrivals: [
      [15.5, 16.25, 3],
      [16.25, 17.5, 1.5],
    ],
    lastArrivalBeforeCloseMinutes: 30,
    lunchBreakChance: 0,
    serviceDeskChance: 0,
  },
  exam_cram: {
    kind: 'exam_cram',
    description: 'Revision in exam periods: arrives early, stays 4-8 hours at a quiet desk.',
    usesDesk: true,
    durationMinutes: [240, 480],
    partySizes: [1, 2],
    partyWeights: [0.85, 0.15],
    zoneWeights: { quiet_study: 1, group_study: 0.15, stacks: 0.1 },
    arrivals: [
      [8, 9, 3],
      [9, 10.5, 2],
      [10.5, 12, 1],
      [12, 14, 0.5],
      [14, 17, 0.4],
    ],
    lastArrivalBeforeCloseMinutes: 90,
    lunchBreakChance: 0.7,
    serviceDeskChance: 0,
  },
  maker_session: {
    kind: 'maker_session',
    description: 'Makerspace project work: 1-3 hours, no sensed desk.',
    usesDesk: false,
    durationMinutes: [60, 180],
    partySizes: [1, 2],
    partyWeights: [0.7, 0.3],
    zoneWeights: { makerspace: 1 },
    arrivals: [
      [10, 12, 1],
      [12, 14, 0.8],
      [14, 18, 1.2],
      [18, 24, 0.8],
    ],
    lastArrivalBeforeCloseMinutes: 45,
    lunchBreakChance: 0,
    serviceDeskChance: 0,
  },
  event: {
    kind: 'event',
    description: 'Attends a scheduled event (talk, rhyme time, workshop): arrives shortly before, leaves shortly after.',
    usesDesk: false,
    durationMinutes: [30, 180],
    partySizes: [1, 2],
    partyWeights: [0.6, 0.4],
    zoneWeights: { events: 1 },
    arrivals: [],
    lastArrivalBeforeCloseMinutes: 15,
    lunchBreakChance: 0,
    serviceDeskChance: 0,
  },
};

export function meanPartySize(profile: VisitKindProfile): number {
  const total = profile.partyWeights.reduce((s, w) => s + w, 0);
  return profile.partySizes.reduce((s, size, i) => s + size * profile.partyWeights[i]!, 0) / total;
}
