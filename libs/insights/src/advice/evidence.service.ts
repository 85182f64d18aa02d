import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { calendarFrame, detectGroupSessions, serviceDateOf, type UtilisationResult } from '@hearth/analytics';
import { WEEKDAYS, type SiteFile } from '@hearth/contracts';
import type { FloorEvidence, LayoutChangeEvidence, PollEvidence, SiteEvidence, ZoneEvidence } from '@hearth/recommendations';
import { centroid } from '@hearth/reports';
import { PatternsService } from '../patterns.service.js';
import { readDeskSessions } from '../rollup/desk-session-reader.js';
import { HOUR_MS } from '../rollup/hourly.js';
import type { SiteModel } from '../site-model.service.js';
import { VisitsService } from '../visits.service.js';
import type { Window } from '../window.js';
import { demandFigures, entranceFigures, hotspotFigures, lastHourShare, NEIGHBOUR_M, seatLayout, sessionFigures } from './evidence-parts.js';

const DAY_MS = 86_400_000;
/** Weeks compared on each side of a declared layout change. */
export const CHANGE_WEEKS = 4;

type Point = [number, number];
type FloorDecl = SiteFile['floors'][number];

/** A floor's density answer, as PatternsService gives it when the floor had data. */
export interface FloorDensityAnswer {
  floor: string;
  grid: { cellSize: number; cols: number; rows: number; values: number[]; max: number };
  hotspots: { id: string; centroid: Point; share: number; areaM2: number; zones: { zone: string }[] }[];
  zones: { zone: string; areaM2: number }[];
}

/** Evidence for the rules, with what the report draws (density per floor) and notes on what was missing. */
export interface SiteAnalysis {
  evidence: SiteEvidence;
  densities: Map<string, FloorDensityAnswer>;
  notes: string[];
}

/**
 * The first service date a window covers in a report: a window from midnight
 * starts that calendar day, although the hours before the service day's start
 * belong to the day before.
 */
export function firstDateOf(timeZone: string, from: number, serviceDate: string): string {
  const local = DateTime.fromMillis(from, { zone: timeZone }).toISODate()!;
  return local > serviceDate ? local : serviceDate;
}

/**
 * Builds a site's evidence for the recommendation rules over a window, from
 * the rollups and the analytics services: zone use, desk sessions (with
 * groups detected from neighbouring desks), each floor's density map and hot
 * spots, entrances and what lies inside them, demand over the day from the
 * entrance counters, declared layout changes before and after, and the
 * patrons' poll when it ran. Aggregates only, nothing about a person.
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly patterns: PatternsService,
    private readonly visits: VisitsService,
  ) {}

  async build(model: SiteModel, window: Window, poll: Map<string, PollEvidence | null> = new Map()): Promise<SiteAnalysis> {
    const site = model.file.site;
    const notes: string[] = [];
    const frame = calendarFrame(site, window, { bucketMs: HOUR_MS });
    const first = serviceDateOf(site, window.from);
    const last = serviceDateOf(site, window.to - 1);

    const [patterns, sessions, densities, demandRows, doorRows] = await Promise.all([
      this.patterns.patterns(model, window, {}),
      this.sessions(model, window),
      this.densities(model, window),
      this.dataSource.query(`SELECT weekday, arrivals FROM site_day WHERE site_id = $1 AND service_date BETWEEN $2 AND $3 AND arrivals IS NOT NULL`, [model.id, first, last]) as Promise<
        { weekday: number; arrivals: number[] }[]
      >,
      this.dataSource.query(
        `SELECT sensor_id, sum(in_total)::float8 AS arrivals FROM door_drift WHERE sensor_id = ANY($1) AND service_date BETWEEN $2 AND $3 AND area = '_building' GROUP BY sensor_id`,
        [[...model.sensorIds.values()], first, last],
      ) as Promise<{ sensor_id: number; arrivals: number }[]>,
    ]);

    const byZone: Record<string, UtilisationResult> = patterns.empty ? {} : patterns.byZone;
    const openDays = frame.days.filter((d) => d.countedMs > 0).length;
    if (patterns.empty) notes.push('No occupancy was recorded in this window, so no zone can be judged for crowding or under-use.');
    else if (patterns.utilisation.days < openDays) notes.push(`Occupancy data covers ${patterns.utilisation.days} of the ${openDays} open days in this window; the figures describe those days.`);
    if (!sessions.figures.size) notes.push('No desk sessions in this window: nothing can be said about stays and groups at desks.');
    if (!demandRows.length) notes.push('No entrance counts in this window: demand over the day and opening hours cannot be judged.');

    const deskSensors = model.file.floors.flatMap((f) => f.sensors.filter((s) => s.kind === 'desk' && s.zone && s.status !== 'retired').map((s) => ({ zone: s.zone!, position: s.position as Point })));
    const seats = seatLayout(deskSensors);
    const zones: ZoneEvidence[] = model.file.floors.flatMap((floor) =>
      floor.zones.map((z) => {
        const u = byZone[z.id];
        const area = densities.get(floor.id)?.zones.find((d) => d.zone === z.id)?.areaM2 ?? z.areaM2 ?? 0;
        return {
          zone: z.id,
          name: z.name,
          floor: floor.id,
          category: z.category,
          capacity: z.capacity,
          areaM2: area,
          centroid: centroid(z.polygon as Point[]),
          seats: seats.get(z.id) ?? null,
          use:
            u && !u.empty && u.utilisation !== null
              ? { utilisation: u.utilisation, meanOccupancy: u.meanOccupancy, peakShare: u.peak.share ?? 0, hoursAbove: u.hoursAbove ?? 0, shareAbove: u.shareAbove ?? 0, coverage: u.coverage }
              : null,
          sessions: sessions.figures.get(z.id) ?? null,
          poll: poll.get(z.id) ?? null,
        };
      }),
    );

    const totalDoorArrivals = doorRows.reduce((s, r) => s + r.arrivals, 0);
    const sensorKeys = new Map([...model.sensorIds].map(([key, id]) => [id, key]));
    const doorShares = new Map(totalDoorArrivals > 0 ? doorRows.map((r) => [sensorKeys.get(r.sensor_id)!, r.arrivals / totalDoorArrivals]) : []);
    const floors = model.file.floors.map((floor) => this.floorEvidence(floor, densities.get(floor.id) ?? null, doorShares));

    const pattern = patterns.empty || patterns.weekdayHour.empty ? null : patterns.weekdayHour;
    const demand = demandFigures(
      demandRows.map((r) => ({ weekday: WEEKDAYS[r.weekday]!, arrivals: r.arrivals })),
      site.openingHours,
      pattern ? lastHourShare(pattern.cells, pattern.capacity, site.openingHours) : null,
    );

    return {
      evidence: {
        site: { id: site.id, name: site.name, timeZone: site.timeZone },
        window: { first: firstDateOf(site.timeZone, window.from, first), last, openDays, openHours: frame.countedMs / HOUR_MS },
        zones,
        floors,
        demand,
        changes: await this.changes(model, window),
      },
      densities,
      notes,
    };
  }

  private floorEvidence(floor: FloorDecl, density: FloorDensityAnswer | null, doorShares: Map<string, number>): FloorEvidence {
    const serviceDesks = floor.zones.filter((z) => z.category === 'service_desk').map((z) => ({ zone: z.id, centroid: centroid(z.polygon as Point[]) }));
    const hotspots = density ? hotspotFigures(density.hotspots, serviceDesks) : [];
    const occupied = density ? density.grid.values.filter((v) => v > 0) : [];
    const doors = floor.sensors
      .filter((s) => s.kind === 'door' && s.status !== 'retired' && s.inTo && s.inTo !== 'outside' && s.outTo === 'outside')
      .map((s) => ({ id: s.id, position: s.position as Point, inTo: s.inTo! }));
    return {
      floor: floor.id,
      name: floor.name,
      size: [floor.size.width, floor.size.height],
      hotspots,
      serviceDesks,
      entrances: entranceFigures(
        {
          zones: floor.zones.map((z) => ({ id: z.id, polygon: z.polygon as Point[] })),
          doors,
          grid: density?.grid ?? null,
          floorDensity: occupied.length ? occupied.reduce((a, b) => a + b, 0) / occupied.length : 0,
          hotspot: hotspots[0]?.centroid ?? null,
        },
        doorShares,
      ),
    };
  }

  /** Session figures per zone over the desk sessions that started in the window, with groups read from neighbouring desks. */
  private async sessions(model: SiteModel, window: Window): Promise<{ figures: ReturnType<typeof sessionFigures> }> {
    const sessions = await readDeskSessions(this.dataSource, model, window);
    const desks = new Map(model.file.floors.flatMap((f) => f.sensors.filter((s) => s.kind === 'desk').map((s) => [s.id, { x: s.position[0], y: s.position[1] }] as const)));
    return { figures: sessionFigures(sessions, detectGroupSessions(sessions, desks, { maxDistanceM: NEIGHBOUR_M })) };
  }

  /** Each floor's density map over the window (floors without data are left out). */
  private async densities(model: SiteModel, window: Window): Promise<Map<string, FloorDensityAnswer>> {
    const ids: { id: number; key: string }[] = await this.dataSource.query(`SELECT id, key FROM floor WHERE site_id = $1`, [model.id]);
    const out = new Map<string, FloorDensityAnswer>();
    for (const f of ids) {
      const d = await this.patterns.density(model, f.id, f.key, window, {});
      if (!d.empty && 'grid' in d && d.grid) out.set(f.key, { floor: f.key, grid: d.grid as FloorDensityAnswer['grid'], hotspots: d.hotspots as FloorDensityAnswer['hotspots'], zones: (d.zones ?? []) as FloorDensityAnswer['zones'] });
    }
    return out;
  }

  /** Each declared layout change: its zones over CHANGE_WEEKS before and after (after ends today). */
  private async changes(model: SiteModel, window: Window): Promise<LayoutChangeEvidence[]> {
    const site = model.file.site;
    const today = serviceDateOf(site, Date.now());
    const out: LayoutChangeEvidence[] = [];
    for (const change of site.changes) {
      const at = calendarFrame(site, { first: change.date, last: change.date }).from;
      const afterEnd = Math.min(at + CHANGE_WEEKS * 7 * DAY_MS, calendarFrame(site, { first: today, last: today }).from);
      const side = async (w: Window) => {
        if (!(w.from < w.to)) return null;
        const p = await this.patterns.patterns(model, w, { zones: change.zones });
        if (p.empty || p.utilisation.utilisation === null) return null;
        const dwell = await this.visits.dwell(model, w, { zones: change.zones });
        return { utilisation: p.utilisation.utilisation, hoursAbove: p.utilisation.hoursAbove ?? 0, medianMinutes: 'all' in dwell && !dwell.all.empty ? dwell.all.medianMinutes : null };
      };
      // Changes long before or after the window say nothing about it.
      if (at > window.to || afterEnd < window.from - 366 * DAY_MS) continue;
      // The side after a recent change is shorter: the review says how many whole weeks it had.
      const weeks = Math.min(CHANGE_WEEKS, Math.floor((afterEnd - at) / (7 * DAY_MS)));
      out.push({ date: change.date, description: change.description, zones: change.zones, before: await side({ from: at - weeks * 7 * DAY_MS, to: at }), after: await side({ from: at, to: at + weeks * 7 * DAY_MS }), weeks });
    }
    return out;
  }
}
