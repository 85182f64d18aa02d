import type { SiteFile } from '@hearth/contracts';
import type { ZoneBucket } from '../buckets.js';
import type { EmptyResult, OccupancyProfile, ZoneProfile } from './occupancy-profile.js';
import { indexOf, slotTimeline, type SlotTimeline } from './slot-timeline.js';

/**
 * The next 24 hours of each zone: "how busy will the Reading Room be this
 * afternoon, and tomorrow morning?"
 *
 * Each bucket's forecast is the typical value of its weekday and slot (see
 * buildOccupancyProfile), scaled by how today is running: the LEVEL is the
 * ratio of actual to typical occupancy over the last few open hours (sum over
 * sum, so quiet quarter hours do not swing it), bounded (default 0.5 to 2) so
 * a sensor glitch or a one-off crowd cannot run away with the forecast. A
 * busy morning says a lot about the next hour and little about tomorrow, so
 * the level's effect halves every `halfLifeHours` (default 2) ahead of now:
 * a level of 1.5 lifts the forecast by 50 % now, 25 % two hours on, 12.5 %
 * four hours on. When the last few hours were closed (overnight) the level
 * is 1 and the forecast is the typical value.
 *
 * Closed buckets (outside opening hours, holidays, closures) are 0 and
 * flagged; an open slot that history never observed has a null value rather
 * than a made-up zero. The interval is the typical value's own spread over
 * the history (percentiles of the same weekday and slot), scaled by the same
 * factor.
 *
 * Cost: a calendar lookup for two or three service days, then one pass over
 * the recent buckets and one over the horizon per zone; the profile is built
 * beforehand and can be cached by the server.
 */

const HOUR_MS = 3_600_000;

export interface ForecastOptions {
  /** How far ahead from `now` (default 24 hours). */
  horizonMs?: number;
  /** Hours before `now` whose actual occupancy sets the level (default 3). */
  levelHours?: number;
  /** Hours after which the level's effect has halved (default 2). */
  halfLifeHours?: number;
  /** Lowest and highest level (default [0.5, 2]). */
  levelBounds?: readonly [number, number];
  /** Zones to forecast (default every zone of the profile). */
  zones?: readonly string[];
}

export interface ForecastPoint {
  /** Bucket start, epoch ms. */
  start: number;
  /** Expected mean occupancy; 0 when closed; null when the open slot has no history. */
  value: number | null;
  low: number | null;
  high: number | null;
  closed: boolean;
}

export interface ZoneForecast {
  zone: string;
  /** Actual ÷ typical over the last `levelHours` open hours, bounded (1 when there was nothing to compare). */
  level: number;
  points: ForecastPoint[];
}

export type ZoneForecastResult = ZoneForecast | (EmptyResult & { zone: string });

export interface OccupancyForecast {
  /** Start of the first bucket (the one containing `now`) and end of the horizon. */
  from: number;
  to: number;
  zones: ZoneForecastResult[];
}

export interface ResolvedForecastOptions {
  levelMs: number;
  halfLifeMs: number;
  minLevel: number;
  maxLevel: number;
}

export function resolveForecastOptions(opts: ForecastOptions): ResolvedForecastOptions {
  const [minLevel, maxLevel] = opts.levelBounds ?? [0.5, 2];
  if (!(minLevel > 0 && minLevel <= 1 && maxLevel >= 1)) throw new RangeError('levelBounds must satisfy 0 < low <= 1 <= high');
  return { levelMs: (opts.levelHours ?? 3) * HOUR_MS, halfLifeMs: (opts.halfLifeHours ?? 2) * HOUR_MS, minLevel, maxLevel };
}

/** Actual ÷ typical, bounded; 1 when there is no typical occupancy to compare with. */
export function boundedLevel(actual: number, typical: number, minLevel: number, maxLevel: number): number {
  if (!(typical > 0)) return 1;
  return Math.min(maxLevel, Math.max(minLevel, actual / typical));
}

/** The multiplier a level applies `aheadMs` after now: its excess over 1 halves every half-life. */
export function levelFactor(level: number, aheadMs: number, halfLifeMs: number): number {
  return 1 + (level - 1) * Math.pow(0.5, Math.max(0, aheadMs) / halfLifeMs);
}

/**
 * One zone's forecast for the buckets of `tl` from the one containing `now`
 * up to `end`, with `actual` (aligned to `tl`, NaN where missing) supplying
 * the level. Shared by the live forecast and the evaluation.
 */
export function forecastOnTimeline(zp: ZoneProfile, tl: SlotTimeline, actual: Float64Array | undefined, now: number, end: number, o: ResolvedForecastOptions): ZoneForecast {
  const nowIdx = indexOf(tl, now);
  let actualSum = 0;
  let typicalSum = 0;
  if (actual) {
    for (let i = Math.max(0, Math.ceil((now - o.levelMs - tl.from) / tl.bucketMs)); i < nowIdx; i++) {
      const a = actual[i]!;
      const key = tl.key[i]!;
      if (!tl.open[i] || Number.isNaN(a) || !zp.samples[key]) continue;
      actualSum += a;
      typicalSum += zp.typical[key]!;
    }
  }
  const level = boundedLevel(actualSum, typicalSum, o.minLevel, o.maxLevel);

  const last = Math.min(tl.length, Math.ceil((end - tl.from) / tl.bucketMs));
  const points: ForecastPoint[] = [];
  for (let i = Math.max(0, nowIdx); i < last; i++) {
    const start = tl.from + i * tl.bucketMs;
    if (!tl.open[i]) {
      points.push({ start, value: 0, low: 0, high: 0, closed: true });
      continue;
    }
    const key = tl.key[i]!;
    const typical = zp.typical[key]!;
    if (!zp.samples[key]) {
      points.push({ start, value: null, low: null, high: null, closed: false });
      continue;
    }
    const f = level === 1 ? 1 : levelFactor(level, start - now, o.halfLifeMs);
    const value = Math.max(0, typical * f);
    points.push({
      start,
      value,
      low: Math.min(value, Math.max(0, (typical + zp.residualLow[key]!) * f)),
      high: Math.max(value, (typical + zp.residualHigh[key]!) * f),
      closed: false,
    });
  }
  return { zone: zp.zone, level, points };
}

/**
 * Forecast for the buckets overlapping [now, now + horizon). `recent` needs
 * only the last `levelHours` of buckets (more is harmless); `profile` comes
 * from buildOccupancyProfile over the same site.
 */
export function forecastOccupancy(
  profile: OccupancyProfile,
  site: SiteFile['site'],
  recent: readonly ZoneBucket[],
  now: number,
  opts: ForecastOptions = {},
): OccupancyForecast {
  if (site.id !== profile.siteId) throw new Error(`the profile is of site "${profile.siteId}", not "${site.id}"`);
  const o = resolveForecastOptions(opts);
  const end = now + (opts.horizonMs ?? 24 * HOUR_MS);
  const tl = slotTimeline(site, now - o.levelMs, end, profile.bucketMs, profile.slotMinutes);
  const zones = opts.zones ?? [...profile.zones.keys()];

  const actual = new Map<string, Float64Array>();
  const nowIdx = indexOf(tl, now);
  for (const zone of zones) if (profile.zones.has(zone)) actual.set(zone, new Float64Array(nowIdx).fill(NaN));
  const nowStart = tl.from + nowIdx * tl.bucketMs;
  for (let k = 0; k < recent.length; k++) {
    const b = recent[k]!;
    if (b.start < tl.from || b.start >= nowStart || !(b.coveredMs > 0)) continue;
    const row = actual.get(b.zone);
    if (row) row[((b.start - tl.from) / tl.bucketMs) | 0] = b.mean;
  }

  return {
    from: tl.from + nowIdx * tl.bucketMs,
    to: end,
    zones: zones.map((zone): ZoneForecastResult => {
      const zp = profile.zones.get(zone);
      if (!zp) return { zone, empty: true, reason: `no occupancy history for zone "${zone}" between ${profile.firstDate} and ${profile.lastDate}` };
      return forecastOnTimeline(zp, tl, actual.get(zone), now, end, o);
    }),
  };
}
