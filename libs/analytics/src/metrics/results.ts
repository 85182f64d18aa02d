import type { Weekday } from '@hearth/contracts';

/**
 * Shared result shapes. Every metric either answers or says why it cannot:
 * a window with nothing to measure is `{ empty: true, reason }`, never a row
 * of zeros a planner could mistake for an empty building.
 */

export type EmptyReason =
  /** No zones were asked for. */
  | 'no-zones'
  /** The window has no counted time: closed, a holiday, or every day filtered out. */
  | 'no-open-time'
  /** Counted time exists, but no bucket of these zones has data in it. */
  | 'no-data'
  /** The zones have no capacity, so a share of capacity means nothing. */
  | 'no-capacity'
  /** No desk session in the window (dwell times). */
  | 'no-sessions';

export interface Empty {
  empty: true;
  reason: EmptyReason;
  /** A sentence for the planner. */
  detail: string;
}

export function empty(reason: EmptyReason, detail: string): Empty {
  return { empty: true, reason, detail };
}

/** Where in the library's week a moment falls. */
export interface WeekPosition {
  /** The service date (YYYY-MM-DD) and its weekday: 00:30 after a late Friday opening is Friday. */
  serviceDate: string;
  weekday: Weekday;
  /** The local clock hour, 0..23 (00:30 is hour 0). */
  hour: number;
}

/** The highest occupancy seen, and when. */
export interface Peak extends WeekPosition {
  occupancy: number;
  /** occupancy / capacity, null without capacity. */
  share: number | null;
  /** Epoch ms of the start of the bucket holding the peak. */
  at: number;
  /** That bucket's start on the site's local clock, "YYYY-MM-DD HH:mm". */
  local: string;
}
