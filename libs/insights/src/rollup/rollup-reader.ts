import type { DataSource } from 'typeorm';
import { addDays, serviceDateOf, type ZoneBucket } from '@hearth/analytics';
import { dailyBucket, HOUR_MS, unpackHourly } from './hourly.js';
import type { SiteModel } from '../site-model.service.js';

/** Which reading of a zone's occupancy to trust when several exist: people counted in the zone first. */
export const SOURCE_PRIORITY = ['headcount', 'desks', 'doors'] as const;
export type Resolution = '15m' | '1h' | '1d';
export const RESOLUTION_MS: Record<Exclude<Resolution, '1d'>, number> = { '15m': 15 * 60_000, '1h': HOUR_MS };

/** Windows up to a week are read at 15 minutes; longer ones from the daily rows' hourly values. */
export const resolutionFor = (from: number, to: number): '15m' | '1h' => (to - from <= 7 * 86_400_000 ? '15m' : '1h');

/** Occupancy over time: 15 minutes up to a week, hourly up to a quarter, then one point per service day. */
export const occupancyResolutionFor = (from: number, to: number): Resolution => (to - from <= 7 * 86_400_000 ? '15m' : to - from <= 93 * 86_400_000 ? '1h' : '1d');

/** Two decimals: enough for people and shares in a response. */
export const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Reads rollups for a window: 15-minute buckets from `zone_bucket`, hourly
 * ones unpacked from `zone_day` (one row per zone and day, so a year is
 * cheap), or one per service day. Each zone takes one source: a headcount
 * sensor if it has one in the window, else its desks, else what its doors
 * imply. Every query names the sources and bounds the dates, so it reads only
 * the window's index entries however long the history is.
 */
export async function readBuckets(dataSource: DataSource, model: SiteModel, from: number, to: number, resolution: Resolution, zones?: string[]): Promise<ZoneBucket[]> {
  const zoneIds = zones ? zones.map((z) => model.zoneIds.get(z)).filter((id): id is number => id !== undefined) : [...model.zoneIds.values()];
  const bySource = new Map<string, Map<string, ZoneBucket[]>>(); // zone -> source -> buckets
  const add = (zone: string, source: string, b: ZoneBucket) => {
    let sources = bySource.get(zone);
    if (!sources) bySource.set(zone, (sources = new Map()));
    let list = sources.get(source);
    if (!list) sources.set(source, (list = []));
    list.push(b);
  };
  const sources = [...SOURCE_PRIORITY];
  if (resolution === '15m') {
    const rows: { zone_id: number; source: string; t: Date; mean: number; peak: number; arrivals: number; departures: number; covered_ms: number }[] = await dataSource.query(
      `SELECT zone_id, source, bucket_start AS t, mean, peak, arrivals, departures, covered_ms FROM zone_bucket
       WHERE zone_id = ANY($1) AND source = ANY($4) AND bucket_start >= $2 AND bucket_start < $3`,
      [zoneIds, new Date(from), new Date(to), sources],
    );
    for (const r of rows) {
      const zone = model.zoneKeys.get(r.zone_id)!;
      add(zone, r.source, { zone, start: r.t.getTime(), mean: r.mean, peak: r.peak, arrivals: r.arrivals, departures: r.departures, coveredMs: r.covered_ms });
    }
  } else {
    const site = model.file.site;
    const rows: { zone_id: number; source: string; day_start: Date; hourly: Buffer }[] = await dataSource.query(
      `SELECT zone_id, source, day_start, hourly FROM zone_day
       WHERE zone_id = ANY($1) AND source = ANY($4) AND service_date BETWEEN $5 AND $6 AND day_start >= $2 AND day_start < $3`,
      [zoneIds, new Date(resolution === '1d' ? from : from - 26 * HOUR_MS), new Date(to), sources, addDays(serviceDateOf(site, from), -1), serviceDateOf(site, to - 1)],
    );
    for (const r of rows) {
      const zone = model.zoneKeys.get(r.zone_id)!;
      if (resolution === '1d') {
        const day = dailyBucket(zone, r.day_start.getTime(), r.hourly);
        if (day) add(zone, r.source, day);
      } else for (const b of unpackHourly(zone, r.day_start.getTime(), r.hourly)) if (b.start >= from && b.start < to) add(zone, r.source, b);
    }
  }
  const out: ZoneBucket[] = [];
  for (const sources of bySource.values()) {
    const chosen = SOURCE_PRIORITY.find((s) => sources.has(s));
    if (chosen) out.push(...sources.get(chosen)!);
  }
  return out.sort((a, b) => a.start - b.start || (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0));
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
