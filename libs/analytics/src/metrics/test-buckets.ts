import { DateTime } from 'luxon';
import { siteSchema, type SiteFile, type SiteInput } from '@hearth/contracts';
import { DEFAULT_BUCKET_MS, type ZoneBucket } from '../buckets.js';

/** Test helpers: hand-made sites and buckets for the metrics specs (not exported from the index). */

const QUARTER = DEFAULT_BUCKET_MS;

/** A site with the given calendar; unspecified weekdays are closed. */
export function testSite(fields: Partial<Pick<SiteInput, 'timeZone' | 'serviceDayStart' | 'periods'>> & { openingHours: Partial<SiteInput['openingHours']> }): SiteFile['site'] {
  return siteSchema.parse({ id: 'test', name: 'Test library', timeZone: 'UTC', ...fields });
}

/** Epoch ms of a local wall-clock time ("2026-03-02T09:00") in a time zone. */
export function at(local: string, zone = 'UTC'): number {
  const t = DateTime.fromISO(local, { zone });
  if (!t.isValid) throw new Error(`bad time ${local}`);
  return t.toMillis();
}

export interface RunOptions {
  /** Per hour: bucket peaks (default the hour's occupancy). */
  peaks?: number[];
  /** Per hour: arrivals, all in the hour's first quarter. */
  arrivals?: number[];
  /** Per hour: departures, all in the hour's last quarter. */
  departures?: number[];
}

/**
 * A run of quarter-hour buckets from `start`, four per entry of `hourly`
 * (each quarter's mean is the hour's occupancy), fully covered.
 */
export function hourlyRun(zone: string, start: number, hourly: readonly number[], opts: RunOptions = {}): ZoneBucket[] {
  return hourly.flatMap((occupancy, h) =>
    [0, 1, 2, 3].map((q) => ({
      zone,
      start: start + (h * 4 + q) * QUARTER,
      mean: occupancy,
      peak: opts.peaks?.[h] ?? occupancy,
      arrivals: q === 0 ? (opts.arrivals?.[h] ?? 0) : 0,
      departures: q === 3 ? (opts.departures?.[h] ?? 0) : 0,
      coveredMs: QUARTER,
    })),
  );
}

/** A run of quarter-hour buckets with the given means, fully covered. */
export function quarterRun(zone: string, start: number, means: readonly number[]): ZoneBucket[] {
  return means.map((mean, i) => ({ zone, start: start + i * QUARTER, mean, peak: mean, arrivals: 0, departures: 0, coveredMs: QUARTER }));
}

/** The figures of a result, failing the test with the reason when it is empty. */
export function figures<R extends { empty: boolean }>(r: R): Exclude<R, { empty: true }> {
  if (r.empty) throw new Error(`expected figures, got ${JSON.stringify(r)}`);
  return r as Exclude<R, { empty: true }>;
}
