import type { SensorMessage, SiteFile } from '@hearth/contracts';
import { createRng, hashString } from './prng.js';
import { serviceDay, serviceDaysBetween, type ServiceDay } from '@hearth/analytics';
import { buildSiteModel, type SiteModel } from './site-model.js';
import { tuningFor, type SimulationTuning } from './simulation-tuning.js';
import { countEntranceCrossings, planDay, type PlannedVisit } from './visit-planner.js';
import type { VisitKind } from './visit-kinds.js';

/**
 * Turns planned visits into the sensor messages a site would send, one
 * service day at a time, in time order:
 * - door counters: per-interval `in`/`out` (ts = end of the interval) from
 *   half an hour before opening to half an hour after closing, or cumulative
 *   `inTotal`/`outTotal` wrapping at the counter's rollover;
 * - desk sensors: `occupied` true/false, only when the state changes;
 * - zone headcount sensors: `count` every 5-15 minutes around opening hours;
 * - every sensor: a heartbeat four times a day, battery slowly falling.
 *
 * An event is the same whatever window it is generated in, `seq` and
 * cumulative totals included, so overlapping windows (a backfill, then live
 * traffic) join up without resets and regenerated events are exact duplicates.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Battery levels are a function of time since this instant. */
const BATTERY_EPOCH = Date.UTC(2026, 0, 1);

export interface VisitOptions {
  from: Date;
  to: Date;
  seed?: number;
  missedCountRate?: number;
  /** Defaults to tuningFor(site). */
  tuning?: SimulationTuning;
}

export interface TrafficOptions extends VisitOptions {
  /** Length of a door counting interval (default 5). */
  doorIntervalMinutes?: number;
  /** Sensors that send nothing during the offline window (default: the tuning's offlineSensors). */
  offlineSensors?: string[];
  /** When the offline sensors are silent (default: defaultOfflineWindow(from, to)). */
  offlineWindow?: { from: Date; to: Date };
  /** Door counters that send cumulative totals (default: the tuning's cumulativeDoors). */
  cumulativeDoors?: string[];
  /**
   * Totals of cumulative counters at `from`. By default they are what the
   * counter has counted since the tuning's countersInstalledOn date.
   */
  cumulativeStart?: Record<string, { inTotal: number; outTotal: number }>;
  /** Report desks occupied and zone headcounts at `from`, as devices do when they (re)connect; these reports carry no seq. */
  includeStateAtStart?: boolean;
}

/** Who was behind a desk event, for checking analytics against the truth. */
export interface DeskTruth {
  visitId: string;
  visitKind: VisitKind;
  groupId: string | null;
}

export interface SimulatedEvent {
  site: string;
  sensor: string;
  message: SensorMessage;
  /** Desk events only: the visit that occupied or freed the desk. Not part of the payload. */
  truth?: DeskTruth;
}

export interface VisitStay {
  zone: string;
  from: Date;
  to: Date;
  desk?: string;
}

export interface DoorCrossing {
  door: string;
  at: Date;
  direction: 'in' | 'out';
  counted: boolean;
}

/** One person's visit: the ground truth behind the sensor traffic. */
export interface Visit {
  id: string;
  kind: VisitKind;
  /** Shared by the members of a party of two or more. */
  groupId: string | null;
  groupSize: number;
  arrive: Date;
  depart: Date;
  stays: VisitStay[];
  crossings: DoorCrossing[];
}

/**
 * `seq` numbering: the service day's number (days since 2000-01-01) times
 * SEQ_PER_DAY, plus the message's place among the sensor's messages that day.
 * Always increasing per sensor, and the same for an event in any window.
 */
export const SEQ_PER_DAY = 10_000;
const SEQ_EPOCH = Date.UTC(2000, 0, 1);

export function seqBase(serviceDate: string): number {
  return Math.round((Date.parse(`${serviceDate}T00:00:00Z`) - SEQ_EPOCH) / DAY) * SEQ_PER_DAY;
}

type DoorCounts = Map<string, { in: number; out: number }>;
/** Per site file and tuning: each day's entrance counts, keyed by seed, missed-count rate and date. */
const dayCountsCache = new WeakMap<SiteFile, WeakMap<SimulationTuning, Map<string, DoorCounts>>>();

/** What the cumulative counters have counted from their installation up to the start of a service day. */
function totalsBefore(site: SiteFile, model: SiteModel, tuning: SimulationTuning, day: ServiceDay, seed: number, missedCountRate: number, doors: string[]): DoorCounts {
  const totals: DoorCounts = new Map(doors.map((d) => [d, { in: 0, out: 0 }]));
  if (!doors.length || day.date <= tuning.countersInstalledOn) return totals;
  let byTuning = dayCountsCache.get(site);
  if (!byTuning) dayCountsCache.set(site, (byTuning = new WeakMap()));
  let cache = byTuning.get(tuning);
  if (!cache) byTuning.set(tuning, (cache = new Map()));
  for (const d of serviceDaysBetween(model.site, serviceDay(model.site, tuning.countersInstalledOn).start, day.start)) {
    const key = `${seed}|${missedCountRate}|${d.date}`;
    let counts = cache.get(key);
    if (!counts) cache.set(key, (counts = countEntranceCrossings(model, tuning, d, seed, missedCountRate)));
    for (const [door, total] of totals) {
      const c = counts.get(door);
      if (c) {
        total.in += c.in;
        total.out += c.out;
      }
    }
  }
  return totals;
}

/** The default silent stretch: starts 40 % into the window, lasts a fifth of it, at most three days. */
export function defaultOfflineWindow(from: Date, to: Date): { from: Date; to: Date } {
  const span = to.getTime() - from.getTime();
  const start = Math.floor((from.getTime() + span * 0.4) / MINUTE) * MINUTE;
  const length = Math.floor(Math.min(span * 0.2, 3 * DAY) / MINUTE) * MINUTE;
  return { from: new Date(start), to: new Date(start + length) };
}

/** Battery percentage of a sensor at an instant: slow, sensor-specific drain; replaced when low. */
export function batteryLevel(sensor: string, at: number): number {
  const h = hashString(sensor, 7);
  const drainPerDay = 0.05 + (h % 100) / 1000;
  const used = ((h >>> 8) % 90) + ((at - BATTERY_EPOCH) / DAY) * drainPerDay;
  return Math.round(100 - (((used % 90) + 90) % 90));
}

const enum Kind {
  DeskFree = 0,
  DeskOccupied = 1,
  Door = 2,
  Zone = 3,
  Heartbeat = 4,
}

interface RawEvent {
  t: number;
  kind: Kind;
  sensor: string;
  a: number;
  b: number;
  truth?: DeskTruth;
  /** A state report at the window's start: outside the device's numbered messages, so it has no seq. */
  snapshot?: true;
}

function upperBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface DayEventsOptions {
  doorIntervalMs: number;
  seed: number;
  stateAt: number | null;
}

/** The day's raw events, sorted by time; all lie in [day.start, day.end). */
function dayEvents(model: SiteModel, day: ServiceDay, visits: PlannedVisit[], opts: DayEventsOptions): RawEvent[] {
  const events: RawEvent[] = [];
  const rng = createRng(hashString(`${model.siteId}|${day.date}|reports`, opts.seed));
  const open = day.windows.length ? day.windows[0]!.open : null;
  const close = day.windows.length ? day.windows[day.windows.length - 1]!.close : null;
  const { stateAt } = opts;

  // Desks.
  for (const visit of visits) {
    for (const stay of visit.stays) {
      if (!stay.desk) continue;
      const truth: DeskTruth = { visitId: visit.id, visitKind: visit.kind, groupId: visit.groupId };
      events.push({ t: stay.from, kind: Kind.DeskOccupied, sensor: stay.desk, a: 1, b: 0, truth });
      events.push({ t: stay.to, kind: Kind.DeskFree, sensor: stay.desk, a: 0, b: 0, truth });
      if (stateAt !== null && stay.from < stateAt && stateAt < stay.to) events.push({ t: stateAt, kind: Kind.DeskOccupied, sensor: stay.desk, a: 1, b: 0, truth, snapshot: true });
    }
  }

  if (open !== null && close !== null) {
    // Doors: counts per interval, reported at the interval's end.
    const step = opts.doorIntervalMs;
    const reportFrom = Math.max(Math.ceil(day.start / step) * step, Math.ceil((open - 30 * MINUTE) / step) * step);
    const reportTo = Math.min(day.end, close + 30 * MINUTE);
    const intervals = Math.max(0, Math.floor((reportTo - reportFrom) / step));
    const counts = new Map<string, Int32Array>(model.doors.map((d) => [d.id, new Int32Array(intervals * 2)]));
    for (const visit of visits) {
      for (const c of visit.crossings) {
        if (!c.counted) continue;
        const k = Math.floor((c.at - reportFrom) / step);
        const row = counts.get(c.door);
        if (row && k >= 0 && k < intervals) row[k * 2 + (c.direction === 'in' ? 0 : 1)]!++;
      }
    }
    for (const door of model.doors) {
      const row = counts.get(door.id)!;
      for (let k = 0; k < intervals; k++) {
        const t = reportFrom + (k + 1) * step;
        if (t < day.end) events.push({ t, kind: Kind.Door, sensor: door.id, a: row[k * 2]!, b: row[k * 2 + 1]! });
      }
    }

  }

  // Zone headcounts: sampled every 5-15 minutes around opening hours.
  for (const zone of model.zones) {
    if (!zone.headcountSensors.length) continue;
    const stays = visits.flatMap((v) => v.stays.filter((s) => s.zone === zone.id));
    const starts = Float64Array.from(stays.map((s) => s.from)).sort();
    const ends = Float64Array.from(stays.map((s) => s.to)).sort();
    const countAt = (t: number) => upperBound(starts, t) - upperBound(ends, t);
    for (const sensor of zone.headcountSensors) {
      if (open !== null && close !== null) {
        const zr = rng.fork(`zone:${sensor}`);
        const until = Math.min(day.end, close + 15 * MINUTE);
        for (let t = Math.floor((open - 15 * MINUTE + zr.range(0, 5) * MINUTE) / 1000) * 1000; t < until; t += Math.floor((zr.range(5, 15) * MINUTE) / 1000) * 1000) {
          events.push({ t, kind: Kind.Zone, sensor, a: countAt(t), b: 0 });
        }
      }
      if (stateAt !== null && stateAt >= day.start && stateAt < day.end) events.push({ t: stateAt, kind: Kind.Zone, sensor, a: countAt(stateAt), b: 0, snapshot: true });
    }
  }

  // Heartbeats, every day whether open or not.
  const beats = 4;
  for (const sensor of model.sensors) {
    const phase = hashString(sensor.id, opts.seed) % (DAY / beats);
    for (let j = 0; j < beats; j++) {
      const t = day.start + phase + (j * DAY) / beats;
      if (t < day.end) events.push({ t: Math.floor(t / 1000) * 1000, kind: Kind.Heartbeat, sensor: sensor.id, a: sensor.kind === 'door' ? -1 : batteryLevel(sensor.id, t), b: 0 });
    }
  }

  return events.sort((x, y) => x.t - y.t || x.kind - y.kind);
}

function resolveSite(site: SiteFile, opts: VisitOptions) {
  return { model: buildSiteModel(site), tuning: opts.tuning ?? tuningFor(site), seed: opts.seed ?? 1 };
}

function toVisit(v: PlannedVisit): Visit {
  return {
    id: v.id,
    kind: v.kind,
    groupId: v.groupId,
    groupSize: v.groupSize,
    arrive: new Date(v.arrive),
    depart: new Date(v.depart),
    stays: v.stays.map((s) => ({ zone: s.zone, from: new Date(s.from), to: new Date(s.to), ...(s.desk ? { desk: s.desk } : {}) })),
    crossings: v.crossings.map((c) => ({ door: c.door, at: new Date(c.at), direction: c.direction, counted: c.counted })),
  };
}

/** The visits (ground truth) arriving in [from, to), in arrival order. Same seed and window, same visits. */
export function* generateVisits(site: SiteFile, opts: VisitOptions): Generator<Visit> {
  const { model, tuning, seed } = resolveSite(site, opts);
  const from = opts.from.getTime();
  const to = opts.to.getTime();
  for (const day of serviceDaysBetween(model.site, from, to)) {
    for (const visit of planDay(model, tuning, day, seed, opts.missedCountRate)) {
      if (visit.arrive >= from && visit.arrive < to) yield toVisit(visit);
    }
  }
}

/**
 * The sensor messages of a site for [from, to), in time order, generated a
 * service day at a time. Same site, seed and options: same events.
 */
export function* generateTraffic(site: SiteFile, opts: TrafficOptions): Generator<SimulatedEvent> {
  const { model, tuning, seed } = resolveSite(site, opts);
  const from = opts.from.getTime();
  const to = opts.to.getTime();
  const doorIntervalMs = Math.max(1, opts.doorIntervalMinutes ?? 5) * MINUTE;
  const missedCountRate = opts.missedCountRate ?? tuning.missedCountRate;
  const siteId = model.siteId;

  const offline = new Set(opts.offlineSensors ?? tuning.offlineSensors);
  const offlineWindow = opts.offlineWindow ?? defaultOfflineWindow(opts.from, opts.to);
  const offFrom = offlineWindow.from.getTime();
  const offTo = offlineWindow.to.getTime();

  const cumulativeIds = (opts.cumulativeDoors ?? tuning.cumulativeDoors).filter((id) => model.doors.some((d) => d.id === id));
  /** Running totals; `since` is the instant from which events add to them. */
  const cumulative = new Map<string, { in: number; out: number; rollover: number; since: number }>();

  const deskState = new Map<string, boolean>();
  let first = true;
  for (const day of serviceDaysBetween(model.site, from, to)) {
    const visits = planDay(model, tuning, day, seed, missedCountRate);
    const stateAt = first && opts.includeStateAtStart ? from : null;
    if (first) {
      const derived = totalsBefore(site, model, tuning, day, seed, missedCountRate, cumulativeIds);
      for (const id of cumulativeIds) {
        const rollover = model.doors.find((d) => d.id === id)!.counterRollover ?? Number.MAX_SAFE_INTEGER;
        const given = opts.cumulativeStart?.[id];
        const start = given ? { in: given.inTotal, out: given.outTotal, since: from } : { ...derived.get(id)!, since: day.start };
        cumulative.set(id, { in: start.in % rollover, out: start.out % rollover, rollover, since: start.since });
      }
    }
    first = false;
    const base = seqBase(day.date);
    const daySeq = new Map<string, number>();
    for (const e of dayEvents(model, day, visits, { doorIntervalMs, seed, stateAt })) {
      const n = (daySeq.get(e.sensor) ?? 0) + (e.snapshot ? 0 : 1);
      daySeq.set(e.sensor, n);
      const totals = e.kind === Kind.Door ? cumulative.get(e.sensor) : undefined;
      if (totals && e.t >= totals.since) {
        totals.in = (totals.in + e.a) % totals.rollover;
        totals.out = (totals.out + e.b) % totals.rollover;
      }
      if (e.t < from || e.t >= to) continue;
      if (offline.has(e.sensor) && e.t >= offFrom && e.t < offTo) continue;
      const ts = new Date(e.t).toISOString();
      const seq = e.snapshot ? undefined : base + n;
      let message: SensorMessage;
      switch (e.kind) {
        case Kind.DeskFree:
        case Kind.DeskOccupied: {
          const occupied = e.kind === Kind.DeskOccupied;
          if (deskState.get(e.sensor) === occupied) continue;
          deskState.set(e.sensor, occupied);
          message = e.snapshot ? { type: 'desk', ts, occupied } : { type: 'desk', ts, occupied, seq };
          break;
        }
        case Kind.Door:
          message = totals ? { type: 'door', ts, inTotal: totals.in, outTotal: totals.out, seq } : { type: 'door', ts, in: e.a, out: e.b, seq };
          break;
        case Kind.Zone:
          message = e.snapshot ? { type: 'zone', ts, count: e.a } : { type: 'zone', ts, count: e.a, seq };
          break;
        case Kind.Heartbeat:
          message = e.a < 0 ? { type: 'heartbeat', ts, seq } : { type: 'heartbeat', ts, battery: e.a, seq };
          break;
      }
      yield e.truth ? { site: siteId, sensor: e.sensor, message, truth: e.truth } : { site: siteId, sensor: e.sensor, message };
    }
  }
}
