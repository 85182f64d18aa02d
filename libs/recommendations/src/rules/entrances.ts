import type { RecommendationConfig } from '../config.js';
import { formatDensity, formatMetres, formatShare, formatTimes } from '../format.js';
import { recommendation, ruleContext, type RuleContext } from '../rule-kit.js';
import type { Recommendation, SiteEvidence } from '../types.js';
import { busiestEntrance, entranceGroups, type EntranceGroup } from './entrance-groups.js';

/**
 * The first metres inside each entrance (the "decompression zone", where
 * people slow down and get their bearings, and notice little). An entrance is
 * cluttered when other zones reach into that radius or its density is at
 * least `clutterDensityFactor` times the floor's (severity: the density
 * ratio / the factor, at least 1 when zones reach in). An entrance is little
 * used when, on a site with two or more entrances of known share, it takes
 * less than `littleUsedArrivalsShare` of arrivals (severity: the threshold /
 * its share, the share floored at a tenth of the threshold).
 */
export function entranceRule(evidence: SiteEvidence, config: RecommendationConfig): Recommendation[] {
  const ctx = ruleContext(evidence, config);
  const e = config.thresholds.entrances;
  const groups = entranceGroups(evidence);
  const out: Recommendation[] = [];
  for (const group of groups) {
    const found = cluttered(ctx, group);
    if (found) out.push(found);
  }
  const known = groups.filter((g) => g.arrivalsShare !== null);
  const busiest = busiestEntrance(known);
  if (known.length >= 2 && busiest) {
    for (const group of known) if (group !== busiest && group.arrivalsShare! < e.littleUsedArrivalsShare) out.push(littleUsed(ctx, group, busiest));
  }
  return out;
}

function cluttered(ctx: RuleContext, group: EntranceGroup): Recommendation | null {
  const factor = ctx.config.thresholds.entrances.clutterDensityFactor;
  const intruders = [...new Set(group.doors.flatMap((d) => d.firstMetres.zones))].filter((z) => z !== group.zone);
  const ratioOf = (d: (typeof group.doors)[number]) => (d.firstMetres.floorDensity > 0 ? d.firstMetres.density / d.firstMetres.floorDensity : null);
  // The door whose first metres are the most crowded relative to the floor speaks for the entrance.
  const worst = [...group.doors].sort((a, b) => (ratioOf(b) ?? -1) - (ratioOf(a) ?? -1))[0]!;
  const ratio = ratioOf(worst);
  const dense = ratio !== null && ratio >= factor;
  if (!dense && intruders.length === 0) return null;
  const fm = worst.firstMetres;
  const metrics = [
    ctx.metric('firstMetresDensity', group.zone, fm.density, 'per-m2'),
    ctx.metric('floorDensity', null, fm.floorDensity, 'per-m2'),
  ];
  if (group.arrivalsShare !== null) metrics.push(ctx.metric('arrivalsShare', group.zone, group.arrivalsShare, 'share'));
  return recommendation(ctx, {
    text: 'decompression-zone',
    subject: group.zone,
    floor: group.floor.floor,
    zones: [group.zone, ...intruders],
    severity: Math.max(ratio === null ? 0 : ratio / factor, intruders.length > 0 ? 1 : 0),
    values: {
      entrance: ctx.zoneName(group.zone),
      doors: group.doors.map((d) => d.door).join(', '),
      floor: group.floor.name,
      radius: formatMetres(fm.radiusM),
      intruders: ctx.names(intruders),
      density: formatDensity(fm.density),
      floorDensity: formatDensity(fm.floorDensity),
      densityRatio: ratio === null ? ctx.phrase('unknown') : formatTimes(ratio),
      clutterDensityFactor: formatTimes(factor),
      arrivalsShare: group.arrivalsShare === null ? ctx.phrase('unknown') : formatShare(group.arrivalsShare),
    },
    roles: { entrance: [group.zone], intruders },
    metrics,
    figure: {
      kind: 'floor-map',
      floor: group.floor.floor,
      zones: [group.zone, ...intruders],
      points: group.doors.map((d) => ({ at: d.position, label: ctx.label('doorPoint') })),
    },
  });
}

function littleUsed(ctx: RuleContext, group: EntranceGroup, busiest: EntranceGroup): Recommendation {
  const limit = ctx.config.thresholds.entrances.littleUsedArrivalsShare;
  const share = group.arrivalsShare!;
  return recommendation(ctx, {
    text: 'little-used-entrance',
    subject: group.zone,
    floor: group.floor.floor,
    zones: [group.zone, busiest.zone],
    severity: limit / Math.max(share, limit / 10),
    values: {
      entrance: ctx.zoneName(group.zone),
      doors: group.doors.map((d) => d.door).join(', '),
      floor: group.floor.name,
      arrivalsShare: formatShare(share),
      busiestEntrance: ctx.zoneName(busiest.zone),
      busiestShare: formatShare(busiest.arrivalsShare!),
      littleUsedLimit: formatShare(limit),
    },
    roles: { entrance: [group.zone], busiest: [busiest.zone], all: [group.zone, busiest.zone] },
    metrics: [ctx.metric('arrivalsShare', group.zone, share, 'share'), ctx.metric('arrivalsShare', busiest.zone, busiest.arrivalsShare!, 'share')],
    figure: {
      kind: 'floor-map',
      floor: group.floor.floor,
      zones: busiest.floor.floor === group.floor.floor ? [group.zone, busiest.zone] : [group.zone],
      points: group.doors.map((d) => ({ at: d.position, label: ctx.label('doorPoint') })),
    },
  });
}
