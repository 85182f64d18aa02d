/**
 * Desk sessions: one person (or one group's member) at one desk, from the
 * desk sensor's occupied/free transitions. Aggregate input to dwell times
 * and visit profiles; a session carries no identity, only its desk.
 */

/** A desk sensor's reading: whether the desk was occupied at `t` (epoch ms). */
export interface DeskReading {
  /** The desk's sensor key. */
  sensor: string;
  /** The zone key the desk belongs to. */
  zone: string;
  t: number;
  occupied: boolean;
}

export interface DeskSession {
  sensor: string;
  zone: string;
  /** Epoch ms. */
  start: number;
  end: number;
  /** True when no "free" reading ended it: it was cut at its service day's end or the window's end. */
  cut: boolean;
}

export interface DeskSessionOptions {
  /** Sessions shorter than this are sensor flicker, not visits (default 5 minutes). */
  minSessionMs?: number;
  /** The end of the service day containing `t` (a desk left "occupied" overnight is cut there). */
  dayEnd?: (t: number) => number;
  /** Sessions still open at this instant end here (the end of the data window). */
  until?: number;
}

const DEFAULT_MIN_SESSION_MS = 5 * 60_000;

/**
 * Turns readings (any order, duplicates allowed) into sessions, sorted by
 * start then sensor. A repeated "occupied" (a state report) continues the
 * session; a "free" without a session is ignored.
 */
export function deskSessions(readings: readonly DeskReading[], opts: DeskSessionOptions = {}): DeskSession[] {
  const minMs = opts.minSessionMs ?? DEFAULT_MIN_SESSION_MS;
  const sorted = [...readings].sort((a, b) => (a.sensor < b.sensor ? -1 : a.sensor > b.sensor ? 1 : a.t - b.t));
  const out: DeskSession[] = [];
  let open: { sensor: string; zone: string; start: number; limit: number } | undefined;
  const close = (end: number, cut: boolean) => {
    if (open && end - open.start >= minMs) out.push({ sensor: open.sensor, zone: open.zone, start: open.start, end, cut });
    open = undefined;
  };
  for (const r of sorted) {
    if (open && open.sensor !== r.sensor) close(Math.min(open.limit, opts.until ?? Infinity), true);
    if (open && r.t >= open.limit) close(open.limit, true);
    if (r.occupied) {
      if (!open) open = { sensor: r.sensor, zone: r.zone, start: r.t, limit: opts.dayEnd ? opts.dayEnd(r.t) : Infinity };
    } else if (open) {
      close(r.t, false);
    }
  }
  if (open) close(Math.min(open.limit, opts.until ?? Infinity), true);
  return out.sort((a, b) => a.start - b.start || (a.sensor < b.sensor ? -1 : a.sensor > b.sensor ? 1 : 0));
}
