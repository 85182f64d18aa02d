import type { RecommendationConfig } from '../config.js';
import { formatCount, formatHours, formatMinutes, formatPoints, formatShare } from '../format.js';
import { recommendation, ruleContext, type RuleContext } from '../rule-kit.js';
import type { LayoutChangeEvidence, Recommendation, SiteEvidence } from '../types.js';

export type ChangeVerdict = 'better' | 'no-clear-change' | 'worse';

/**
 * The review of each declared layout change with data on both sides and at
 * least `minWeeks` weeks a side. With du the change of utilisation and dh the
 * change of hours above the crowding level, a step of hours being
 * max(`minHoursAboveChange`, `hoursAboveChange` × hours before):
 * good = du ≥ `utilisationChange` (more use) or dh ≤ −step (less crowding);
 * bad = du ≤ −`utilisationChange` or dh ≥ step. Better: good and not bad;
 * worse: bad and not good; otherwise (nothing moved, or both) no clear change.
 * Severity: for better or worse, the larger of |du| / its threshold and
 * |dh| / step; 1 for no clear change.
 */
export function layoutChangeRule(evidence: SiteEvidence, config: RecommendationConfig): Recommendation[] {
  const ctx = ruleContext(evidence, config);
  const l = config.thresholds.layoutChanges;
  const out: Recommendation[] = [];
  for (const change of evidence.changes) {
    const { before, after } = change;
    if (!before || !after || change.weeks < l.minWeeks) continue;
    const du = after.utilisation - before.utilisation;
    const dh = after.hoursAbove - before.hoursAbove;
    const step = Math.max(l.minHoursAboveChange, l.hoursAboveChange * before.hoursAbove);
    const good = du >= l.utilisationChange || dh <= -step;
    const bad = du <= -l.utilisationChange || dh >= step;
    const verdict: ChangeVerdict = good && !bad ? 'better' : bad && !good ? 'worse' : 'no-clear-change';
    const severity = verdict === 'no-clear-change' ? 1 : Math.max(Math.abs(du) / l.utilisationChange, Math.abs(dh) / step);
    out.push(review(ctx, change, before, after, verdict, severity));
  }
  return out;
}

type Side = NonNullable<LayoutChangeEvidence['before']>;

function review(ctx: RuleContext, change: LayoutChangeEvidence, before: Side, after: Side, verdict: ChangeVerdict, severity: number): Recommendation {
  const floors = [...new Set(change.zones.map((z) => ctx.zone(z)?.floor))];
  const floor = floors.length === 1 && floors[0] !== undefined ? floors[0] : null;
  const stay = (m: number | null) => (m === null ? ctx.phrase('unknown') : formatMinutes(m));
  const metrics = [
    ctx.metric('utilisationBefore', null, before.utilisation, 'share'),
    ctx.metric('utilisationAfter', null, after.utilisation, 'share'),
    ctx.metric('hoursAboveBefore', null, before.hoursAbove, 'hours'),
    ctx.metric('hoursAboveAfter', null, after.hoursAbove, 'hours'),
  ];
  if (before.medianMinutes !== null) metrics.push(ctx.metric('medianStayBefore', null, before.medianMinutes, 'minutes'));
  if (after.medianMinutes !== null) metrics.push(ctx.metric('medianStayAfter', null, after.medianMinutes, 'minutes'));
  return recommendation(ctx, {
    text: `layout-change-${verdict}`,
    subject: `${change.date}/${change.zones.join('+')}`,
    floor,
    zones: [...change.zones],
    severity,
    values: {
      description: change.description,
      date: change.date,
      zoneNames: ctx.names(change.zones),
      weeks: formatCount(change.weeks),
      utilisationBefore: formatShare(before.utilisation),
      utilisationAfter: formatShare(after.utilisation),
      utilisationChange: formatPoints(after.utilisation - before.utilisation),
      utilisationChangeLimit: formatPoints(ctx.config.thresholds.layoutChanges.utilisationChange).replace(/^\+/, ''),
      hoursAboveBefore: formatHours(before.hoursAbove),
      hoursAboveAfter: formatHours(after.hoursAbove),
      medianStayBefore: stay(before.medianMinutes),
      medianStayAfter: stay(after.medianMinutes),
    },
    roles: { zones: [...change.zones] },
    metrics,
    figure: floor === null ? null : { kind: 'floor-map', floor, zones: [...change.zones], points: [] },
  });
}
