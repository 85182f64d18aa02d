import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addDays, calendarFrame, dayTypes, dwellFromHistograms, DWELL_STEPS, serviceDateOf, type CalendarFilter, type DayType, type DwellHistogram, type DwellResult } from '@hearth/analytics';
import { WEEKDAYS } from '@hearth/contracts';
import { HOUR_MS } from './rollup/hourly.js';
import { round2 } from './rollup/rollup-reader.js';
import type { SiteModel } from './site-model.service.js';
import type { Window } from './window.js';

/** The zones a query names: a floor's, listed ones, or all. */
export function selectZones(model: SiteModel, opts: { floor?: string; zones?: string[] }): string[] {
  return model.file.floors.filter((f) => !opts.floor || f.id === opts.floor).flatMap((f) => f.zones.map((z) => z.id)).filter((z) => !opts.zones || opts.zones.includes(z));
}

const minDate = (a: string, b: string) => (a < b ? a : b);

/** Rounds the minutes and shares of a dwell result for a response. */
function roundDwell(d: DwellResult): DwellResult {
  if (d.empty) return d;
  return { ...d, meanMinutes: round2(d.meanMinutes), medianMinutes: round2(d.medianMinutes), p90Minutes: round2(d.p90Minutes), bins: d.bins.map((b) => ({ ...b, share: round2(b.share) })) };
}

/**
 * Dwell and day types, from the daily rollups of desk sessions (per zone, a
 * histogram of session lengths) and of the entrance counters (arrivals per
 * local hour), so a year costs a few thousand small rows.
 */
@Injectable()
export class VisitsService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Dwell time at desks per zone and for all of them: sessions starting in
   * opening hours of the service days that begin in the window and pass the
   * calendar filter.
   */
  async dwell(model: SiteModel, window: Window, opts: { floor?: string; zones?: string[]; filter?: CalendarFilter; binEdgesMinutes?: number[] }) {
    const site = model.file.site;
    const frame = calendarFrame(site, window, { filter: opts.filter ?? {}, bucketMs: HOUR_MS });
    const dates = frame.days.map((d) => d.date);
    const zones = selectZones(model, opts);
    const base = { site: site.id, from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), days: dates.length, zones };
    const rows: { zone_id: number; sessions: number; cut: number; total_minutes: number; histogram: Buffer }[] = dates.length
      ? await this.dataSource.query(`SELECT zone_id, sessions, cut, total_minutes, histogram FROM zone_dwell WHERE zone_id = ANY($1) AND service_date = ANY($2::date[])`, [
          zones.map((z) => model.zoneIds.get(z)).filter((id) => id !== undefined),
          dates,
        ])
      : [];
    const histograms: DwellHistogram[] = rows.map((r) => ({
      zone: model.zoneKeys.get(r.zone_id)!,
      sessions: r.sessions,
      cut: r.cut,
      totalMinutes: r.total_minutes,
      counts: new Uint32Array(r.histogram.buffer.slice(r.histogram.byteOffset, r.histogram.byteOffset + DWELL_STEPS * 4)),
    }));
    const result = dwellFromHistograms(histograms, { zones, ...(opts.binEdgesMinutes ? { binEdgesMinutes: opts.binEdgesMinutes } : {}) });
    if (result.all.empty) return { ...base, empty: true, reason: 'no desk sessions started in opening hours in this window (or they are not rolled up yet)' };
    return {
      ...base,
      empty: false,
      all: roundDwell(result.all),
      byZone: Object.fromEntries(Object.entries(result.zones).map(([z, d]) => [z, roundDwell(d)])),
    };
  }

  /** Day types: the kinds of day the entrance counters see, clustered from each day's arrivals per hour. */
  async dayTypes(model: SiteModel, window: Window) {
    const site = model.file.site;
    const first = serviceDateOf(site, window.from);
    // Today's arrivals are still coming in: a partial day would look like a type of its own.
    const last = minDate(serviceDateOf(site, window.to - 1), addDays(serviceDateOf(site, Date.now()), -1));
    const rows: { date: string; weekday: number; day_type: DayType; in_term: boolean; in_exam: boolean; closed_for: string | null; arrivals: number[] }[] = await this.dataSource.query(
      `SELECT to_char(service_date, 'YYYY-MM-DD') AS date, weekday, day_type, in_term, in_exam, closed_for, arrivals FROM site_day
       WHERE site_id = $1 AND service_date BETWEEN $2 AND $3 AND arrivals IS NOT NULL ORDER BY service_date`,
      [model.id, first, last],
    );
    const base = { site: site.id, from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString(), days: rows.length };
    if (rows.length < 14) return { ...base, empty: true, reason: `${rows.length} days with entrance counts in this window; day types need at least 14` };
    const result = dayTypes(
      rows.map((r) => ({ date: r.date, weekday: WEEKDAYS[r.weekday]!, dayType: r.day_type, inTerm: r.in_term, inExam: r.in_exam, closedFor: r.closed_for, arrivals: r.arrivals })),
    );
    return {
      ...base,
      empty: false,
      k: result.k,
      silhouette: round2(result.silhouette),
      skipped: result.skipped,
      types: result.types.map((t) => ({ ...t, meanArrivals: t.meanArrivals.map(round2), meanShape: t.meanShape.map((v) => Math.round(v * 1000) / 1000), meanVolume: round2(t.meanVolume) })),
    };
  }
}
