import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  arrivalsByHour,
  calendarFrame,
  computeFloorDensity,
  hotspotsGeoJson,
  serviceDateOf,
  typicalWeek,
  utilisation,
  utilisationByZone,
  weekdayHourPattern,
  occupancySeries,
  zoneCapacities,
  type CalendarFilter,
} from '@hearth/analytics';
import { HOUR_MS } from './rollup/hourly.js';
import { readBuckets, resolutionFor, RESOLUTION_MS } from './rollup/rollup-reader.js';
import { AnswerCache } from './rollup-cache.js';
import type { SiteModel } from './site-model.service.js';
import type { Window } from './window.js';

@Injectable()
export class PatternsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly answers: AnswerCache,
  ) {}

  /**
   * Utilisation, peak, hours above 85 % of capacity, arrivals per hour, the
   * weekday x hour pattern (mean and p90) and the typical week, for the site,
   * a floor or some zones, over open hours of the days the filter keeps.
   */
  patterns(model: SiteModel, window: Window, opts: { floor?: string; zones?: string[]; filter?: CalendarFilter }) {
    return this.answers.get(model, window, JSON.stringify(['patterns', opts.floor ?? null, opts.zones ?? null, opts.filter ?? {}]), () => this.computePatterns(model, window, opts));
  }

  private async computePatterns(model: SiteModel, window: Window, opts: { floor?: string; zones?: string[]; filter?: CalendarFilter }) {
    const resolution = resolutionFor(window.from, window.to);
    let zones = zoneCapacities(model.file);
    if (opts.floor) zones = zones.filter((z) => z.floor === opts.floor);
    if (opts.zones) zones = zones.filter((z) => opts.zones!.includes(z.zone));
    const buckets = await readBuckets(this.dataSource, model, window.from, window.to, resolution, zones.map((z) => z.zone));
    const frame = calendarFrame(model.file.site, { from: window.from, to: window.to }, { filter: opts.filter ?? {}, bucketMs: RESOLUTION_MS[resolution] });
    const series = occupancySeries(frame, buckets, zones);
    const result = utilisation(series);
    const base = { site: model.file.site.id, from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), resolution, floor: opts.floor ?? null, zones: zones.map((z) => z.zone) };
    if ('empty' in result && result.empty) return { ...base, ...result };
    const pattern = weekdayHourPattern(series);
    return {
      ...base,
      empty: false,
      utilisation: result,
      byZone: utilisationByZone(frame, buckets, zones),
      arrivalsByHour: arrivalsByHour(series),
      weekdayHour: pattern,
      typicalWeek: typicalWeek(pattern),
    };
  }

  /**
   * The density map of a floor over a window: each desk weighted by the share
   * of open time it was occupied, headcount sensors by their zone's mean,
   * other zones by what their doors imply; with congregation hot spots.
   */
  density(model: SiteModel, floorId: number, floorKey: string, window: Window, opts: { cellSize?: number; bandwidth?: number; filter?: CalendarFilter }) {
    const key = JSON.stringify(['density', floorKey, opts.cellSize ?? null, opts.bandwidth ?? null, opts.filter ?? {}]);
    return this.answers.get(model, window, key, () => this.computeDensity(model, floorId, floorKey, window, opts));
  }

  private async computeDensity(model: SiteModel, floorId: number, floorKey: string, window: Window, opts: { cellSize?: number; bandwidth?: number; filter?: CalendarFilter }) {
    const floor = model.file.floors.find((f) => f.id === floorKey)!;
    const site = model.file.site;
    const firstDate = serviceDateOf(site, window.from);
    const lastDate = serviceDateOf(site, window.to - 1);
    const resolution = resolutionFor(window.from, window.to);
    const filter = opts.filter ?? {};
    const frame = calendarFrame(site, { from: window.from, to: window.to }, { filter, bucketMs: RESOLUTION_MS[resolution] });
    const openMs = frame.countedMs;
    const base = { floor: floorId, key: floorKey, site: site.id, from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), filter };
    if (openMs === 0) return { ...base, empty: true, reason: Object.keys(filter).length ? 'the library was not open at the chosen days and hours in this window' : 'the library was closed throughout this window' };

    const deskSensors = floor.sensors.filter((s) => s.kind === 'desk' && s.zone && model.sensorIds.has(s.id));
    const deskIds = deskSensors.map((s) => model.sensorIds.get(s.id));
    const filtered = Object.keys(filter).length > 0;
    const [h0, h1] = filter.hours ?? [0, 24];
    // Unfiltered: each desk's open-hours total per day. Filtered: the chosen days' chosen clock hours.
    const rows: { sensor_id: number; occupied: string }[] = !deskSensors.length
      ? []
      : filtered
        ? await this.dataSource.query(
            `SELECT sensor_id, 1000 * sum((SELECT sum(x) FROM unnest(occupied_by_hour[$3:$4]) AS x)) AS occupied FROM desk_day
             WHERE service_date = ANY($1::date[]) AND sensor_id = ANY($2) GROUP BY sensor_id`,
            [frame.days.map((d) => d.date), deskIds, h0 + 1, h1],
          )
        : await this.dataSource.query(`SELECT sensor_id, sum(occupied_open_ms) AS occupied FROM desk_day WHERE service_date BETWEEN $1 AND $2 AND sensor_id = ANY($3) GROUP BY sensor_id`, [
            firstDate,
            lastDate,
            deskIds,
          ]);
    const occupied = new Map(rows.map((r) => [r.sensor_id, Number(r.occupied)]));
    const desks = deskSensors
      .filter((s) => occupied.has(model.sensorIds.get(s.id)!))
      .map((s) => ({ key: s.id, position: s.position as [number, number], zone: s.zone!, occupancy: Math.min(1, occupied.get(model.sensorIds.get(s.id)!)! / openMs) }));

    // Zones without desks: their mean over open hours, from the rollups (headcount, else doors).
    const deskZones = new Set(deskSensors.map((s) => s.zone!));
    const otherZones = floor.zones.filter((z) => !deskZones.has(z.id)).map((z) => z.id);
    const buckets = otherZones.length ? await readBuckets(this.dataSource, model, window.from, window.to, resolution, otherZones) : [];
    const byZone = utilisationByZone(frame, buckets, zoneCapacities({ floors: [floor] }).filter((z) => otherZones.includes(z.zone)));
    const zoneValues = Object.entries(byZone).flatMap(([zone, u]) => ('meanOccupancy' in u && typeof u.meanOccupancy === 'number' ? [{ zone, occupancy: u.meanOccupancy }] : []));

    const density = computeFloorDensity(
      { floor: { size: floor.size, zones: floor.zones.map((z) => ({ key: z.id, name: z.name, category: z.category, capacity: z.capacity, polygon: z.polygon as [number, number][], ...(z.areaM2 ? { areaM2: z.areaM2 } : {}) })) }, desks, zoneValues },
      { ...(opts.cellSize ? { cellSize: opts.cellSize } : {}), ...(opts.bandwidth ? { bandwidth: opts.bandwidth } : {}) },
    );
    return {
      ...base,
      empty: density.empty,
      ...(density.empty ? { reason: 'no occupancy was recorded on this floor in this window' } : {}),
      openHours: Math.round((openMs / HOUR_MS) * 100) / 100,
      totalOccupancy: density.totalOccupancy,
      zones: density.zones,
      grid: { ...density.grid, values: Array.from(density.grid.values, (v) => Math.round(v * 10000) / 10000) },
      threshold: density.threshold,
      hotspots: density.hotspots,
      hotspotsGeoJson: hotspotsGeoJson(density, 'cells'),
    };
  }
}
