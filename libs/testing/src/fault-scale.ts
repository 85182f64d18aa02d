/**
 * Fault tests run in two sizes. The default fits `npm test` on a two-core
 * machine (a minute or so each); HEARTH_FAULTS_FULL=1 runs the reliability
 * matrix's full figures (a 10-minute database outage, a kill every 30 s, ...),
 * which `npm run test:faults` can take on when there is time.
 */
export const FULL_FAULTS = process.env.HEARTH_FAULTS_FULL === '1';

/** The default-size value, or the full one under HEARTH_FAULTS_FULL=1. */
export function faultScale<T>(fast: T, full: T): T {
  return FULL_FAULTS ? full : fast;
}

/** Milliseconds as seconds with one decimal, for figure lines ("2.1 s"). */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** The median of some numbers (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
