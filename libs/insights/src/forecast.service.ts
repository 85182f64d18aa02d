import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { buildOccupancyProfile, evaluateForecast, forecastOccupancy, isEmptyResult, type EmptyResult, type ForecastEvaluation, type OccupancyProfile } from '@hearth/analytics';
import { HOUR_MS } from './rollup/hourly.js';
import { readBuckets, round2 } from './rollup/rollup-reader.js';
import { SiteCache } from './site-cache.js';
import type { SiteModel } from './site-model.service.js';

const WEEK_MS = 7 * 86_400_000;
/** Profiles learn from whole weeks: rebuilding them every few minutes is plenty. */
const PROFILE_TTL_MS = 10 * 60_000;
const EVALUATION_TTL_MS = 60 * 60_000;
const TRAIN_WEEKS = 6;
const TEST_WEEKS = 2;


/**
 * Next-24-hours forecasts per zone (hourly), from a typical week learnt from
 * the last six weeks of hourly rollups and adjusted by the last hours' level,
 * with the forecast's error on the two most recent weeks held back, against
 * "same hour last week". Profiles and evaluations are cached per site.
 */
@Injectable()
export class ForecastService {
  private readonly profiles = new SiteCache<OccupancyProfile | EmptyResult>(PROFILE_TTL_MS);
  private readonly evaluations = new SiteCache<ForecastEvaluation | EmptyResult>(EVALUATION_TTL_MS);

  constructor(private readonly dataSource: DataSource) {}

  /** The typical week per zone (median of each weekday and hour over the last six weeks), cached per site. */
  typicalWeek(model: SiteModel, now = Date.now()): Promise<OccupancyProfile | EmptyResult> {
    return this.profiles.get(model, now, async () => {
      const buckets = await readBuckets(this.dataSource, model, now - TRAIN_WEEKS * WEEK_MS - 86_400_000, now, '1h');
      return buildOccupancyProfile(buckets, model.file.site, { slotMinutes: 60, bucketMs: HOUR_MS, weeks: TRAIN_WEEKS, until: now });
    });
  }

  async forecast(model: SiteModel, now = Date.now()) {
    const profile = await this.typicalWeek(model, now);
    const base = { site: model.file.site.id, at: new Date(now).toISOString(), resolution: '1h', method: `median of the same weekday and hour over the last ${TRAIN_WEEKS} weeks, scaled by the last 3 hours' level` };
    const evaluation = await this.evaluation(model, now);
    if (isEmptyResult(profile)) return { ...base, empty: true, reason: profile.reason, evaluation };
    const recent = await readBuckets(this.dataSource, model, now - 4 * HOUR_MS, now, '1h');
    const result = forecastOccupancy(profile, model.file.site, recent, now, { horizonMs: 24 * HOUR_MS });
    const round = (v: number | null) => (v === null ? null : round2(v));
    return {
      ...base,
      empty: false,
      from: new Date(result.from).toISOString(),
      to: new Date(result.to).toISOString(),
      zones: result.zones.map((z) =>
        'points' in z
          ? { zone: z.zone, level: round(z.level), points: z.points.map((p) => ({ start: new Date(p.start).toISOString(), value: round(p.value), low: round(p.low), high: round(p.high), closed: p.closed })) }
          : z,
      ),
      evaluation,
    };
  }

  /** The forecast's error on held-back weeks, against "same hour last week". */
  evaluation(model: SiteModel, now = Date.now()) {
    return this.evaluations.get(model, now, async () => {
      const buckets = await readBuckets(this.dataSource, model, now - (TRAIN_WEEKS + TEST_WEEKS + 1) * WEEK_MS, now, '1h');
      return evaluateForecast(buckets, model.file.site, { trainWeeks: TRAIN_WEEKS, testWeeks: TEST_WEEKS, slotMinutes: 60, bucketMs: HOUR_MS });
    });
  }
}
