import type { RecommendationConfig } from '../config.js';
import { formatCount, formatMinutes, formatShare } from '../format.js';
import { byNearness, recommendation, ruleContext, type JudgedZone, type RuleContext } from '../rule-kit.js';
import type { Recommendation, SiteEvidence, ZoneEvidence } from '../types.js';

type SessionZone = JudgedZone & { sessions: NonNullable<ZoneEvidence['sessions']> };

/**
 * Behaviour that does not match what a zone is for, read from its desk
 * sessions (judged zones with at least `minSessions` sessions only):
 * - groups in a quiet zone: group share ≥ `groupShareInQuiet`; the nearest
 *   group zone that is not itself crowded is offered as the place for them;
 * - long solo stays in a group zone: share of solo sessions of 2 h or more
 *   ≥ `longSoloShareInGroup`; the nearest quiet zone that is not crowded is
 *   offered instead;
 * - short stays at study desks: share under 20 minutes ≥ `shortShareAtStudy`.
 * Severity: the share / its threshold.
 */
export function behaviourRule(evidence: SiteEvidence, config: RecommendationConfig): Recommendation[] {
  const ctx = ruleContext(evidence, config);
  const b = config.thresholds.behaviour;
  const out: Recommendation[] = [];
  const zones = evidence.zones.filter((z): z is SessionZone => ctx.judged(z) && z.sessions !== null && z.sessions.count >= b.minSessions);
  for (const zone of zones) {
    const s = zone.sessions;
    if (b.quietCategories.includes(zone.category) && s.groupShare >= b.groupShareInQuiet) out.push(groupsInQuiet(ctx, zone));
    if (b.groupCategories.includes(zone.category) && s.longSoloShare >= b.longSoloShareInGroup) out.push(soloInGroup(ctx, zone));
    if (b.studyCategories.includes(zone.category) && s.shortShare >= b.shortShareAtStudy) out.push(shortStays(ctx, zone));
  }
  return out;
}

/** The nearest judged zone of these categories with room to spare (not crowded), if any. */
function alternative(ctx: RuleContext, from: ZoneEvidence, categories: readonly string[]): JudgedZone | undefined {
  const crowdedAt = ctx.config.thresholds.crowding.crowdedShareAbove;
  const candidates = ctx.evidence.zones.filter(
    (z): z is JudgedZone => z.zone !== from.zone && categories.includes(z.category) && ctx.judged(z) && z.capacity > 0 && z.use.shareAbove < crowdedAt,
  );
  return byNearness(from, candidates)[0];
}

function base(ctx: RuleContext, zone: SessionZone) {
  return {
    zone: zone.name,
    floor: ctx.floorName(zone.floor),
    sessions: formatCount(zone.sessions.count),
    medianStay: formatMinutes(zone.sessions.medianMinutes),
    utilisation: formatShare(zone.use.utilisation),
  };
}

function mapOf(zone: ZoneEvidence, other: ZoneEvidence | undefined) {
  return { kind: 'floor-map' as const, floor: zone.floor, zones: other && other.floor === zone.floor ? [zone.zone, other.zone] : [zone.zone], points: [] };
}

function groupsInQuiet(ctx: RuleContext, zone: SessionZone): Recommendation {
  const limit = ctx.config.thresholds.behaviour.groupShareInQuiet;
  const other = alternative(ctx, zone, ctx.config.thresholds.behaviour.groupCategories);
  return recommendation(ctx, {
    text: 'groups-in-quiet-zone',
    subject: zone.zone,
    floor: zone.floor,
    zones: other ? [zone.zone, other.zone] : [zone.zone],
    severity: zone.sessions.groupShare / limit,
    values: {
      ...base(ctx, zone),
      groupShare: formatShare(zone.sessions.groupShare),
      groupShareLimit: formatShare(limit),
      groupZone: other?.name ?? ctx.phrase('noGroupZone'),
    },
    roles: { zone: [zone.zone], groupZone: other ? [other.zone] : [] },
    metrics: [
      ctx.metric('groupShare', zone.zone, zone.sessions.groupShare, 'share'),
      ctx.metric('sessions', zone.zone, zone.sessions.count, 'count'),
      ctx.metric('medianStay', zone.zone, zone.sessions.medianMinutes, 'minutes'),
      ctx.metric('utilisation', zone.zone, zone.use.utilisation, 'share'),
    ],
    figure: mapOf(zone, other),
  });
}

function soloInGroup(ctx: RuleContext, zone: SessionZone): Recommendation {
  const limit = ctx.config.thresholds.behaviour.longSoloShareInGroup;
  const other = alternative(ctx, zone, ctx.config.thresholds.behaviour.quietCategories);
  return recommendation(ctx, {
    text: 'solo-in-group-zone',
    subject: zone.zone,
    floor: zone.floor,
    zones: other ? [zone.zone, other.zone] : [zone.zone],
    severity: zone.sessions.longSoloShare / limit,
    values: {
      ...base(ctx, zone),
      longSoloShare: formatShare(zone.sessions.longSoloShare),
      longSoloLimit: formatShare(limit),
      quietZone: other?.name ?? ctx.phrase('noQuietZone'),
    },
    roles: { zone: [zone.zone], quietZone: other ? [other.zone] : [] },
    metrics: [
      ctx.metric('longSoloShare', zone.zone, zone.sessions.longSoloShare, 'share'),
      ctx.metric('sessions', zone.zone, zone.sessions.count, 'count'),
      ctx.metric('medianStay', zone.zone, zone.sessions.medianMinutes, 'minutes'),
      ctx.metric('utilisation', zone.zone, zone.use.utilisation, 'share'),
    ],
    figure: mapOf(zone, other),
  });
}

function shortStays(ctx: RuleContext, zone: SessionZone): Recommendation {
  const limit = ctx.config.thresholds.behaviour.shortShareAtStudy;
  return recommendation(ctx, {
    text: 'short-stays-at-study-desks',
    subject: zone.zone,
    floor: zone.floor,
    zones: [zone.zone],
    severity: zone.sessions.shortShare / limit,
    values: { ...base(ctx, zone), shortShare: formatShare(zone.sessions.shortShare), shortShareLimit: formatShare(limit) },
    roles: { zone: [zone.zone] },
    metrics: [
      ctx.metric('shortShare', zone.zone, zone.sessions.shortShare, 'share'),
      ctx.metric('sessions', zone.zone, zone.sessions.count, 'count'),
      ctx.metric('medianStay', zone.zone, zone.sessions.medianMinutes, 'minutes'),
    ],
    figure: mapOf(zone, undefined),
  });
}
