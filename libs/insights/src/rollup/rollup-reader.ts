import type { DataSource } from 'typeorm';
import { addDays, serviceDateOf, type ZoneBucket } from '@hearth/analytics';
import { HOUR_MS, QUARTER_MS, unpackSlots } from './hourly.js';
import type { SiteModel } from '../site-model.service.js';
import { spansAtMostDays } from '../window.js';

/** Which reading of a zone's occupancy to trust when several exist: people counted in the zone first. */
export const SOURCE_PRIORITY = ['headcount', 'desks', 'doors'] as const;
export type Resolution = '15m' | '1h' | '1d';
export const RESOLUTION_MS: Record<Exclude<Resolution, '1d'>, number> = { '15m': QUARTER_MS, '1h': HOUR_MS };

/** Windows up to a week are read at 15 minutes; longer ones from the daily rows' hourly values. */
export const resolutionFor = (from: number, to: number): '15m' | '1h' => (to - from <= 7 * 86_400_000 ? '15m' : '1h');

/** The longest window served hourly points (so ~750 points per line at most). */
export const MAX_HOURLY_DAYS = 31;

/**
 * Occupancy over time: 15 minutes up to a week, hourly up to a month (with an
 * hour's slack for the autumn clock change), then one point per service day;
 * so a chart gets at most ~750 points per line, about one per pixel.
 */
export const occupancyResolutionFor = (from: number, to: number): Resolution =>
  to - from <= 7 * 86_400_000 ? '15m' : spansAtMostDays(from, to, MAX_HOURLY_DAYS) ? '1h' : '1d';

/** Two decimals: enough for people and shares in a response. */
export const round2 = (v: number) => Math.round(v * 100) / 100;

interface DayRow {
  zone_id: number;
  source: string;
  day_start: Date;
  packed?: Buffer;
  mean?: number;
  peak?: number;
  arrivals?: number;
  departures?: number;
  covered_ms?: number;
}

/**
 * Reads rollups for a window from `zone_day`, one row per zone, source and
 * service day: 15-minute or hourly buckets unpacked from its packed values,
 * or one bucket per service day from its totals. Each zone takes one source:
 * a headcount sensor if it has one in the window, else its desks, else what
 * its doors imply. The query names the sources and bounds the dates, so it
 * reads only the window's index entries however long the history is, and a
 * week is a hundred-odd rows.
 *
 * The buckets come grouped by zone (in the order of the zones' ids), each
 * zone's in time order.
 */
export async function readBuckets(dataSource: DataSource, model: SiteModel, from: number, to: number, resolution: Resolution, zones?: string[]): Promise<ZoneBucket[]> {
  const zoneIds = zones ? zones.map((z) => model.zoneIds.get(z)).filter((id): id is number => id !== undefined) : [...model.zoneIds.values()];
  const site = model.file.site;
  const values = resolution === '1d' ? 'mean, peak, arrivals, departures, covered_ms' : resolution === '1h' ? 'hourly AS packed' : 'quarters AS packed';
  const rows: DayRow[] = await dataSource.query(
    `SELECT zone_id, source, day_start, ${values} FROM zone_day
     WHERE zone_id = ANY($1) AND source = ANY($4) AND service_date BETWEEN $5 AND $6 AND day_start >= $2 AND day_start < $3
     ORDER BY zone_id, source, service_date`,
    // A day that starts before `from` can hold buckets inside the window (not so for whole days).
    [zoneIds, new Date(resolution === '1d' ? from : from - 26 * HOUR_MS), new Date(to), [...SOURCE_PRIORITY], addDays(serviceDateOf(site, from), -1), serviceDateOf(site, to - 1)],
  );
  const out: ZoneBucket[] = [];
  let i = 0;
  while (i < rows.length) {
    // One zone's rows, by source: keep the first source, in priority order, with a bucket in the window.
    const zoneId = rows[i]!.zone_id;
    const zone = model.zoneKeys.get(zoneId)!;
    const bySource = new Map<string, ZoneBucket[]>();
    for (; i < rows.length && rows[i]!.zone_id === zoneId; i++) {
      const r = rows[i]!;
      let list = bySource.get(r.source);
      if (!list) bySource.set(r.source, (list = []));
      const start = r.day_start.getTime();
      if (r.packed) unpackSlots(zone, start, r.packed, resolution === '1h' ? HOUR_MS : QUARTER_MS, list, from, to);
      else if (r.covered_ms! > 0) list.push({ zone, start, mean: r.mean!, peak: r.peak!, arrivals: r.arrivals!, departures: r.departures!, coveredMs: r.covered_ms! });
    }
    const chosen = SOURCE_PRIORITY.find((s) => (bySource.get(s)?.length ?? 0) > 0);
    if (chosen) for (const b of bySource.get(chosen)!) out.push(b);
  }
  return out;
}

/**
 * A stamp of the rollups of a site's service days [first, last]: it changes
 * whenever one of those days is rolled up again, so results computed from
 * them can be cached under it.
 */
export async function rollupStamp(dataSource: DataSource, siteId: number, first: string, last: string): Promise<string> {
  const [row]: { days: number; at: string | null }[] = await dataSource.query(
    `SELECT count(*)::int AS days, max(rolled_up_at)::text AS at FROM site_day WHERE site_id = $1 AND service_date BETWEEN $2 AND $3`,
    [siteId, first, last],
  );
  return `${row!.days}@${row!.at ?? '-'}`;
}
