import type { RecommendationConfig } from '../config.js';
import { formatCount, formatScore, formatShare } from '../format.js';
import { recommendation, ruleContext, type JudgedZone, type RuleContext } from '../rule-kit.js';
import type { Recommendation, SiteEvidence } from '../types.js';

/**
 * Crowded zones patrons find uncomfortable: a judged zone crowded by the
 * crowding rule's measure (share of open hours above the crowding level ≥
 * `crowdedShareAbove`) whose poll, with at least `minAnswers` answers, scores
 * comfort at or below `maxComfortScore`. Severity: (share above / its
 * threshold) × (the comfort limit / the score).
 */
export function comfortRule(evidence: SiteEvidence, config: RecommendationConfig): Recommendation[] {
  const ctx = ruleContext(evidence, config);
  const c = config.thresholds.comfort;
  const crowdedAt = config.thresholds.crowding.crowdedShareAbove;
  const out: Recommendation[] = [];
  for (const zone of evidence.zones) {
    if (!ctx.judged(zone) || zone.use.shareAbove < crowdedAt || !zone.poll || zone.poll.answers < c.minAnswers) continue;
    const comfort = zone.poll.scores.comfort;
    if (comfort !== null && comfort <= c.maxComfortScore) out.push(uncomfortable(ctx, zone, comfort, zone.poll.answers));
  }
  return out;
}

function uncomfortable(ctx: RuleContext, zone: JudgedZone, comfort: number, answers: number): Recommendation {
  const c = ctx.config.thresholds.comfort;
  const crowdedAt = ctx.config.thresholds.crowding.crowdedShareAbove;
  return recommendation(ctx, {
    text: 'crowded-and-uncomfortable',
    subject: zone.zone,
    floor: zone.floor,
    zones: [zone.zone],
    severity: (zone.use.shareAbove / crowdedAt) * (c.maxComfortScore / comfort),
    values: {
      zone: zone.name,
      floor: ctx.floorName(zone.floor),
      shareAbove: formatShare(zone.use.shareAbove),
      utilisation: formatShare(zone.use.utilisation),
      comfort: formatScore(comfort),
      answers: formatCount(answers),
      comfortLimit: formatScore(c.maxComfortScore),
      crowdedShareAbove: formatShare(crowdedAt),
    },
    roles: { zone: [zone.zone] },
    metrics: [
      ctx.metric('shareAbove', zone.zone, zone.use.shareAbove, 'share'),
      ctx.metric('comfort', zone.zone, comfort, 'score'),
      ctx.metric('pollAnswers', zone.zone, answers, 'count'),
    ],
    figure: { kind: 'floor-map', floor: zone.floor, zones: [zone.zone], points: [] },
  });
}
