import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { calendarFrame, serviceDateOf, utilisationByZone, zoneCapacities } from '@hearth/analytics';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { formatNumber, formatShare, loadRecommendationConfig, recommend, type Recommendation, type RecommendationConfig, type SiteEvidence } from '@hearth/recommendations';
import type { ReportFloor, ReportInput, StatisticsReturnRow, ZoneDayRow } from '@hearth/reports';
import { HOUR_MS } from '../rollup/hourly.js';
import { readBuckets } from '../rollup/rollup-reader.js';
import { AnswerCache } from '../rollup-cache.js';
import type { SiteModel } from '../site-model.service.js';
import type { Window } from '../window.js';
import { PollService } from '../poll/poll.service.js';
import { EvidenceService, type SiteAnalysis } from './evidence.service.js';
import { FIRST_METRES_M, LONG_STAY_MINUTES, NEIGHBOUR_M, SHORT_STAY_MINUTES } from './evidence-parts.js';
import { methodology, privacyStatement } from './report-text.js';
import { importedVisits } from '../imported-visits.js';

/** What GET recommendations answers as JSON. */
export interface RecommendationsAnswer {
  site: string;
  name: string;
  window: SiteEvidence['window'];
  generatedAt: string;
  summary: { label: string; display: string }[];
  recommendations: Recommendation[];
  /** What the evidence lacked, in plain words (no desk sessions, no entrance counts...). */
  evidenceNotes: string[];
}

/**
 * Layout recommendations and the director's exports: builds a site's evidence
 * (EvidenceService), runs the rules with the configured thresholds and texts,
 * and shapes the answers the JSON, CSV, PDF and GeoJSON exports lay out.
 * Answers are kept (AnswerCache) while no day of the window is rolled up
 * again and the poll's tallies are unchanged.
 */
@Injectable()
export class AdviceService {
  private readonly rules: RecommendationConfig;

  constructor(
    private readonly dataSource: DataSource,
    private readonly evidence: EvidenceService,
    private readonly answers: AnswerCache,
    @Inject(HEARTH_CONFIG) private readonly config: HearthConfig,
    private readonly poll: PollService,
  ) {
    // A broken configuration stops the server at start, with the file's own error messages.
    this.rules = loadRecommendationConfig(config.recommendations.file);
  }

  /** The site's analysis and recommendations over a window. */
  async analyse(model: SiteModel, window: Window): Promise<{ analysis: SiteAnalysis; recommendations: Recommendation[]; generatedAt: string }> {
    const poll = await this.poll.evidence(model, window);
    const pollKey = createHash('sha1').update(JSON.stringify([...poll])).digest('hex');
    return this.answers.get(model, window, JSON.stringify(['advice', pollKey]), async () => {
      const analysis = await this.evidence.build(model, window, poll);
      return { analysis, recommendations: recommend(analysis.evidence, this.rules), generatedAt: new Date().toISOString() };
    });
  }

  async recommendations(model: SiteModel, window: Window): Promise<RecommendationsAnswer> {
    const { analysis, recommendations, generatedAt } = await this.analyse(model, window);
    return {
      site: model.file.site.id,
      name: model.file.site.name,
      window: analysis.evidence.window,
      generatedAt,
      summary: summary(analysis.evidence, recommendations),
      recommendations,
      evidenceNotes: analysis.notes,
    };
  }

  /** Everything the PDF report, the GeoJSON and the CSV of recommendations lay out. */
  async report(model: SiteModel, window: Window): Promise<ReportInput> {
    const { analysis, recommendations, generatedAt } = await this.analyse(model, window);
    const { evidence, densities } = analysis;
    const zones = new Map(evidence.zones.map((z) => [z.zone, z]));
    const floors: ReportFloor[] = model.file.floors.map((f) => {
      const density = densities.get(f.id);
      return {
        floor: f.id,
        name: f.name,
        size: [f.size.width, f.size.height],
        zones: f.zones.map((z) => {
          const e = zones.get(z.id);
          return {
            zone: z.id,
            name: z.name,
            category: z.category,
            polygon: z.polygon as [number, number][],
            capacity: z.capacity,
            utilisation: e?.use?.utilisation ?? null,
            hoursAbove: e?.use?.hoursAbove ?? null,
            medianStayMinutes: e?.sessions?.medianMinutes ?? null,
          };
        }),
        density: density ? { cellSize: density.grid.cellSize, cols: density.grid.cols, rows: density.grid.rows, values: density.grid.values, max: density.grid.max } : null,
        hotspots: (density?.hotspots ?? []).slice(0, 5).map((h, i) => ({ label: `Hot spot ${i + 1}`, centroid: h.centroid, share: h.share })),
      };
    });
    return {
      title: `${model.file.site.name}: how its spaces are used`,
      site: evidence.site,
      window: evidence.window,
      generatedAt,
      summary: summary(evidence, recommendations),
      floors,
      recommendations,
      methodology: methodology({
        crowdedShare: this.rules.thresholds.crowdingLevel,
        firstMetresM: FIRST_METRES_M,
        shortStayMinutes: SHORT_STAY_MINUTES,
        longStayMinutes: LONG_STAY_MINUTES,
        neighbourM: NEIGHBOUR_M,
      }),
      privacy: privacyStatement({ publicMinCount: this.config.publicPage.minCount, viewerMinCount: this.config.viewerMinCount, rawDays: this.config.retention.rawDays }),
    };
  }

  /**
   * Occupancy and arrivals per zone and service day: each day's open hours,
   * mean and peak people, utilisation, crowded hours, and arrivals (people
   * counted into the zone, or seats taken for desk zones).
   */
  async zoneDays(model: SiteModel, window: Window): Promise<ZoneDayRow[]> {
    const site = model.file.site;
    const frame = calendarFrame(site, window, { bucketMs: HOUR_MS });
    const zones = zoneCapacities(model.file);
    const buckets = await readBuckets(this.dataSource, model, window.from, window.to, '1h');
    const floorOf = new Map(model.file.floors.flatMap((f) => f.zones.map((z) => [z.id, { floor: f.id, name: z.name }] as const)));
    // Buckets by service day (the frame knows each hour's day): each day's frame is its own window.
    const byDay = new Map<string, typeof buckets>();
    for (const b of buckets) {
      const index = frame.dayOf[Math.floor((b.start - frame.origin) / frame.bucketMs)] ?? -1;
      if (index < 0) continue;
      const date = frame.days[index]!.date;
      let list = byDay.get(date);
      if (!list) byDay.set(date, (list = []));
      list.push(b);
    }
    const rows: ZoneDayRow[] = [];
    for (const day of frame.days) {
      if (day.countedMs <= 0) continue;
      const dayBuckets = byDay.get(day.date) ?? [];
      const dayFrame = calendarFrame(site, { first: day.date, last: day.date }, { bucketMs: HOUR_MS });
      const figures = utilisationByZone(dayFrame, dayBuckets, zones);
      const arrivals = new Map<string, number>();
      for (const b of dayBuckets) arrivals.set(b.zone, (arrivals.get(b.zone) ?? 0) + b.arrivals);
      for (const z of zones) {
        const u = figures[z.zone];
        const has = u && !u.empty;
        rows.push({
          date: day.date,
          floor: floorOf.get(z.zone)!.floor,
          zone: z.zone,
          zoneName: floorOf.get(z.zone)!.name,
          openHours: day.countedMs / HOUR_MS,
          meanOccupancy: has ? u.meanOccupancy : null,
          peak: has ? u.peak.occupancy : null,
          utilisation: has ? u.utilisation : null,
          hoursAbove: has ? u.hoursAbove : null,
          arrivals: arrivals.has(z.zone) ? arrivals.get(z.zone)! : null,
        });
      }
    }
    return rows;
  }

  /**
   * Visits per month and for each calendar year in the window, from the
   * entrance counters' daily rollups: the figures annual library statistics
   * returns ask for. Open days without counts are estimated from the mean of
   * the counted open days of the same weekday in that period, and the source
   * says so.
   */
  async statisticsReturns(model: SiteModel, window: Window): Promise<StatisticsReturnRow[]> {
    const site = model.file.site;
    const frame = calendarFrame(site, window, { bucketMs: HOUR_MS });
    const first = serviceDateOf(site, window.from);
    const last = serviceDateOf(site, window.to - 1);
    const counted: { date: string; visits: number }[] = await this.dataSource.query(
      `SELECT to_char(service_date, 'YYYY-MM-DD') AS date, (SELECT coalesce(sum(a), 0) FROM unnest(arrivals) AS a)::float8 AS visits
       FROM site_day WHERE site_id = $1 AND service_date BETWEEN $2 AND $3 AND arrivals IS NOT NULL`,
      [model.id, first, last],
    );
    // Counts from the sensors win; imported gate counts fill the days (and months) the sensors did not count.
    const imported = await importedVisits(this.dataSource, model.id, first, last);
    const visits = new Map(imported.days);
    for (const r of counted) visits.set(r.date, r.visits);
    const sensorDays = new Set(counted.map((r) => r.date));
    const importedOnly = (d: { date: string }) => !sensorDays.has(d.date) && imported.days.has(d.date);
    const open = frame.days.filter((d) => d.countedMs > 0);
    const rows: StatisticsReturnRow[] = [];
    const periodRow = (period: string, days: typeof open): StatisticsReturnRow | null => {
      if (!days.length) return null;
      const withCounts = days.filter((d) => visits.has(d.date));
      const monthFigure = imported.months.get(period);
      if (!withCounts.length && monthFigure !== undefined) {
        return { site: site.id, siteName: site.name, period: period as StatisticsReturnRow['period'], visits: Math.round(monthFigure), openDays: days.length, source: 'imported monthly gate counts' };
      }
      if (!withCounts.length) return null;
      // Weekday means of the counted days fill the uncounted ones.
      const byWeekday = new Map<string, number[]>();
      for (const d of withCounts) byWeekday.set(d.weekday, [...(byWeekday.get(d.weekday) ?? []), visits.get(d.date)!]);
      const overall = withCounts.reduce((s, d) => s + visits.get(d.date)!, 0) / withCounts.length;
      let total = 0;
      for (const d of days) {
        const v = visits.get(d.date);
        if (v !== undefined) total += v;
        else {
          const same = byWeekday.get(d.weekday);
          total += same ? same.reduce((a, b) => a + b, 0) / same.length : overall;
        }
      }
      return {
        site: site.id,
        siteName: site.name,
        period: period as StatisticsReturnRow['period'],
        visits: Math.round(total),
        openDays: days.length,
        source: `${withCounts.some(importedOnly) ? (withCounts.every(importedOnly) ? 'imported gate counts' : 'entrance counters and imported gate counts') : 'entrance counters'}${withCounts.length === days.length ? '' : ', gaps estimated'}`,
      };
    };
    const months = [...new Set(open.map((d) => d.date.slice(0, 7)))];
    for (const month of months) {
      const row = periodRow(month, open.filter((d) => d.date.startsWith(month)));
      if (row) rows.push(row);
    }
    for (const year of [...new Set(open.map((d) => d.date.slice(0, 4)))]) {
      const row = periodRow(year, open.filter((d) => d.date.startsWith(year)));
      const monthly = rows.filter((r) => r.period.startsWith(`${year}-`) && r.source === 'imported monthly gate counts');
      if (row) rows.push(row);
      else if (monthly.length) {
        rows.push({ ...monthly[0]!, period: year as StatisticsReturnRow['period'], visits: monthly.reduce((n, r) => n + r.visits, 0), openDays: monthly.reduce((n, r) => n + r.openDays, 0) });
      }
    }
    return rows;
  }
}

/** Headline figures for the executive summary. */
export function summary(evidence: SiteEvidence, recommendations: readonly Recommendation[]): { label: string; display: string }[] {
  const out: { label: string; display: string }[] = [{ label: 'Open days', display: formatNumber(evidence.window.openDays) }];
  if (evidence.demand) out.push({ label: 'Visits per open day', display: formatNumber(evidence.demand.visitsPerDay) });
  const judged = evidence.zones.filter((z) => z.use && z.capacity > 0);
  const seats = judged.reduce((s, z) => s + z.capacity, 0);
  if (seats > 0) out.push({ label: 'Seats used on average', display: formatShare(judged.reduce((s, z) => s + z.use!.meanOccupancy, 0) / seats) });
  const busiest = [...judged].sort((a, b) => b.use!.utilisation - a.use!.utilisation)[0];
  if (busiest) out.push({ label: `Busiest area: ${busiest.name}, seats used on average`, display: formatShare(busiest.use!.utilisation) });
  const high = recommendations.filter((r) => r.priority === 'high').length;
  out.push({ label: `Recommendations, ${high} high priority`, display: formatNumber(recommendations.length) });
  return out;
}
