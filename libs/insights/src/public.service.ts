import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { isEmptyResult, profileKey, serviceDateOf, serviceDay } from '@hearth/analytics';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { ForecastService } from './forecast.service.js';
import { OccupancyService } from './occupancy.service.js';
import { SiteCache } from './site-cache.js';
import { SiteModelService, type SiteModel } from './site-model.service.js';

/**
 * The patrons' "how busy is it" figures: per floor and zone, a level in words
 * and a head count, now and typically at this hour, with no head count below
 * the publication threshold (PUBLIC_MIN_COUNT) recoverable from the answer.
 *
 * Small counts are about a handful of identifiable people ("the one person in
 * the group room"), so the rules are:
 * - a zone with fewer people than the threshold says "few", and its level is
 *   the level of a fixed stand-in count, so the level cannot narrow "few" down
 *   (in a 4-seat room "quiet" would otherwise mean exactly 0, "very busy" 4);
 * - a floor's total minus its zones' published counts would give the
 *   "few" zones' sum: when that sum is below the threshold the floor gives
 *   only a lower bound (its zones' published counts, `atLeast: true`) and a
 *   level computed with the same stand-ins;
 * - no shares, capacities or free places are published (capacity minus
 *   people, or a percentage, would give the count back), and there is no
 *   site-wide total (across floors it would re-open what the floors withhold).
 * Typical figures are treated the same way.
 */

export const BUSY_LEVELS = ['quiet', 'some space', 'busy', 'very busy'] as const;
export type BusyLevel = (typeof BUSY_LEVELS)[number];

/** A published figure: a level (null without data or without seats to compare with) and people ("few" below the threshold). */
export interface PublicFigure {
  level: BusyLevel | null;
  people: number | 'few' | null;
  /** The floor's count is a lower bound: its exact total would reveal a small count in one of its zones. */
  atLeast?: true;
}

export interface PublicZone extends PublicFigure {
  key: string;
  name: string;
  typical: PublicFigure;
}

export interface PublicFloor extends PublicFigure {
  key: string;
  name: string;
  typical: PublicFigure;
  zones: PublicZone[];
}

export interface PublicBusy {
  site: string;
  name: string;
  open: boolean;
  asOf: string;
  /** Counts below this are published as "few". */
  minCount: number;
  floors: PublicFloor[];
}

/** Upper bounds of occupancy over capacity for each level but the last; 85 % is where Hearth counts "hours above". */
const LEVEL_BOUNDS = [0.25, 0.6, 0.85];
/** Patrons' figures are cached this long per site, however many phones refresh. */
export const PUBLIC_TTL_MS = 15_000;

function levelOf(people: number, capacity: number): BusyLevel | null {
  if (!(capacity > 0)) return null;
  const share = people / capacity;
  const i = LEVEL_BOUNDS.findIndex((bound) => share < bound);
  return BUSY_LEVELS[i === -1 ? BUSY_LEVELS.length - 1 : i]!;
}

interface Count {
  people: number | null;
  capacity: number;
}

/** What a zone may say: its whole count at or above the threshold, else "few" and a level that does not depend on the count. */
function zoneFigure(c: Count, minCount: number): PublicFigure {
  if (c.people === null) return { level: null, people: null };
  const n = Math.round(c.people);
  return n >= minCount ? { level: levelOf(n, c.capacity), people: n } : { level: levelOf(standIn(minCount), c.capacity), people: 'few' };
}

/** The count a "few" stands for wherever a level is computed: the middle of 0 … threshold − 1. */
const standIn = (minCount: number) => (minCount - 1) / 2;

/** What a floor may say, from its zones' counts (zones without data left out). */
function floorFigure(zones: Count[], minCount: number): PublicFigure {
  const known = zones.filter((z) => z.people !== null).map((z) => ({ n: Math.round(z.people!), capacity: z.capacity }));
  if (!known.length) return { level: null, people: null };
  const capacity = known.reduce((s, z) => s + z.capacity, 0);
  const total = known.reduce((s, z) => s + z.n, 0);
  if (total < minCount) return { level: levelOf(standIn(minCount), capacity), people: 'few' };
  const few = known.filter((z) => z.n < minCount);
  const fewSum = few.reduce((s, z) => s + z.n, 0);
  if (!few.length || fewSum >= minCount) return { level: levelOf(total, capacity), people: total };
  const shown = total - fewSum;
  return { level: levelOf(shown + few.length * standIn(minCount), capacity), people: shown, atLeast: true };
}

@Injectable()
export class PublicService {
  private readonly answers = new SiteCache<PublicBusy>(PUBLIC_TTL_MS);

  constructor(
    @Inject(HEARTH_CONFIG) private readonly config: HearthConfig,
    private readonly forecasts: ForecastService,
    private readonly occupancy: OccupancyService,
    private readonly sites: SiteModelService,
  ) {}

  async busy(siteKey: string, now = Date.now()): Promise<PublicBusy> {
    const model = await this.sites.get(siteKey);
    return this.answers.get(model, now, () => this.compute(model, now));
  }

  private async compute(model: SiteModel, now: number): Promise<PublicBusy> {
    const minCount = this.config.publicPage.minCount;
    const [live, typical] = await Promise.all([this.occupancy.live(model, now), this.typicalNow(model, now)]);
    const liveByZone = new Map(live.zones.map((z) => [z.zone, z.occupancy]));
    const floors = model.file.floors.map((f): PublicFloor => {
      const nowCounts = f.zones.map((z) => ({ people: liveByZone.get(z.id) ?? null, capacity: z.capacity }));
      const typicalCounts = f.zones.map((z) => ({ people: typical.get(z.id) ?? null, capacity: z.capacity }));
      return {
        key: f.id,
        name: f.name,
        ...floorFigure(nowCounts, minCount),
        typical: floorFigure(typicalCounts, minCount),
        zones: f.zones.map((z, i) => ({ key: z.id, name: z.name, ...zoneFigure(nowCounts[i]!, minCount), typical: zoneFigure(typicalCounts[i]!, minCount) })),
      };
    });
    return { site: model.file.site.id, name: model.file.site.name, open: live.open, asOf: live.at, minCount, floors };
  }

  /** Each zone's typical occupancy at this weekday and hour: the forecast's typical week (median of the last six weeks' same hour). */
  private async typicalNow(model: SiteModel, now: number): Promise<Map<string, number>> {
    const site = model.file.site;
    const profile = await this.forecasts.typicalWeek(model, now);
    const typical = new Map<string, number>();
    if (isEmptyResult(profile)) return typical;
    const key = profileKey(profile, serviceDay(site, serviceDateOf(site, now)).weekday, DateTime.fromMillis(now, { zone: site.timeZone }).hour);
    for (const [zone, zp] of profile.zones) if (!Number.isNaN(zp.typical[key]!)) typical.set(zone, zp.typical[key]!);
    return typical;
  }
}
