import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serviceDateOf, serviceDay, zoneCapacities, type ZoneBucket } from '@hearth/analytics';
import { computeSiteDay } from './rollup/compute-day.js';
import { loadDayReadings } from './rollup/day-readings.js';
import { occupancyResolutionFor, readBuckets, round2, SOURCE_PRIORITY, type Resolution } from './rollup/rollup-reader.js';
import { AnswerCache } from './rollup-cache.js';
import type { SiteModel } from './site-model.service.js';
import type { Window } from './window.js';

export type OccupancyDetail = 'zones' | 'floors' | 'site';

export interface OccupancyPoint {
  start: string;
  mean: number;
  peak: number;
  arrivals: number;
  departures: number;
}

const point = (start: number, p: { mean: number; peak: number; arrivals: number; departures: number }): OccupancyPoint => ({
  start: new Date(start).toISOString(),
  mean: round2(p.mean),
  peak: round2(p.peak),
  arrivals: round2(p.arrivals),
  departures: round2(p.departures),
});

/** Sums zone buckets by bucket start (floor or site totals). */
function sumByStart(buckets: ZoneBucket[]): OccupancyPoint[] {
  const by = new Map<number, { mean: number; peak: number; arrivals: number; departures: number }>();
  for (const b of buckets) {
    const p = by.get(b.start) ?? { mean: 0, peak: 0, arrivals: 0, departures: 0 };
    p.mean += b.mean;
    // Zones peak at different instants: the sum of peaks bounds the total's peak from above.
    p.peak += b.peak;
    p.arrivals += b.arrivals;
    p.departures += b.departures;
    by.set(b.start, p);
  }
  return [...by.entries()].sort((a, b) => a[0] - b[0]).map(([t, p]) => point(t, p));
}

@Injectable()
export class OccupancyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly answers: AnswerCache,
  ) {}

  /**
   * Occupancy over a window per zone, floor and site, from the rollups;
   * `detail` leaves out the zones ('floors') or the zones and floors ('site').
   */
  history(model: SiteModel, window: Window, resolution: Resolution | 'auto', zones?: string[], detail: OccupancyDetail = 'zones') {
    const res: Resolution = resolution === 'auto' ? occupancyResolutionFor(window.from, window.to) : resolution;
    return this.answers.get(model, window, JSON.stringify(['occupancy', res, zones ?? null, detail]), () => this.computeHistory(model, window, res, zones, detail));
  }

  private async computeHistory(model: SiteModel, window: Window, res: Resolution, zones: string[] | undefined, detail: OccupancyDetail) {
    const buckets = await readBuckets(this.dataSource, model, window.from, window.to, res, zones);
    const base = { site: model.file.site.id, from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), resolution: res, detail };
    if (buckets.length === 0) return { ...base, empty: true, reason: 'no occupancy data in this window (no readings, or they are not rolled up yet)' };
    const shaped = this.shape(model, buckets, detail);
    return { ...base, empty: false, ...shaped };
  }

  /**
   * Current occupancy per zone and floor: today's service day recomputed from
   * its raw readings (a few thousand rows), its latest bucket per zone.
   */
  async live(model: SiteModel, now = Date.now()) {
    const day = serviceDay(model.file.site, serviceDateOf(model.file.site, now));
    const readings = await loadDayReadings(this.dataSource, model.id, day.start, Math.min(now + 1, day.end));
    const { buckets } = computeSiteDay(model.file, day, readings, { until: now });
    const rank = (source: string) => SOURCE_PRIORITY.indexOf(source as (typeof SOURCE_PRIORITY)[number]);
    const latest = new Map<string, (typeof buckets)[number]>();
    for (const b of buckets) {
      const cur = latest.get(b.zone);
      if (!cur || b.start > cur.start || (b.start === cur.start && rank(b.source) < rank(cur.source))) latest.set(b.zone, b);
    }
    const floors = model.file.floors.map((f) => {
      const zones = f.zones.map((z) => {
        const hit = latest.get(z.id);
        return { zone: z.id, name: z.name, floor: f.id, capacity: z.capacity, occupancy: hit ? round2(hit.peak) : null, source: hit?.source ?? null, asOf: hit ? new Date(hit.start).toISOString() : null };
      });
      const known = zones.filter((z) => z.occupancy !== null);
      return { floor: { floor: f.id, name: f.name, capacity: zones.reduce((s, z) => s + z.capacity, 0), occupancy: known.length ? round2(known.reduce((s, z) => s + z.occupancy!, 0)) : null }, zones };
    });
    return {
      site: model.file.site.id,
      at: new Date(now).toISOString(),
      serviceDate: day.date,
      open: day.windows.some((w) => w.open <= now && now < w.close),
      zones: floors.flatMap((f) => f.zones),
      floors: floors.map((f) => f.floor),
    };
  }

  private shape(model: SiteModel, buckets: ZoneBucket[], detail: OccupancyDetail) {
    const capacities = zoneCapacities(model.file);
    const byKey = new Map(capacities.map((z) => [z.zone, z]));
    const byZone = new Map<string, ZoneBucket[]>();
    for (const b of buckets) {
      let list = byZone.get(b.zone);
      if (!list) byZone.set(b.zone, (list = []));
      list.push(b);
    }
    const sumCapacity = (zones: typeof capacities) => zones.reduce((s, z) => s + z.capacity, 0);
    const zones = detail !== 'zones' ? [] : [...byZone.entries()].map(([zone, list]) => ({
      zone,
      floor: byKey.get(zone)?.floor ?? null,
      capacity: byKey.get(zone)?.capacity ?? 0,
      points: list.map((b) => point(b.start, b)),
    }));
    const floors = detail === 'site' ? [] : model.file.floors
      .map((f) => ({ floor: f.id, capacity: sumCapacity(capacities.filter((z) => z.floor === f.id)), points: sumByStart(buckets.filter((b) => byKey.get(b.zone)?.floor === f.id)) }))
      .filter((f) => f.points.length > 0);
    return { zones, floors, total: { capacity: sumCapacity(capacities), points: sumByStart(buckets) } };
  }
}
