import type { ZoneBucket } from '../buckets.js';
import { compareKeys } from './window.js';

/** The part of a rollup a recomputation replaces. */
export interface MergeWindow {
  /** Buckets starting in [from, to) are replaced. */
  from: number;
  to: number;
  /**
   * The zones that were recomputed. Defaults to the zones present in the
   * recomputed buckets; pass it when a recomputed zone may have come out
   * with no buckets at all (its data was withdrawn), so its old buckets go.
   */
  zones?: readonly string[];
}

/**
 * A rollup after a window was recomputed (late readings landed): every
 * bucket of the recomputed zones that starts in [from, to) is replaced by
 * the recomputed ones, everything else is kept. Recomputed buckets outside
 * the window or of other zones are ignored. The result is sorted by zone
 * then start, with one bucket per zone and start (the later one wins), so
 * merging the same recomputation again changes nothing.
 *
 * A rollup already in that order (as this function and the builders return
 * it) is spliced: the replaced ranges are found by binary search and the
 * rest is copied, so a year of buckets costs a few milliseconds. Any other
 * order is sorted first.
 */
export function mergeBuckets(existing: readonly ZoneBucket[], recomputed: readonly ZoneBucket[], window: MergeWindow): ZoneBucket[] {
  const zones = [...new Set(window.zones ?? recomputed.map((b) => b.zone))].sort(compareKeys);
  const zoneSet = new Set(zones);
  const replaced = (b: ZoneBucket) => zoneSet.has(b.zone) && b.start >= window.from && b.start < window.to;
  const added = lastOfEach(recomputed.filter(replaced).sort(byZoneThenStart));
  if (!isStrictlySorted(existing)) return lastOfEach([...existing.filter((b) => !replaced(b)), ...added].sort(byZoneThenStart));

  const parts: ZoneBucket[][] = [];
  let copied = 0;
  let a = 0;
  for (const zone of zones) {
    const lo = lowerBound(existing, zone, window.from);
    const hi = lowerBound(existing, zone, window.to);
    parts.push(existing.slice(copied, lo));
    const first = a;
    while (a < added.length && added[a]!.zone === zone) a++;
    parts.push(added.slice(first, a));
    copied = hi;
  }
  parts.push(existing.slice(copied));
  return ([] as ZoneBucket[]).concat(...parts);
}

function byZoneThenStart(a: ZoneBucket, b: ZoneBucket): number {
  return a.zone === b.zone ? a.start - b.start : compareKeys(a.zone, b.zone);
}

function isStrictlySorted(buckets: readonly ZoneBucket[]): boolean {
  for (let i = 1; i < buckets.length; i++) if (byZoneThenStart(buckets[i - 1]!, buckets[i]!) >= 0) return false;
  return true;
}

/** Of each run of buckets with the same zone and start (in a sorted array), the last. */
function lastOfEach(sorted: ZoneBucket[]): ZoneBucket[] {
  return sorted.filter((b, i) => {
    const next = sorted[i + 1];
    return !next || next.zone !== b.zone || next.start !== b.start;
  });
}

/** The index of the first bucket at or after (zone, start) in a sorted array. */
function lowerBound(sorted: readonly ZoneBucket[], zone: string, start: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const b = sorted[mid]!;
    if (b.zone === zone ? b.start < start : compareKeys(b.zone, zone) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
