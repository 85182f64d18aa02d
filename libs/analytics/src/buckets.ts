/**
 * The unit every analytic over time reads: one zone's occupancy over one
 * bucket of time. Rollups store these (15 minutes by default); occupancy
 * builders produce them from raw readings; metrics, patterns and forecasts
 * consume them, so their cost depends on the window, not on raw volume.
 */

export const MINUTE_MS = 60_000;
export const DEFAULT_BUCKET_MS = 15 * MINUTE_MS;

export interface ZoneBucket {
  /** The zone's key. */
  zone: string;
  /**
   * Epoch ms of the bucket's start, a multiple of the bucket length from the
   * Unix epoch. Every real time zone's offset is a multiple of 15 minutes, so
   * 15-minute buckets are local quarter hours everywhere.
   */
  start: number;
  /** Time-weighted mean occupancy (people, or occupied desks) over the part of the bucket with data. */
  mean: number;
  /** Highest occupancy at any instant of the bucket. */
  peak: number;
  /** People entering and leaving (doors, headcount rises and falls), or desk sessions starting and ending. */
  arrivals: number;
  departures: number;
  /** Milliseconds of the bucket for which the zone had data (0 to the bucket length). */
  coveredMs: number;
}

/** The start of the bucket containing `t`. */
export function bucketStart(t: number, bucketMs = DEFAULT_BUCKET_MS): number {
  return Math.floor(t / bucketMs) * bucketMs;
}
