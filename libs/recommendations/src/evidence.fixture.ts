import { fileURLToPath } from 'node:url';
import { loadRecommendationConfig, type RecommendationConfig } from './config.js';
import type { EntranceEvidence, FloorEvidence, SiteEvidence, ZoneEvidence } from './types.js';

/**
 * Crafted evidence for the rule specs: a library of ten zones over two
 * floors, shaped like the Riverside demo library, over four weeks (28 open
 * days, 300 open hours; Riverside's 75 open hours a week).
 *
 * `library()` is a calm month: every zone is used within ordinary bounds of
 * the shipped thresholds, so no rule has anything to say. Tests tweak it
 * through `zoneOf`, `floorOf` and `doorOf`. `riversideLike()` adds the demo's
 * built-in problems: a full Reading Room beside an idle Garden Study Room,
 * groups in the Local Studies Room, people gathering by the cafe and
 * upstairs, far from the service desk in the north-west corner, and most
 * people coming in by the river entrance.
 *
 * Ground floor (60 × 40 m): service desk NW [5, 4], cafe NE [50, 8], fiction
 * stacks [11, 17], children's library [11, 33], river entrance E [54, 22]
 * (doors at [60, 20] and [60, 24]), main entrance S [30, 35] (door [30, 40]).
 * First floor (60 × 40 m, no service desk): group study hall [15, 10],
 * Local Studies [15, 30], Reading Room [45, 10], Garden Study Room [45, 30].
 */

/** The shipped configuration, which the specs exercise as it is. */
export const SHIPPED_CONFIG_FILE = fileURLToPath(new URL('../../../config/recommendations.yaml', import.meta.url));
export function shippedConfig(): RecommendationConfig {
  return loadRecommendationConfig(SHIPPED_CONFIG_FILE);
}

type Use = NonNullable<ZoneEvidence['use']>;
type Sessions = NonNullable<ZoneEvidence['sessions']>;

function use(utilisation: number, meanOccupancy: number, peakShare: number, hoursAbove: number, shareAbove: number, coverage: number): Use {
  return { utilisation, meanOccupancy, peakShare, hoursAbove, shareAbove, coverage };
}

function sessions(count: number, medianMinutes: number, p90Minutes: number, shortShare: number, longSoloShare: number, groupShare: number): Sessions {
  return { count, medianMinutes, p90Minutes, shortShare, longSoloShare, groupShare };
}

function zone(z: Partial<ZoneEvidence> & Pick<ZoneEvidence, 'zone' | 'name' | 'floor' | 'category' | 'capacity' | 'areaM2' | 'centroid'>): ZoneEvidence {
  return { seats: null, use: null, sessions: null, poll: null, ...z };
}

function poll(answers: number, comfort: number): ZoneEvidence['poll'] {
  return { answers, scores: { convenience: 3.8, comfort, hospitality: 4.2, quality: 4, trust: 4.3, wow: 3.1 } };
}

const OPENING_HOURS = {
  mon: [{ open: '08:00', close: '21:00' }],
  tue: [{ open: '08:00', close: '21:00' }],
  wed: [{ open: '08:00', close: '21:00' }],
  thu: [{ open: '08:00', close: '21:00' }],
  fri: [{ open: '08:00', close: '19:00' }],
  sat: [{ open: '09:00', close: '17:00' }],
  sun: [{ open: '12:00', close: '16:00' }],
};

/** Mean arrivals per open day by hour: 600 a day, from 35 in the 08:00 hour to a midday peak of 65 and 10 in the 20:00 hour. */
const ARRIVALS = [0, 0, 0, 0, 0, 0, 0, 0, 35, 45, 55, 60, 65, 60, 60, 55, 50, 45, 35, 25, 10, 0, 0, 0];

function door(d: Partial<EntranceEvidence> & Pick<EntranceEvidence, 'door' | 'zone' | 'position'>): EntranceEvidence {
  return { arrivalsShare: null, firstMetres: { radiusM: 5, density: 0.04, floorDensity: 0.05, zones: [] }, pathToHotspot: null, ...d };
}

/** A calm month at the library: nothing any rule should flag. */
export function library(): SiteEvidence {
  return {
    site: { id: 'riverside', name: 'Riverside Library', timeZone: 'Europe/London' },
    window: { first: '2026-09-07', last: '2026-10-04', openDays: 28, openHours: 300 },
    zones: [
      zone({ zone: 'service-desk', name: 'Enquiries & Returns Desk', floor: 'ground', category: 'service_desk', capacity: 4, areaM2: 80, centroid: [5, 4], use: use(0.5, 2, 1, 30, 0.1, 1) }),
      zone({ zone: 'cafe', name: 'Riverside Cafe', floor: 'ground', category: 'cafe', capacity: 24, areaM2: 320, centroid: [50, 8], use: use(0.45, 10.8, 0.9, 24, 0.08, 0.95) }),
      zone({ zone: 'fiction-stacks', name: 'Fiction & Lending', floor: 'ground', category: 'stacks', capacity: 8, areaM2: 396, centroid: [11, 17], use: use(0.15, 1.2, 0.75, 0, 0, 1) }),
      zone({ zone: 'children', name: "Children's Library", floor: 'ground', category: 'children', capacity: 16, areaM2: 308, centroid: [11, 33], use: use(0.35, 5.6, 1, 12, 0.04, 1) }),
      zone({ zone: 'river-entrance', name: 'River Entrance', floor: 'ground', category: 'entrance', capacity: 0, areaM2: 144, centroid: [54, 22] }),
      zone({ zone: 'main-entrance', name: 'Main Entrance (Bridge Street)', floor: 'ground', category: 'entrance', capacity: 0, areaM2: 120, centroid: [30, 35] }),
      zone({
        zone: 'group-study',
        name: 'Group Study Hall',
        floor: 'first',
        category: 'group_study',
        capacity: 36,
        areaM2: 600,
        centroid: [15, 10],
        seats: { single: 0, shared: 24 },
        use: use(0.5, 18, 0.95, 45, 0.15, 0.99),
        sessions: sessions(500, 110, 200, 0.1, 0.1, 0.7),
      }),
      zone({
        zone: 'local-studies',
        name: 'Local Studies Room',
        floor: 'first',
        category: 'quiet_study',
        capacity: 24,
        areaM2: 420,
        centroid: [15, 30],
        seats: { single: 24, shared: 0 },
        use: use(0.35, 8.4, 0.7, 0, 0, 1),
        sessions: sessions(300, 70, 150, 0.18, 0.25, 0.1),
      }),
      zone({
        zone: 'reading-room',
        name: 'The Reading Room',
        floor: 'first',
        category: 'quiet_study',
        capacity: 42,
        areaM2: 600,
        centroid: [45, 10],
        seats: { single: 32, shared: 8 },
        use: use(0.6, 25.2, 0.9, 36, 0.12, 0.98),
        sessions: sessions(800, 95, 210, 0.12, 0.3, 0.1),
        poll: poll(60, 4.1),
      }),
      zone({
        zone: 'garden-study',
        name: 'Garden Study Room',
        floor: 'first',
        category: 'quiet_study',
        capacity: 32,
        areaM2: 600,
        centroid: [45, 30],
        seats: { single: 24, shared: 8 },
        use: use(0.4, 12.8, 0.8, 6, 0.02, 0.97),
        sessions: sessions(400, 80, 180, 0.15, 0.3, 0.1),
        poll: poll(25, 2.6),
      }),
    ],
    floors: [
      {
        floor: 'ground',
        name: 'Ground floor',
        size: [60, 40],
        hotspots: [
          { centroid: [12, 10], areaM2: 40, share: 0.3, zones: ['service-desk', 'fiction-stacks'], toServiceDeskM: 9.2 },
          { centroid: [50, 8], areaM2: 20, share: 0.08, zones: ['cafe'], toServiceDeskM: 45.2 },
        ],
        serviceDesks: [{ zone: 'service-desk', centroid: [5, 4] }],
        entrances: [
          door({ door: 'river-door-a', zone: 'river-entrance', position: [60, 20], arrivalsShare: 0.25, pathToHotspot: { zones: ['river-entrance', 'cafe', 'fiction-stacks'], lengthM: 49 } }),
          door({
            door: 'river-door-b',
            zone: 'river-entrance',
            position: [60, 24],
            arrivalsShare: 0.25,
            firstMetres: { radiusM: 5, density: 0.03, floorDensity: 0.05, zones: [] },
            pathToHotspot: { zones: ['river-entrance', 'fiction-stacks'], lengthM: 50 },
          }),
          door({
            door: 'main-door',
            zone: 'main-entrance',
            position: [30, 40],
            arrivalsShare: 0.5,
            firstMetres: { radiusM: 5, density: 0.05, floorDensity: 0.05, zones: [] },
            pathToHotspot: { zones: ['main-entrance', 'children', 'fiction-stacks'], lengthM: 35 },
          }),
        ],
      },
      {
        floor: 'first',
        name: 'First floor',
        size: [60, 40],
        hotspots: [{ centroid: [45, 8], areaM2: 30, share: 0.09, zones: ['reading-room'], toServiceDeskM: null }],
        serviceDesks: [],
        entrances: [],
      },
    ],
    demand: {
      arrivalsByHour: [...ARRIVALS],
      visitsPerDay: 600,
      openingHours: structuredClone(OPENING_HOURS),
      firstHourArrivals: 35,
      lastHourArrivals: 10,
      lastHourUtilisation: 0.2,
      peakHour: 12,
      peakArrivals: 65,
      beforeOpening: 1.5,
    },
    changes: [],
  };
}

/** The demo library's built-in problems on top of the calm month. */
export function riversideLike(): SiteEvidence {
  const ev = library();
  zoneOf(ev, 'reading-room').use = use(0.82, 34.44, 1, 150, 0.5, 0.98);
  zoneOf(ev, 'garden-study').use = use(0.12, 3.84, 0.4, 0, 0, 0.97);
  zoneOf(ev, 'local-studies').use = use(0.55, 13.2, 0.95, 30, 0.1, 1);
  zoneOf(ev, 'local-studies').sessions = sessions(300, 85, 170, 0.12, 0.15, 0.45);
  floorOf(ev, 'ground').hotspots = [
    { centroid: [50, 8], areaM2: 60, share: 0.35, zones: ['cafe'], toServiceDeskM: 45.2 },
    { centroid: [12, 10], areaM2: 30, share: 0.15, zones: ['service-desk', 'fiction-stacks'], toServiceDeskM: 9.2 },
  ];
  floorOf(ev, 'first').hotspots = [
    { centroid: [45, 8], areaM2: 60, share: 0.42, zones: ['reading-room'], toServiceDeskM: null },
    { centroid: [15, 28], areaM2: 20, share: 0.2, zones: ['local-studies'], toServiceDeskM: null },
  ];
  Object.assign(doorOf(ev, 'river-door-a'), { arrivalsShare: 0.31, pathToHotspot: { zones: ['river-entrance', 'cafe'], lengthM: 15.6 } });
  Object.assign(doorOf(ev, 'river-door-b'), { arrivalsShare: 0.31, pathToHotspot: { zones: ['river-entrance', 'cafe'], lengthM: 18.9 } });
  Object.assign(doorOf(ev, 'main-door'), { arrivalsShare: 0.38, pathToHotspot: { zones: ['main-entrance', 'cafe'], lengthM: 37.7 } });
  return ev;
}

export function zoneOf(ev: SiteEvidence, key: string): ZoneEvidence {
  const z = ev.zones.find((x) => x.zone === key);
  if (!z) throw new Error(`no zone ${key} in the fixture`);
  return z;
}

export function floorOf(ev: SiteEvidence, key: string): FloorEvidence {
  const f = ev.floors.find((x) => x.floor === key);
  if (!f) throw new Error(`no floor ${key} in the fixture`);
  return f;
}

export function doorOf(ev: SiteEvidence, key: string): EntranceEvidence {
  const d = ev.floors.flatMap((f) => f.entrances).find((x) => x.door === key);
  if (!d) throw new Error(`no door ${key} in the fixture`);
  return d;
}

/** The zone's `use`, for tweaking in place (throws when the fixture zone has none). */
export function useOf(ev: SiteEvidence, key: string): Use {
  const u = zoneOf(ev, key).use;
  if (!u) throw new Error(`zone ${key} has no use in the fixture`);
  return u;
}

export function sessionsOf(ev: SiteEvidence, key: string): Sessions {
  const s = zoneOf(ev, key).sessions;
  if (!s) throw new Error(`zone ${key} has no sessions in the fixture`);
  return s;
}

export { poll as pollWith, sessions as sessionsWith, use as useWith };
