import type { RuleId } from './types.js';

/**
 * What each text of `config/recommendations.yaml` may refer to. A rule fills
 * one text per finding; the text names the rule it belongs to, the
 * `{placeholders}` the rule provides, and the roles of zones an option's check
 * can watch (`check.zones: idle` → the idle zones of that finding). The config
 * loader rejects a template that names anything else, so a typo in a sentence
 * is caught when Hearth starts, not in front of a board.
 */
export interface TextSpec {
  rule: RuleId;
  placeholders: readonly string[];
  roles: readonly string[];
}

/** Filled in every text: the site's name, the analytics' crowding level ("85 %"), the window's dates and open days. */
export const COMMON_PLACEHOLDERS = ['site', 'crowdingLevel', 'from', 'to', 'openDays'] as const;
export type CommonPlaceholder = (typeof COMMON_PLACEHOLDERS)[number];

const CROWDED = ['zone', 'floor', 'capacity', 'shareAbove', 'hoursAbove', 'openHours', 'utilisation', 'peakShare', 'crowdedShareAbove'] as const;
const LAYOUT_CHANGE = [
  'description',
  'date',
  'zoneNames',
  'weeks',
  'utilisationBefore',
  'utilisationAfter',
  'utilisationChange',
  'utilisationChangeLimit',
  'hoursAboveBefore',
  'hoursAboveAfter',
  'medianStayBefore',
  'medianStayAfter',
] as const;
const SEATING_MIX = ['sharedSeatShare', 'groupSessionShare', 'gap', 'gapLimit', 'sessions', 'seats', 'sharedSeats'] as const;

export const TEXT_SPECS = {
  'crowded-beside-idle': {
    rule: 'crowded-beside-idle',
    placeholders: [...CROWDED, 'idleZones', 'idleFloor', 'idleUtilisation', 'idleFreeSeats', 'underUsedUtilisation'],
    roles: ['crowded', 'idle', 'all'],
  },
  'crowded-zone': { rule: 'crowded-zone', placeholders: CROWDED, roles: ['crowded'] },
  'under-used-zone': {
    rule: 'under-used-zone',
    placeholders: ['zone', 'floor', 'capacity', 'utilisation', 'meanOccupancy', 'peakShare', 'underUsedUtilisation'],
    roles: ['idle'],
  },
  'groups-in-quiet-zone': {
    rule: 'groups-in-quiet-zone',
    placeholders: ['zone', 'floor', 'groupShare', 'sessions', 'groupShareLimit', 'medianStay', 'utilisation', 'groupZone'],
    roles: ['zone', 'groupZone'],
  },
  'solo-in-group-zone': {
    rule: 'solo-in-group-zone',
    placeholders: ['zone', 'floor', 'longSoloShare', 'sessions', 'longSoloLimit', 'medianStay', 'utilisation', 'quietZone'],
    roles: ['zone', 'quietZone'],
  },
  'short-stays-at-study-desks': {
    rule: 'short-stays-at-study-desks',
    placeholders: ['zone', 'floor', 'shortShare', 'sessions', 'shortShareLimit', 'medianStay', 'utilisation'],
    roles: ['zone'],
  },
  'hotspot-far-from-service': {
    rule: 'hotspot-far-from-service',
    placeholders: ['floor', 'hotspotZones', 'share', 'distance', 'deskZone', 'farFromServiceM', 'farShare'],
    roles: ['hotspot', 'desk'],
  },
  'hotspot-no-service-desk': {
    rule: 'hotspot-far-from-service',
    placeholders: ['floor', 'hotspotZones', 'share', 'minShareWithoutDesk', 'farFromServiceM'],
    roles: ['hotspot'],
  },
  'decompression-zone': {
    rule: 'decompression-zone',
    placeholders: ['entrance', 'doors', 'floor', 'radius', 'intruders', 'density', 'floorDensity', 'densityRatio', 'clutterDensityFactor', 'arrivalsShare'],
    roles: ['entrance', 'intruders'],
  },
  'little-used-entrance': {
    rule: 'little-used-entrance',
    placeholders: ['entrance', 'doors', 'floor', 'arrivalsShare', 'busiestEntrance', 'busiestShare', 'littleUsedLimit'],
    roles: ['entrance', 'busiest', 'all'],
  },
  'power-aisle': {
    rule: 'power-aisle',
    placeholders: ['entrance', 'doors', 'floor', 'arrivalsShare', 'pathZones', 'hotspotZones', 'hotspotShare', 'length', 'minArrivalsShare'],
    roles: ['path', 'hotspot'],
  },
  'opening-early': {
    rule: 'opening-hours-edges',
    placeholders: ['beforeOpening', 'open', 'firstHourArrivals', 'meanHourlyArrivals', 'waitingLimit', 'visitsPerDay'],
    roles: ['site'],
  },
  'opening-late': {
    rule: 'opening-hours-edges',
    placeholders: ['close', 'lastHourArrivals', 'lastHourUtilisation', 'meanHourlyArrivals', 'lastHourUtilisationLimit'],
    roles: ['site'],
  },
  'staffing-peaks': {
    rule: 'staffing-peaks',
    placeholders: ['peakHour', 'peakArrivals', 'meanHourlyArrivals', 'peakRatio', 'visitsPerDay', 'peakToMeanLimit', 'deskZones'],
    roles: ['site', 'desk'],
  },
  'seating-mix-more-shared': { rule: 'seating-mix', placeholders: SEATING_MIX, roles: ['seated', 'shared'] },
  'seating-mix-more-single': { rule: 'seating-mix', placeholders: SEATING_MIX, roles: ['seated', 'shared'] },
  'crowded-and-uncomfortable': {
    rule: 'crowded-and-uncomfortable',
    placeholders: ['zone', 'floor', 'shareAbove', 'utilisation', 'comfort', 'answers', 'comfortLimit', 'crowdedShareAbove'],
    roles: ['zone'],
  },
  'layout-change-better': { rule: 'layout-change-review', placeholders: LAYOUT_CHANGE, roles: ['zones'] },
  'layout-change-no-clear-change': { rule: 'layout-change-review', placeholders: LAYOUT_CHANGE, roles: ['zones'] },
  'layout-change-worse': { rule: 'layout-change-review', placeholders: LAYOUT_CHANGE, roles: ['zones'] },
} as const satisfies Record<string, TextSpec>;

export type TextKey = keyof typeof TEXT_SPECS;
export const TEXT_KEYS = Object.keys(TEXT_SPECS) as [TextKey, ...TextKey[]];
/** The placeholders a rule must fill for a text (the common ones are added for it). */
export type PlaceholderOf<K extends TextKey> = (typeof TEXT_SPECS)[K]['placeholders'][number];
export type RoleOf<K extends TextKey> = (typeof TEXT_SPECS)[K]['roles'][number];

/** Labels of evidence metrics, chart series and map points; they may use the common placeholders only. */
export const LABEL_KEYS = [
  'shareAbove',
  'hoursAbove',
  'utilisation',
  'peakShare',
  'meanOccupancy',
  'freeSeats',
  'groupShare',
  'longSoloShare',
  'shortShare',
  'sessions',
  'medianStay',
  'hotspotShare',
  'farHotspotShare',
  'toServiceDesk',
  'arrivalsShare',
  'firstMetresDensity',
  'floorDensity',
  'pathLength',
  'beforeOpening',
  'firstHourArrivals',
  'lastHourArrivals',
  'lastHourUtilisation',
  'meanHourlyArrivals',
  'peakArrivals',
  'visitsPerDay',
  'seats',
  'sharedSeatShare',
  'groupSessionShare',
  'comfort',
  'pollAnswers',
  'utilisationBefore',
  'utilisationAfter',
  'hoursAboveBefore',
  'hoursAboveAfter',
  'medianStayBefore',
  'medianStayAfter',
  'arrivalsSeries',
  'openingMark',
  'closingMark',
  'peakMark',
  'doorPoint',
  'hotspotPoint',
  'serviceDeskPoint',
] as const;
export type LabelKey = (typeof LABEL_KEYS)[number];

/**
 * Words the rules put into placeholders when there is no name to give: `none`
 * (no zone reaches into the first metres), `unknown` (a figure that was not
 * measured), `and` (joins names: "A, B and C"), and the stand-ins for a
 * group or quiet area, a service desk or an opening time the site lacks.
 */
export const PHRASE_KEYS = ['none', 'unknown', 'and', 'noGroupZone', 'noQuietZone', 'noServiceDesk'] as const;
export type PhraseKey = (typeof PHRASE_KEYS)[number];
