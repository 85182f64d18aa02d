import { OUTSIDE } from '@hearth/contracts';
import { createRng, hashString, type Rng } from './prng.js';
import { instantAtClock, localClockHours, type OpeningWindow, type ServiceDay } from '@hearth/analytics';
import type { DoorModel, SiteModel, ZoneModel } from './site-model.js';
import { eventsOn, expectedVisitsPerDay, stayMultiplier, type SimulationTuning } from './simulation-tuning.js';
import { meanPartySize, VISIT_KIND_PROFILES, VISIT_KINDS, type VisitKind, type VisitKindProfile } from './visit-kinds.js';

/**
 * Plans one service day of visits: who comes, when, with whom, where they sit
 * and which doors they use. Everything is drawn from a stream seeded by the
 * site, the date and the seed, so a day is the same whatever window it is
 * generated in. Times are epoch milliseconds.
 */

const MINUTE = 60_000;
/** A desk is free for the next person this long after someone leaves it. */
const DESK_TURNOVER_MS = 2 * MINUTE;

export interface PlannedStay {
  zone: string;
  from: number;
  to: number;
  /** The desk sensor's key, when the visitor sits at a sensed desk. */
  desk?: string;
}

export interface PlannedCrossing {
  door: string;
  at: number;
  /** The counter's direction ("in" is towards the door's inTo). */
  direction: 'in' | 'out';
  /** False when the counter missed this person. */
  counted: boolean;
}

export interface PlannedVisit {
  id: string;
  kind: VisitKind;
  groupId: string | null;
  groupSize: number;
  arrive: number;
  depart: number;
  stays: PlannedStay[];
  crossings: PlannedCrossing[];
}

interface Party {
  kind: VisitKind;
  size: number;
  arrive: number;
  depart: number;
  window: OpeningWindow;
  /** Scheduled events fix the zone. */
  zone?: string;
}

/** Minutes since the start of the service day, per zone: how many people are there. */
class PresenceLedger {
  private readonly minutes: number;
  private readonly byZone = new Map<string, Int16Array>();

  constructor(private readonly dayStart: number, dayEnd: number) {
    this.minutes = Math.ceil((dayEnd - dayStart) / MINUTE) + 1;
  }

  private span(from: number, to: number): [number, number] {
    const a = Math.max(0, Math.floor((from - this.dayStart) / MINUTE));
    const b = Math.min(this.minutes, Math.max(a + 1, Math.ceil((to - this.dayStart) / MINUTE)));
    return [a, b];
  }

  peak(zone: string, from: number, to: number): number {
    const counts = this.byZone.get(zone);
    if (!counts) return 0;
    const [a, b] = this.span(from, to);
    let max = 0;
    for (let i = a; i < b; i++) if (counts[i]! > max) max = counts[i]!;
    return max;
  }

  add(zone: string, from: number, to: number): void {
    let counts = this.byZone.get(zone);
    if (!counts) this.byZone.set(zone, (counts = new Int16Array(this.minutes)));
    const [a, b] = this.span(from, to);
    for (let i = a; i < b; i++) counts[i]!++;
  }
}

interface DayState {
  model: SiteModel;
  tuning: SimulationTuning;
  day: ServiceDay;
  rng: Rng;
  presence: PresenceLedger;
  /** Zone key -> per desk, when its current session ends. */
  busyUntil: Map<string, Float64Array>;
}

function triangularish(rng: Rng, min: number, max: number): number {
  return min + (max - min) * ((rng.next() + rng.next()) / 2);
}

interface ArrivalSegment {
  from: number;
  to: number;
  window: OpeningWindow;
  mass: number;
}

/** The kind's arrival profile laid over the day's opening windows (nobody arrives too close to closing). */
function arrivalSegments(profile: VisitKindProfile, windows: OpeningWindow[]): ArrivalSegment[] {
  const segments: ArrivalSegment[] = [];
  for (const window of windows) {
    const latest = window.close - profile.lastArrivalBeforeCloseMinutes * MINUTE;
    for (const shift of [0, 24]) {
      for (const [fromH, toH, weight] of profile.arrivals) {
        const from = Math.max(window.open, instantAtClock(window, fromH + shift));
        const to = Math.min(latest, instantAtClock(window, toH + shift));
        if (to > from && weight > 0) segments.push({ from, to, window, mass: (weight * (to - from)) / MINUTE });
      }
    }
  }
  return segments;
}

function drawArrival(rng: Rng, segments: ArrivalSegment[], masses: number[]): { at: number; window: OpeningWindow } {
  const s = segments[rng.weighted(masses)]!;
  return { at: Math.floor(rng.range(s.from, s.to) / 1000) * 1000, window: s.window };
}

function departure(rng: Rng, arrive: number, minutes: number, window: OpeningWindow): number {
  let depart = arrive + minutes * MINUTE;
  // Everyone is out by closing; the last ones drift out in the final minutes.
  const leaveBy = window.close - rng.range(1, 12) * MINUTE;
  if (depart > leaveBy) depart = Math.max(arrive + 5 * MINUTE, leaveBy);
  return Math.min(Math.floor(depart / 1000) * 1000, window.close - MINUTE);
}

function drawParties(state: DayState): Party[] {
  const { rng, day, tuning } = state;
  const expected = expectedVisitsPerDay(day, tuning);
  const parties: Party[] = [];
  for (const kind of VISIT_KINDS) {
    if (kind === 'event') continue;
    const profile = VISIT_KIND_PROFILES[kind];
    const kindRng = rng.fork(`parties:${kind}`);
    const count = kindRng.poisson(expected[kind] / meanPartySize(profile));
    const stretch = stayMultiplier(day, tuning, kind);
    const segments = arrivalSegments(profile, day.windows);
    if (!segments.length) continue;
    const masses = segments.map((seg) => seg.mass);
    for (let i = 0; i < count; i++) {
      const size = profile.partySizes[kindRng.weighted(profile.partyWeights)]!;
      const arrival = drawArrival(kindRng, segments, masses);
      const minutes = triangularish(kindRng, profile.durationMinutes[0], profile.durationMinutes[1]) * stretch;
      parties.push({ kind, size, arrive: arrival.at, depart: departure(kindRng, arrival.at, minutes, arrival.window), window: arrival.window });
    }
  }

  const eventRng = rng.fork('parties:event');
  const eventProfile = VISIT_KIND_PROFILES.event;
  for (const event of eventsOn(day, tuning)) {
    if (!state.model.zoneById.has(event.zone)) continue;
    const startH = Number(event.start.slice(0, 2)) + Number(event.start.slice(3, 5)) / 60;
    const window = day.windows.find((w) => {
      const h = localClockHours(w, w.open);
      return h <= startH && instantAtClock(w, startH) + event.minutes * MINUTE <= w.close;
    });
    if (!window) continue;
    const start = instantAtClock(window, startH);
    let people = eventRng.poisson(event.attendees);
    while (people > 0) {
      const size = Math.min(people, eventProfile.partySizes[eventRng.weighted(eventProfile.partyWeights)]!);
      people -= size;
      const arrive = Math.max(window.open, start - Math.floor(eventRng.range(0, 20) * MINUTE));
      const depart = Math.min(window.close - MINUTE, start + (event.minutes + eventRng.range(0, 15)) * MINUTE);
      parties.push({ kind: 'event', size, arrive: Math.floor(arrive / 1000) * 1000, depart: Math.floor(depart / 1000) * 1000, window, zone: event.zone });
    }
  }
  // Stable sort: ties keep the (deterministic) drawing order.
  return parties.sort((a, b) => a.arrive - b.arrive);
}

function busyOf(state: DayState, zone: ZoneModel): Float64Array {
  let busy = state.busyUntil.get(zone.id);
  if (!busy) state.busyUntil.set(zone.id, (busy = new Float64Array(zone.desks.length)));
  return busy;
}

/** Finds `size` neighbouring desks in a zone that are free at `from`; null if there is no such cluster. */
function findDesks(state: DayState, zone: ZoneModel, size: number, from: number): number[] | null {
  const busy = busyOf(state, zone);
  const free = (i: number) => busy[i]! + DESK_TURNOVER_MS <= from;
  const candidates: number[] = [];
  for (let i = 0; i < zone.desks.length; i++) if (free(i)) candidates.push(i);
  if (candidates.length < size) return null;
  const occupiedNeighbours = (i: number) => zone.desks[i]!.neighbours.reduce((n, j) => n + (busy[j]! > from ? 1 : 0), 0);

  if (size === 1) {
    // Strangers keep their distance: prefer desks with the fewest occupied neighbours.
    let best = Infinity;
    let pool: number[] = [];
    for (const i of candidates) {
      const n = occupiedNeighbours(i);
      if (n < best) {
        best = n;
        pool = [i];
      } else if (n === best) pool.push(i);
    }
    return [state.rng.pick(pool)];
  }

  // Groups: grow a cluster of neighbours from a seed desk, preferring empty tables.
  const seeds = candidates.map((i) => ({ i, key: occupiedNeighbours(i) + state.rng.next() })).sort((a, b) => a.key - b.key);
  for (const { i: seed } of seeds.slice(0, 40)) {
    const group = [seed];
    const inGroup = new Set(group);
    while (group.length < size) {
      let next = -1;
      let nextDist = Infinity;
      for (const member of group) {
        for (const n of zone.desks[member]!.neighbours) {
          if (inGroup.has(n) || !free(n)) continue;
          const d = Math.hypot(zone.desks[n]!.x - zone.desks[seed]!.x, zone.desks[n]!.y - zone.desks[seed]!.y);
          if (d < nextDist) {
            nextDist = d;
            next = n;
          }
        }
      }
      if (next < 0) break;
      group.push(next);
      inGroup.add(next);
    }
    if (group.length === size) return group;
  }
  return null;
}

function appealOf(tuning: SimulationTuning, zone: string, group: boolean): number {
  if (group) return tuning.groupZoneAppeal[zone] ?? tuning.zoneAppeal[zone] ?? 1;
  return tuning.zoneAppeal[zone] ?? 1;
}

function candidateZones(state: DayState, profile: VisitKindProfile, size: number, needDesks: boolean): ZoneModel[] {
  const zones = state.model.zones.filter((z) => !needDesks || z.desks.length >= size);
  const weights = zones.map((z) => (profile.zoneWeights[z.category] ?? 0) * appealOf(state.tuning, z.id, size > 1));
  return state.rng.weightedOrder(weights).map((i) => zones[i]!);
}

function hasRoom(state: DayState, zone: ZoneModel, from: number, to: number, size: number): boolean {
  return state.presence.peak(zone.id, from, to) + size <= zone.maxPresence;
}

interface Member {
  arrive: number;
  depart: number;
  /** Time in the zone (after walking in, before walking out). */
  from: number;
  to: number;
}

function membersOf(state: DayState, party: Party): Member[] {
  const { rng } = state;
  const members: Member[] = [];
  for (let i = 0; i < party.size; i++) {
    const arrive = i === 0 ? party.arrive : party.arrive + Math.floor(rng.range(0, 2) * MINUTE / 1000) * 1000;
    let depart = i === 0 ? party.depart : party.depart + Math.floor(rng.range(-3, 3) * MINUTE / 1000) * 1000;
    depart = Math.min(Math.max(depart, arrive + 5 * MINUTE), party.window.close - MINUTE);
    const from = arrive + Math.floor(rng.range(1, 4) * MINUTE / 1000) * 1000;
    const to = Math.max(from + MINUTE, depart - Math.floor(rng.range(1, 3) * MINUTE / 1000) * 1000);
    members.push({ arrive, depart: Math.max(depart, to + 30_000), from, to });
  }
  return members;
}

/** Where a party that found no seat ends up: a lounge for a short while, or straight back out. */
function fallbackStays(state: DayState, members: Member[]): PlannedStay[][] {
  const { rng } = state;
  const lounges = state.model.zones.filter((z) => z.category === 'cafe' || z.category === 'other' || z.category === 'stacks');
  const order = rng.weightedOrder(lounges.map((z) => appealOf(state.tuning, z.id, false)));
  const from = Math.min(...members.map((m) => m.from));
  const minutes = rng.range(15, 40);
  for (const i of order) {
    const zone = lounges[i]!;
    const to = Math.min(Math.max(...members.map((m) => m.to)), from + minutes * MINUTE);
    if (!hasRoom(state, zone, from, to, members.length)) continue;
    return members.map((m) => {
      m.to = Math.max(m.from + MINUTE, Math.min(m.to, to));
      m.depart = Math.min(m.depart, m.to + 2 * MINUTE);
      return [{ zone: zone.id, from: m.from, to: m.to }];
    });
  }
  return members.map((m) => {
    m.to = m.from;
    m.depart = Math.min(m.depart, m.arrive + Math.floor(rng.range(3, 8) * MINUTE));
    return [];
  });
}

function seatParty(state: DayState, party: Party, members: Member[]): PlannedStay[][] {
  const profile = VISIT_KIND_PROFILES[party.kind];
  const from = Math.min(...members.map((m) => m.from));
  const to = Math.max(...members.map((m) => m.to));

  if (party.zone) {
    const zone = state.model.zoneById.get(party.zone)!;
    if (hasRoom(state, zone, from, to, party.size)) return members.map((m) => [{ zone: zone.id, from: m.from, to: m.to }]);
    return fallbackStays(state, members);
  }

  for (const zone of candidateZones(state, profile, party.size, profile.usesDesk)) {
    if (!hasRoom(state, zone, from, to, party.size)) continue;
    if (!profile.usesDesk) return members.map((m) => [{ zone: zone.id, from: m.from, to: m.to }]);
    const desks = findDesks(state, zone, party.size, from);
    if (!desks) continue;
    const busy = busyOf(state, zone);
    return members.map((m, i) => {
      busy[desks[i]!] = to;
      return [{ zone: zone.id, from: m.from, to: m.to, desk: zone.desks[desks[i]!]!.id }];
    });
  }
  return fallbackStays(state, members);
}

/** A solo visitor sitting through lunch may go to the cafe for a while; the desk stays theirs. */
function withLunchBreak(state: DayState, party: Party, stays: PlannedStay[]): PlannedStay[] {
  const { rng } = state;
  const profile = VISIT_KIND_PROFILES[party.kind];
  const seat = stays[0];
  if (party.size !== 1 || stays.length !== 1 || !seat?.desk || !rng.chance(profile.lunchBreakChance)) return stays;
  const breakFrom = Math.floor(instantAtClock(party.window, rng.range(12, 13.5)) / 1000) * 1000;
  const breakTo = breakFrom + Math.floor(rng.range(25, 50) * MINUTE / 1000) * 1000;
  if (seat.from > breakFrom - 30 * MINUTE || seat.to < breakTo + 30 * MINUTE) return stays;
  const cafes = state.model.zones.filter((z) => z.category === 'cafe');
  const cafe = cafes.find((z) => hasRoom(state, z, breakFrom + MINUTE, breakTo - MINUTE, 1));
  if (!cafe) return stays;
  return [
    { zone: seat.zone, from: seat.from, to: breakFrom, desk: seat.desk },
    { zone: cafe.id, from: breakFrom + MINUTE, to: breakTo - MINUTE },
    { zone: seat.zone, from: breakTo, to: seat.to, desk: seat.desk },
  ];
}

/** A quick stop at the service desk before the rest of the visit. */
function withServiceDesk(state: DayState, party: Party, member: Member, stays: PlannedStay[]): PlannedStay[] {
  const { rng } = state;
  const profile = VISIT_KIND_PROFILES[party.kind];
  if (!profile.serviceDeskChance || !rng.chance(profile.serviceDeskChance)) return stays;
  const desk = state.model.zones.find((z) => z.category === 'service_desk');
  if (!desk) return stays;
  const from = member.from;
  const to = Math.min(member.to, from + Math.floor(rng.range(3, 8) * MINUTE / 1000) * 1000);
  if (to <= from || !hasRoom(state, desk, from, to, 1)) return stays;
  const rest = stays.filter((s) => s.to > to + MINUTE).map((s) => ({ ...s, from: Math.max(s.from, to + MINUTE) }));
  if (rest.some((s) => s.desk)) return stays;
  return [{ zone: desk.id, from, to }, ...rest];
}

/** Which doors each member of a party uses: drawn from the day's door stream, independently of seating. */
interface DoorPlan {
  entry: DoorModel;
  exit: DoorModel;
  exitCounted: boolean;
}

/** Entrances and their doors with the weights used to choose between them, computed once per site and tuning. */
interface EntranceChoice {
  keys: string[];
  weights: number[];
  doors: Map<string, { doors: DoorModel[]; weights: number[] }>;
}
const entranceChoices = new WeakMap<SiteModel, WeakMap<SimulationTuning, EntranceChoice>>();

function entranceChoice(model: SiteModel, tuning: SimulationTuning): EntranceChoice {
  let byTuning = entranceChoices.get(model);
  if (!byTuning) entranceChoices.set(model, (byTuning = new WeakMap()));
  let choice = byTuning.get(tuning);
  if (!choice) {
    const keys = [...model.entrances.keys()];
    choice = {
      keys,
      weights: keys.map((k) => tuning.entranceAppeal[k] ?? 1),
      // The first leaf of a double door takes a little more of the traffic.
      doors: new Map(keys.map((k) => {
        const doors = model.entrances.get(k)!;
        return [k, { doors, weights: doors.map((_, i) => (i === 0 ? 0.55 : 0.45 / Math.max(1, doors.length - 1))) }];
      })),
    };
    byTuning.set(tuning, choice);
  }
  return choice;
}

/** Draws the doors for each member of a party. planDay and countEntranceCrossings make the same draws in the same order. */
function planDoors(choice: EntranceChoice, rng: Rng, size: number, missedCountRate: number): DoorPlan[] | null {
  if (!choice.keys.length) return null;
  const pickEntrance = () => choice.keys[rng.weighted(choice.weights)]!;
  const pickDoor = (entrance: string) => {
    const { doors, weights } = choice.doors.get(entrance)!;
    return doors[rng.weighted(weights)]!;
  };
  const entrance = pickEntrance();
  const plans: DoorPlan[] = [];
  for (let i = 0; i < size; i++) {
    const entry = pickDoor(entrance);
    const exit = pickDoor(rng.chance(0.75) ? entrance : pickEntrance());
    plans.push({ entry, exit, exitCounted: !rng.chance(missedCountRate) });
  }
  return plans;
}

const entryDirection = (door: DoorModel): 'in' | 'out' => (door.outTo === OUTSIDE ? 'in' : 'out');
const exitDirection = (door: DoorModel): 'in' | 'out' => (door.outTo === OUTSIDE ? 'out' : 'in');

function crossingsFor(state: DayState, doors: DoorPlan | undefined, member: Member, stays: PlannedStay[]): PlannedCrossing[] {
  if (!doors) return [];
  const { rng, model } = state;
  const crossings: PlannedCrossing[] = [{ door: doors.entry.id, at: member.arrive, direction: entryDirection(doors.entry), counted: true }];
  let here = doors.entry.entrance!;
  const walk = (to: string, at: number) => {
    if (to === here) return;
    const inner = model.internalDoors.get(`${here}>${to}`);
    if (inner?.length) {
      const { door, direction } = inner[rng.int(0, inner.length - 1)]!;
      crossings.push({ door: door.id, at, direction, counted: true });
    }
    here = to;
  };
  for (const stay of stays) walk(stay.zone, stay.from);
  walk(doors.exit.entrance!, Math.max(member.arrive, member.depart - 30_000));
  crossings.push({ door: doors.exit.id, at: member.depart, direction: exitDirection(doors.exit), counted: doors.exitCounted });
  return crossings;
}

function newDayState(model: SiteModel, tuning: SimulationTuning, day: ServiceDay, seed: number): DayState {
  return {
    model,
    tuning,
    day,
    rng: createRng(hashString(`${model.siteId}|${day.date}`, seed)),
    presence: new PresenceLedger(day.start, day.end),
    busyUntil: new Map(),
  };
}

const doorStream = (model: SiteModel, day: ServiceDay, seed: number) => createRng(hashString(`${model.siteId}|${day.date}|doors`, seed));

/**
 * People counted in and out of the building by each outside door on a day,
 * without seating anyone: the same counts planDay's visits produce, cheaply
 * enough to total up months of history for cumulative counters.
 */
export function countEntranceCrossings(model: SiteModel, tuning: SimulationTuning, day: ServiceDay, seed: number, missedCountRate = tuning.missedCountRate): Map<string, { in: number; out: number }> {
  const counts = new Map<string, { in: number; out: number }>();
  if (!day.windows.length || !model.entrances.size) return counts;
  const doors = doorStream(model, day, seed);
  const choice = entranceChoice(model, tuning);
  for (const party of drawParties(newDayState(model, tuning, day, seed))) {
    for (const plan of planDoors(choice, doors, party.size, missedCountRate) ?? []) {
      const entry = counts.get(plan.entry.id) ?? { in: 0, out: 0 };
      counts.set(plan.entry.id, entry);
      entry[entryDirection(plan.entry)]++;
      if (!plan.exitCounted) continue;
      const exit = counts.get(plan.exit.id) ?? { in: 0, out: 0 };
      counts.set(plan.exit.id, exit);
      exit[exitDirection(plan.exit)]++;
    }
  }
  return counts;
}

export function planDay(model: SiteModel, tuning: SimulationTuning, day: ServiceDay, seed: number, missedCountRate = tuning.missedCountRate): PlannedVisit[] {
  if (!day.windows.length) return [];
  const state = newDayState(model, tuning, day, seed);
  const parties = drawParties(state);
  state.rng = state.rng.fork('seating');
  const doorRng = doorStream(model, day, seed);
  const choice = entranceChoice(model, tuning);
  const visits: PlannedVisit[] = [];
  parties.forEach((party, p) => {
    const doors = planDoors(choice, doorRng, party.size, missedCountRate);
    const members = membersOf(state, party);
    const seated = seatParty(state, party, members);
    const groupId = party.size > 1 ? `${day.date}:g${p}` : null;
    members.forEach((member, i) => {
      let stays = seated[i]!;
      stays = withLunchBreak(state, party, stays);
      if (i === 0 || party.size === 1) stays = withServiceDesk(state, party, member, stays);
      for (const stay of stays) state.presence.add(stay.zone, stay.from, stay.to);
      visits.push({
        id: `${day.date}:${visits.length}`,
        kind: party.kind,
        groupId,
        groupSize: party.size,
        arrive: member.arrive,
        depart: member.depart,
        stays,
        crossings: crossingsFor(state, doors?.[i], member, stays),
      });
    });
  });
  return visits;
}
