import { compareKeys } from './window.js';

/**
 * How often a Hearth desk sensor is expected to signal at the least: every
 * sensor sends a heartbeat at least every 6 hours, whether the library is
 * open or not (the Sensors page's rule counts two missed ones as offline).
 */
export const DEFAULT_HEARTBEAT_MS = 6 * 3_600_000;

/** A sign of life from a desk sensor: a reading or a heartbeat, at `t` (epoch ms), for the desk's zone. */
export interface DeskSignal {
  sensor: string;
  zone: string;
  t: number;
}

/** A stretch of time in which one desk sensor was known to be working: [start, end). */
export interface CoverageSegment {
  sensor: string;
  zone: string;
  /** The first signal of the stretch. */
  start: number;
  /** Two heartbeat intervals after its last signal, or its service day's end if that comes first. */
  end: number;
}

export interface DeskCoverageOptions {
  /** The end of the service day containing `t`: coverage never runs into the next day. */
  dayEnd: (t: number) => number;
  /** The sensors' heartbeat interval (default `DEFAULT_HEARTBEAT_MS`): a sensor silent for two of them is offline. */
  heartbeatMs?: number;
}

/**
 * When each desk sensor was covered. Desk sensors report only when a desk
 * changes and otherwise send heartbeats, so a quiet desk is still a working
 * desk; a desk sensor that has missed two heartbeats is offline. Hearth
 * therefore counts a desk as covered from a signal (reading or heartbeat)
 * until two heartbeat intervals after its latest signal, and again from its
 * next signal. Coverage starts afresh each service day, at the day's first
 * signal, so each day depends on its own signals alone.
 *
 * Signals may come in any order and repeat. The segments are returned by
 * sensor (`compareKeys` order), then zone, then start; a sensor's segments
 * never overlap within a zone.
 */
export function deskCoverage(signals: Iterable<DeskSignal>, opts: DeskCoverageOptions): CoverageSegment[] {
  const silenceMs = 2 * (opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  if (!(silenceMs > 0) || !Number.isFinite(silenceMs)) throw new RangeError(`heartbeatMs must be a positive number of milliseconds, not ${opts.heartbeatMs}`);
  const bySensor = new Map<string, Map<string, number[]>>();
  for (const s of signals) {
    let zones = bySensor.get(s.sensor);
    if (!zones) bySensor.set(s.sensor, (zones = new Map()));
    const times = zones.get(s.zone);
    if (times) times.push(s.t);
    else zones.set(s.zone, [s.t]);
  }
  const out: CoverageSegment[] = [];
  for (const sensor of [...bySensor.keys()].sort(compareKeys)) {
    const zones = bySensor.get(sensor)!;
    for (const zone of [...zones.keys()].sort(compareKeys)) {
      const times = zones.get(zone)!.sort((a, b) => a - b);
      // Plain comparisons rather than Math.* keep this loop over every heartbeat cheap.
      let open: CoverageSegment | undefined;
      let openDayEnd = -Infinity;
      for (const t of times) {
        if (open && t <= open.end && t < openDayEnd) {
          // Within the silence allowance (a signal right at its end included) and the same service day: the stretch goes on.
          const end = t + silenceMs < openDayEnd ? t + silenceMs : openDayEnd;
          if (end > open.end) open.end = end;
          continue;
        }
        if (open) out.push(open);
        openDayEnd = opts.dayEnd(t);
        open = { sensor, zone, start: t, end: t + silenceMs < openDayEnd ? t + silenceMs : openDayEnd };
      }
      if (open) out.push(open);
    }
  }
  return out;
}
