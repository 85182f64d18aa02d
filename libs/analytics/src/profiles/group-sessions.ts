import type { DeskSession } from '../sessions/desk-sessions.js';

/**
 * Group work, seen from the desks alone: a session is a group session when a
 * neighbouring desk in the same zone holds a session that began at nearly the
 * same time, ended at nearly the same time and shares most of its time with
 * it. People who come together sit together and leave together; strangers at
 * the next table rarely match on all of that. Nothing links the sessions
 * beyond this flag.
 */

export interface GroupDetectionOptions {
  /** Desks at most this far apart (metres) are neighbours (default 2.5: the same table). */
  maxDistanceM?: number;
  /** The two sessions start at most this far apart (default 10 minutes)... */
  maxStartGapMs?: number;
  /** ...and end at most this far apart (default 10 minutes): people who come together leave together. */
  maxEndGapMs?: number;
  /** The time they share is at least this share of each of the two sessions (default 0.5). */
  minOverlap?: number;
}

const MINUTE = 60_000;

/**
 * 1 for sessions that are part of a group, 0 for solo ones, aligned with the
 * input. Desks without a known position are always solo.
 */
export function detectGroupSessions(
  sessions: readonly DeskSession[],
  desks: ReadonlyMap<string, { x: number; y: number }>,
  opts: GroupDetectionOptions = {},
): Uint8Array {
  const maxDistance2 = (opts.maxDistanceM ?? 2.5) ** 2;
  const maxStartGap = opts.maxStartGapMs ?? 10 * MINUTE;
  const maxEndGap = opts.maxEndGapMs ?? 10 * MINUTE;
  const minOverlap = opts.minOverlap ?? 0.5;
  const n = sessions.length;
  const group = new Uint8Array(n);

  // Zone by zone, in start order: candidates for a session are the few that start within the gap after it.
  const zoneIds = new Map<string, number>();
  const zone = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const key = sessions[i]!.zone;
    let id = zoneIds.get(key);
    if (id === undefined) zoneIds.set(key, (id = zoneIds.size));
    zone[i] = id;
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => zone[a]! - zone[b]! || sessions[a]!.start - sessions[b]!.start);
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const placed = new Uint8Array(n);
  for (let p = 0; p < n; p++) {
    const s = sessions[order[p]!]!;
    start[p] = s.start;
    end[p] = s.end;
    const at = desks.get(s.sensor);
    if (at) {
      placed[p] = 1;
      x[p] = at.x;
      y[p] = at.y;
    }
  }

  for (let p = 0; p < n; p++) {
    if (!placed[p]) continue;
    const zp = zone[order[p]!];
    for (let q = p + 1; q < n && zone[order[q]!] === zp && start[q]! - start[p]! <= maxStartGap; q++) {
      if (!placed[q] || Math.abs(end[q]! - end[p]!) > maxEndGap) continue;
      const dx = x[q]! - x[p]!;
      const dy = y[q]! - y[p]!;
      // Same position: the same desk (a later session there), not a neighbour.
      if (dx * dx + dy * dy > maxDistance2 || (dx === 0 && dy === 0 && sessions[order[p]!]!.sensor === sessions[order[q]!]!.sensor)) continue;
      const shared = Math.min(end[p]!, end[q]!) - Math.max(start[p]!, start[q]!);
      if (shared >= minOverlap * Math.max(end[p]! - start[p]!, end[q]! - start[q]!)) {
        group[order[p]!] = 1;
        group[order[q]!] = 1;
      }
    }
  }
  return group;
}
