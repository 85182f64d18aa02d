import type { ZoneCategory } from '@hearth/contracts';

/**
 * What the recommendation rules read: the analytics of one site over one
 * window, already computed (the server builds it from the rollups; tests craft
 * it by hand). Aggregates only: no session, no reading, nothing about a person.
 * Shares are 0..1, positions are metres in the floor's frame (x right, y down).
 */
export interface SiteEvidence {
  site: { id: string; name: string; timeZone: string };
  window: {
    /** First and last service date (inclusive), site time. */
    first: string;
    last: string;
    /** Service days with opening hours in the window. */
    openDays: number;
    openHours: number;
  };
  zones: ZoneEvidence[];
  floors: FloorEvidence[];
  /** Visits to the building, from the entrance counters; null without door counters. */
  demand: DemandEvidence | null;
  /** Layout changes the site declared, each with its before/after comparison. */
  changes: LayoutChangeEvidence[];
}

export interface ZoneEvidence {
  zone: string;
  name: string;
  floor: string;
  category: ZoneCategory;
  capacity: number;
  areaM2: number;
  /** Centre of the zone's polygon. */
  centroid: [number, number];
  /** Seats with a desk sensor, by layout: alone, or at a table/cluster shared with neighbours; null without desk sensors. */
  seats: { single: number; shared: number } | null;
  /** Over open hours; null when the zone had no data in the window. */
  use: {
    /** Mean occupancy as a share of capacity. */
    utilisation: number;
    meanOccupancy: number;
    /** Highest 15-minute (or hourly) occupancy as a share of capacity. */
    peakShare: number;
    /** Open hours with occupancy above the crowding threshold of the analytics (85 % of capacity). */
    hoursAbove: number;
    /** hoursAbove / open hours. */
    shareAbove: number;
    /** Share of open time with data. */
    coverage: number;
  } | null;
  /** Desk sessions in the zone (occupied stretches of a seat); null without desk sensors or sessions. */
  sessions: {
    count: number;
    medianMinutes: number;
    p90Minutes: number;
    /** Share of sessions shorter than 20 minutes. */
    shortShare: number;
    /** Share of sessions of 2 hours or more by someone alone (no neighbouring desk taken at the same time). */
    longSoloShare: number;
    /** Share of sessions that were part of a group (neighbouring desks taken together). */
    groupShare: number;
  } | null;
  /** The patrons' poll for the zone; null when no poll ran or too few answered to publish. */
  poll: PollEvidence | null;
}

/** Mean scores (1 = poor .. 5 = excellent) of the six things patrons associate with good service. */
export interface PollEvidence {
  answers: number;
  scores: Record<PollDimension, number | null>;
}
export const POLL_DIMENSIONS = ['convenience', 'comfort', 'hospitality', 'quality', 'trust', 'wow'] as const;
export type PollDimension = (typeof POLL_DIMENSIONS)[number];

export interface FloorEvidence {
  floor: string;
  name: string;
  /** Width and depth in metres. */
  size: [number, number];
  /** Congregation hot spots of the floor's density map, largest share first. */
  hotspots: {
    centroid: [number, number];
    areaM2: number;
    /** Share of the floor's occupancy inside the hot spot. */
    share: number;
    /** Zones the hot spot overlaps. */
    zones: string[];
    /** Walking-line distance (straight, metres) to the nearest service desk zone's centroid on this floor; null without one. */
    toServiceDeskM: number | null;
  }[];
  /** Zones of category service_desk on this floor. */
  serviceDesks: { zone: string; centroid: [number, number] }[];
  /** Entrances on this floor: the door's position, and what happens in the first metres inside. */
  entrances: EntranceEvidence[];
}

export interface EntranceEvidence {
  /** The door sensor's key. */
  door: string;
  /** The zone the door opens into. */
  zone: string;
  position: [number, number];
  /** Share of the building's arrivals through this door; null when unknown. */
  arrivalsShare: number | null;
  /** The first metres inside the door ("decompression zone", radius `radiusM`). */
  firstMetres: {
    radiusM: number;
    /** Mean people per m² inside the radius, from the density map. */
    density: number;
    /** Mean people per m² over the floor's occupied area, for comparison. */
    floorDensity: number;
    /** Zones (other than the entrance zone itself) reaching into the radius: stacks, displays, seats put there. */
    zones: string[];
  };
  /** Zones on the straight line from the door to the floor's largest hot spot, in walking order: the busiest path. */
  pathToHotspot: { zones: string[]; lengthM: number } | null;
}

export interface DemandEvidence {
  /** Mean arrivals per open day by local hour (index 0..23), over the window's open days. */
  arrivalsByHour: number[];
  /** Mean visits (arrivals) per open day. */
  visitsPerDay: number;
  /** Opening hours by weekday ('mon'..'sun'), local HH:MM; empty when closed. */
  openingHours: Record<string, { open: string; close: string }[]>;
  /** Mean arrivals in the first and the last open hour of the day, and the peak hour. */
  firstHourArrivals: number;
  lastHourArrivals: number;
  /** Mean occupancy of the building in its last open hour as a share of capacity. */
  lastHourUtilisation: number | null;
  peakHour: number;
  peakArrivals: number;
  /** Arrivals in the 30 minutes before opening time that the counters saw (people waiting at the door), per open day. */
  beforeOpening: number;
}

export interface LayoutChangeEvidence {
  date: string;
  description: string;
  zones: string[];
  /** Utilisation of those zones, aligned by weekday, over `weeks` before and after; null when one side has no data. */
  before: { utilisation: number; hoursAbove: number; medianMinutes: number | null } | null;
  after: { utilisation: number; hoursAbove: number; medianMinutes: number | null } | null;
  weeks: number;
}

export const BUDGETS = ['none', 'low', 'high'] as const;
export type Budget = (typeof BUDGETS)[number];
export type Priority = 'high' | 'medium' | 'low';

/** One layout recommendation, with its evidence and options at the three budget levels. */
export interface Recommendation {
  /** Stable for the same finding: rule and subject, e.g. `crowded-beside-idle:reading-room`. */
  id: string;
  rule: RuleId;
  priority: Priority;
  /** Orders recommendations: higher first (priority, then strength of the evidence). */
  score: number;
  title: string;
  /** The finding, in plain language, with its numbers. */
  finding: string;
  floor: string | null;
  zones: string[];
  evidence: {
    metrics: EvidenceMetric[];
    /** What to draw beside it: a floor map with zones or points highlighted, or an hourly chart. */
    figure: EvidenceFigure | null;
  };
  options: Record<Budget, RecommendationOption>;
}

export interface EvidenceMetric {
  label: string;
  zone: string | null;
  value: number;
  unit: 'share' | 'hours' | 'minutes' | 'people' | 'metres' | 'count' | 'score' | 'per-m2';
  /** The value as a reader sees it: "92 %", "3.5 h", "48 m". */
  display: string;
}

export type EvidenceFigure =
  | { kind: 'floor-map'; floor: string; zones: string[]; points: { at: [number, number]; label: string }[] }
  | { kind: 'hourly-chart'; series: { label: string; values: number[] }[]; marks: { hour: number; label: string }[] };

export interface RecommendationOption {
  action: string;
  expectedEffect: string;
  /** How to tell afterwards whether it worked. */
  check: { metric: string; zones: string[]; direction: 'up' | 'down'; by: string; afterWeeks: number };
}

/**
 * The rules, by family: crowding (`crowded-beside-idle` when an idle zone of
 * the same kind can take the overflow, else `crowded-zone`; idle zones nobody
 * is paired with are `under-used-zone`), behaviour against the zone's purpose,
 * service points, entrances (`decompression-zone` for cluttered first metres,
 * `little-used-entrance` for a door few people use), the busiest walk, demand
 * at the edges of the day and at its peak, seating mix, comfort, and the
 * review of declared layout changes.
 */
export const RULE_IDS = [
  'crowded-beside-idle',
  'crowded-zone',
  'under-used-zone',
  'groups-in-quiet-zone',
  'solo-in-group-zone',
  'short-stays-at-study-desks',
  'hotspot-far-from-service',
  'decompression-zone',
  'little-used-entrance',
  'power-aisle',
  'opening-hours-edges',
  'staffing-peaks',
  'seating-mix',
  'crowded-and-uncomfortable',
  'layout-change-review',
] as const;
export type RuleId = (typeof RULE_IDS)[number];
