import type { SiteFile } from '@hearth/contracts';

/**
 * What every occupancy builder is asked for: the buckets of one site's zones
 * whose start lies in [from, to).
 *
 * Readings: pass every reading of the service days that overlap the window
 * (from the start of the first one), not only those inside it. Occupancy at
 * the window's start depends on what happened earlier in that service day
 * (desks already occupied, the last headcount, people who came in through the
 * doors), and nothing carries over from one service day to the next, so
 * readings from earlier days are ignored. (With a bucket length that does not
 * divide the service day, such as hour buckets where the day starts at a
 * half hour, the last bucket runs into the next day: pass that day too.)
 *
 * Each builder's result depends only on the readings of the service days it
 * covers, whatever their order and however often each arrives, so a day
 * recomputed after late readings equals the day computed from all of them
 * at once.
 */
export interface OccupancyWindow {
  /** The site, for its calendar (time zone, service day start). */
  site: SiteFile['site'];
  /** Epoch ms: buckets starting in [from, to) are returned. */
  from: number;
  to: number;
  /** Bucket length (default DEFAULT_BUCKET_MS, 15 minutes). */
  bucketMs?: number;
  /**
   * For a window that reaches the present: data ends at `now`, later
   * instants count as uncovered and readings at or after it are ignored.
   * Omit it for past windows.
   */
  now?: number;
}

/** Orders keys by their UTF-16 code units, as `<` does: the same order everywhere, whatever the locale. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Readings grouped by sensor (keys in `compareKeys` order), each sensor's in
 * time order, ties broken by `tie`. Grouping first and sorting numbers within
 * a sensor is several times cheaper than one sort comparing sensor keys.
 */
export function bySensorThenTime<R extends { sensor: string; t: number }>(readings: Iterable<R>, tie: (a: R, b: R) => number): R[] {
  const groups = new Map<string, R[]>();
  for (const r of readings) {
    const group = groups.get(r.sensor);
    if (group) group.push(r);
    else groups.set(r.sensor, [r]);
  }
  const out: R[] = [];
  for (const sensor of [...groups.keys()].sort(compareKeys)) {
    const group = groups.get(sensor)!.sort((a, b) => a.t - b.t || tie(a, b));
    for (const r of group) out.push(r);
  }
  return out;
}
