export { createRng, hashString, type Rng } from './prng.js';
export { buildSiteModel, desksAreConnected, maxPresenceFor, NEIGHBOUR_DISTANCE_M, type DeskModel, type DoorModel, type SiteModel, type ZoneModel } from './site-model.js';
export { VISIT_KIND_PROFILES, VISIT_KINDS, meanPartySize, type ArrivalProfile, type VisitKind, type VisitKindProfile } from './visit-kinds.js';
export {
  DEFAULT_TUNING,
  RIVERSIDE_TUNING,
  eventsOn,
  expectedVisitsPerDay,
  tuningFor,
  type DayTypeCounts,
  type ScheduledEvent,
  type ScheduledVisitKind,
  type SimulationTuning,
} from './simulation-tuning.js';
export {
  batteryLevel,
  defaultOfflineWindow,
  generateTraffic,
  generateVisits,
  SEQ_PER_DAY,
  seqBase,
  type DeskTruth,
  type DoorCrossing,
  type SimulatedEvent,
  type TrafficOptions,
  type Visit,
  type VisitOptions,
  type VisitStay,
} from './traffic-generator.js';
export { loadRiverside, RIVERSIDE_YAML_PATH, serviceDays } from './riverside-site.fixture.js';
