import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { serviceDateOf, serviceDay, type ZoneBucket } from '@hearth/analytics';
import type { SiteFile } from '@hearth/contracts';
import { computeSiteDay } from './rollup/compute-day.js';
import { loadDayReadings } from './rollup/day-readings.js';
import { readBuckets, type Resolution } from './rollup/rollup-reader.js';
import { SiteModelService, type SiteModel } from './site-model.service.js';
import type { Window } from './window.js';

export interface OccupancyPoint {
  start: string;
  mean: number;
  peak: number;
  arrivals: number;
  departures: number;
}

const round = (v: number) => Math.round(v * 100) / 100;

/** Zones' floors and capacities, from the site file. */
export function zoneFacts(file: SiteFile): Map<string, { floor: string; capacity: number; name: string; category: string }> {
  const out = new Map<string, { floor: string; capacity: number; name: string; category: string }>();
  for (const f of file.floors) for (const z of f.zones) out.set(z.id, { floor: f.id, capacity: z.capacity, name: z.name, category: z.category });
  return out;
}

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
  return [...by.entries()].sort((a, b) => a[0] - b[0]).map(([t, p]) => ({ start: new Date(t).toISOString(), mean: round(p.mean), peak: round(p.peak), arrivals: round(p.arrivals), departures: round(p.departures) }));
}

@Injectable()
export class OccupancyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sites: SiteModelService,
  ) {}

  /** Occupancy over a window per zone, floor and site, from the rollups. */
  async history(siteKey: string, window: Window, resolution: Resolution | 'auto', zones?: string[]) {
    const model = await this.sites.get(siteKey);
    const res: Resolution = resolution === 'auto' ? (window.to - window.from <= 7 * 86_400_000 ? '15m' : '1h') : resolution;
    const buckets = await readBuckets(this.dataSource, model, window.from, window.to, res, zones);
    const base = { site: siteKey, from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), resolution: res };
    if (buckets.length === 0) return { ...base, empty: true, reason: 'no occupancy data in this window (no readings, or they are not rolled up yet)' };
    return { ...base, empty: false, ...this.shape(model, buckets) };
  }

  /**
   * Current occupancy per zone and floor: today's service day recomputed from
   * its raw readings (a few thousand rows), its latest bucket per zone.
   */
  async live(siteKey: string, now = Date.now()) {
    const model = await this.sites.get(siteKey);
    const day = serviceDay(model.file.site, serviceDateOf(model.file.site, now));
    const readings = await loadDayReadings(this.dataSource, model.id, day.start, Math.min(now + 1, day.end));
    const { buckets } = computeSiteDay(model.file, day, readings, { until: now });
    const facts = zoneFacts(model.file);
    const latest = new Map<string, { b: ZoneBucket; source: string }>();
    const priority = { headcount: 0, desks: 1, doors: 2 } as Record<string, number>;
    for (const b of buckets) {
      const cur = latest.get(b.zone);
      if (!cur || b.start > cur.b.start || (b.start === cur.b.start && priority[b.source]! < priority[cur.source]!)) latest.set(b.zone, { b, source: b.source });
    }
    const zones = [...facts.entries()].map(([zone, f]) => {
      const hit = latest.get(zone);
      return { zone, name: f.name, floor: f.floor, capacity: f.capacity, occupancy: hit ? round(hit.b.peak) : null, source: hit?.source ?? null, asOf: hit ? new Date(hit.b.start).toISOString() : null };
    });
    const floors = model.file.floors.map((f) => {
      const own = zones.filter((z) => z.floor === f.id);
      const known = own.filter((z) => z.occupancy !== null);
      return { floor: f.id, name: f.name, capacity: own.reduce((s, z) => s + z.capacity, 0), occupancy: known.length ? round(known.reduce((s, z) => s + z.occupancy!, 0)) : null };
    });
    return { site: siteKey, at: new Date(now).toISOString(), serviceDate: day.date, open: day.windows.some((w) => w.open <= now && now < w.close), zones, floors };
  }

  private shape(model: SiteModel, buckets: ZoneBucket[]) {
    const facts = zoneFacts(model.file);
    const byZone = new Map<string, ZoneBucket[]>();
    for (const b of buckets) {
      let list = byZone.get(b.zone);
      if (!list) byZone.set(b.zone, (list = []));
      list.push(b);
    }
    const zones = [...byZone.entries()].map(([zone, list]) => ({
      zone,
      floor: facts.get(zone)?.floor ?? null,
      capacity: facts.get(zone)?.capacity ?? 0,
      points: list.map((b) => ({ start: new Date(b.start).toISOString(), mean: round(b.mean), peak: round(b.peak), arrivals: round(b.arrivals), departures: round(b.departures) })),
    }));
    const floors = model.file.floors
      .map((f) => ({ floor: f.id, capacity: f.zones.reduce((s, z) => s + z.capacity, 0), points: sumByStart(buckets.filter((b) => facts.get(b.zone)?.floor === f.id)) }))
      .filter((f) => f.points.length > 0);
    return { zones, floors, total: { capacity: [...facts.values()].reduce((s, f) => s + f.capacity, 0), points: sumByStart(buckets) } };
  }
}
