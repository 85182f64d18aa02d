import type { RecommendationConfig } from '../config.js';
import { formatCount, formatHours, formatNumber, formatShare } from '../format.js';
import { byNearness, recommendation, ruleContext, type JudgedZone, type RuleContext } from '../rule-kit.js';
import type { Recommendation, SiteEvidence } from '../types.js';

/**
 * Crowded zones and idle ones. A zone is crowded when it spends at least
 * `crowdedShareAbove` of its open hours above the crowding level; only judged
 * zones of the configured seating categories, with seats, count. A zone of
 * `underUsedCategories` is under-used when its mean utilisation is below
 * `underUsedUtilisation`.
 *
 * A crowded zone is paired with the nearest zones with room to spare (mean
 * utilisation below `spareUtilisation`, not crowded themselves) whose category
 * can take its overflow (`compatible`; same floor first, then the rest of the
 * site; at most `maxPartners`): "crowded-beside-idle". A crowded zone with no
 * such partner is "crowded-zone"; an under-used zone no crowded zone was
 * paired with is "under-used-zone". Severity: crowded, share above / threshold;
 * under-used, threshold / utilisation (utilisation floored at a tenth of the
 * threshold).
 */
export function crowdingRule(evidence: SiteEvidence, config: RecommendationConfig): Recommendation[] {
  const ctx = ruleContext(evidence, config);
  const t = config.thresholds.crowding;
  const seating = evidence.zones.filter((z): z is JudgedZone => ctx.judged(z) && z.capacity > 0 && t.categories.includes(z.category));
  const crowded = seating.filter((z) => z.use.shareAbove >= t.crowdedShareAbove);
  const spare = seating.filter((z) => z.use.utilisation < t.spareUtilisation && !crowded.includes(z));
  const idle = spare.filter((z) => z.use.utilisation < t.underUsedUtilisation && t.underUsedCategories.includes(z.category));
  const paired = new Set<string>();
  const out: Recommendation[] = [];

  for (const zone of crowded) {
    const kinds = t.compatible[zone.category] ?? [];
    const partners = byNearness(
      zone,
      spare.filter((i) => kinds.includes(i.category)),
    ).slice(0, t.maxPartners);
    partners.forEach((p) => paired.add(p.zone));
    out.push(partners.length > 0 ? besideIdle(ctx, zone, partners) : crowdedAlone(ctx, zone));
  }
  for (const zone of idle) if (!paired.has(zone.zone)) out.push(underUsed(ctx, zone));
  return out;
}

function crowdedValues(ctx: RuleContext, zone: JudgedZone) {
  return {
    zone: zone.name,
    floor: ctx.floorName(zone.floor),
    capacity: formatCount(zone.capacity),
    shareAbove: formatShare(zone.use.shareAbove),
    hoursAbove: formatHours(zone.use.hoursAbove),
    openHours: formatHours(ctx.evidence.window.openHours),
    utilisation: formatShare(zone.use.utilisation),
    peakShare: formatShare(zone.use.peakShare),
    crowdedShareAbove: formatShare(ctx.config.thresholds.crowding.crowdedShareAbove),
  };
}

function crowdedMetrics(ctx: RuleContext, zone: JudgedZone) {
  return [
    ctx.metric('shareAbove', zone.zone, zone.use.shareAbove, 'share'),
    ctx.metric('hoursAbove', zone.zone, zone.use.hoursAbove, 'hours'),
    ctx.metric('utilisation', zone.zone, zone.use.utilisation, 'share'),
    ctx.metric('peakShare', zone.zone, zone.use.peakShare, 'share'),
  ];
}

function besideIdle(ctx: RuleContext, zone: JudgedZone, partners: JudgedZone[]): Recommendation {
  const t = ctx.config.thresholds.crowding;
  const capacity = partners.reduce((s, p) => s + p.capacity, 0);
  const occupied = partners.reduce((s, p) => s + p.use.meanOccupancy, 0);
  const partnerKeys = partners.map((p) => p.zone);
  const idleFloors = [...new Set(partners.map((p) => ctx.floorName(p.floor)))];
  return recommendation(ctx, {
    text: 'crowded-beside-idle',
    subject: zone.zone,
    floor: zone.floor,
    zones: [zone.zone, ...partnerKeys],
    severity: zone.use.shareAbove / t.crowdedShareAbove,
    values: {
      ...crowdedValues(ctx, zone),
      idleZones: ctx.names(partnerKeys),
      idleFloor: idleFloors.join(', '),
      idleUtilisation: formatShare(occupied / capacity),
      idleFreeSeats: formatCount(Math.round(capacity - occupied)),
      underUsedUtilisation: formatShare(t.underUsedUtilisation),
    },
    roles: { crowded: [zone.zone], idle: partnerKeys, all: [zone.zone, ...partnerKeys] },
    metrics: [
      ...crowdedMetrics(ctx, zone),
      ...partners.map((p) => ctx.metric('utilisation', p.zone, p.use.utilisation, 'share')),
      ctx.metric('freeSeats', null, Math.round(capacity - occupied), 'count'),
    ],
    figure: { kind: 'floor-map', floor: zone.floor, zones: [zone.zone, ...partners.filter((p) => p.floor === zone.floor).map((p) => p.zone)], points: [] },
  });
}

function crowdedAlone(ctx: RuleContext, zone: JudgedZone): Recommendation {
  return recommendation(ctx, {
    text: 'crowded-zone',
    subject: zone.zone,
    floor: zone.floor,
    zones: [zone.zone],
    severity: zone.use.shareAbove / ctx.config.thresholds.crowding.crowdedShareAbove,
    values: crowdedValues(ctx, zone),
    roles: { crowded: [zone.zone] },
    metrics: crowdedMetrics(ctx, zone),
    figure: { kind: 'floor-map', floor: zone.floor, zones: [zone.zone], points: [] },
  });
}

function underUsed(ctx: RuleContext, zone: JudgedZone): Recommendation {
  const limit = ctx.config.thresholds.crowding.underUsedUtilisation;
  return recommendation(ctx, {
    text: 'under-used-zone',
    subject: zone.zone,
    floor: zone.floor,
    zones: [zone.zone],
    severity: limit / Math.max(zone.use.utilisation, limit / 10),
    values: {
      zone: zone.name,
      floor: ctx.floorName(zone.floor),
      capacity: formatCount(zone.capacity),
      utilisation: formatShare(zone.use.utilisation),
      meanOccupancy: formatNumber(zone.use.meanOccupancy),
      peakShare: formatShare(zone.use.peakShare),
      underUsedUtilisation: formatShare(limit),
    },
    roles: { idle: [zone.zone] },
    metrics: [
      ctx.metric('utilisation', zone.zone, zone.use.utilisation, 'share'),
      ctx.metric('meanOccupancy', zone.zone, zone.use.meanOccupancy, 'people'),
      ctx.metric('peakShare', zone.zone, zone.use.peakShare, 'share'),
    ],
    figure: { kind: 'floor-map', floor: zone.floor, zones: [zone.zone], points: [] },
  });
}
