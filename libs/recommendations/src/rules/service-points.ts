import type { RecommendationConfig } from '../config.js';
import { formatMetres, formatShare } from '../format.js';
import { distance, recommendation, ruleContext, type RuleContext } from '../rule-kit.js';
import type { FloorEvidence, Recommendation, SiteEvidence } from '../types.js';

type Hotspot = FloorEvidence['hotspots'][number];

/**
 * "Serve where people are": congregation hot spots far from the service desk.
 * Per floor, hot spots holding at least `minShare` of the floor's people and
 * overlapping at least one judged zone are considered (a hot spot over zones
 * without reliable data says nothing). On a floor with a service desk, those
 * at least `farFromServiceM` from it make one finding about the largest
 * (severity: its distance / the threshold). On a floor without one, the
 * largest holding at least `minShareWithoutDesk` does (severity: its share /
 * that threshold).
 */
export function serviceDeskRule(evidence: SiteEvidence, config: RecommendationConfig): Recommendation[] {
  const ctx = ruleContext(evidence, config);
  const h = config.thresholds.hotspots;
  const out: Recommendation[] = [];
  for (const floor of evidence.floors) {
    const candidates = floor.hotspots
      .filter((s) => s.share >= h.minShare && s.zones.some((z) => ctx.judged(ctx.zone(z))))
      .sort((a, b) => b.share - a.share);
    if (floor.serviceDesks.length > 0) {
      const far = candidates.filter((s) => s.toServiceDeskM !== null && s.toServiceDeskM >= h.farFromServiceM);
      if (far.length > 0) out.push(farFromDesk(ctx, floor, far));
    } else {
      const main = candidates.find((s) => s.share >= h.minShareWithoutDesk);
      if (main) out.push(noDesk(ctx, floor, main));
    }
  }
  return out;
}

function hotspotPoint(ctx: RuleContext, s: Hotspot) {
  return { at: s.centroid, label: `${ctx.label('hotspotPoint')} (${formatShare(s.share)})` };
}

function farFromDesk(ctx: RuleContext, floor: FloorEvidence, far: Hotspot[]): Recommendation {
  const h = ctx.config.thresholds.hotspots;
  const main = far[0]!;
  const desk = [...floor.serviceDesks].sort((a, b) => distance(a.centroid, main.centroid) - distance(b.centroid, main.centroid))[0]!;
  const farShare = far.reduce((s, x) => s + x.share, 0);
  const hotZones = [...new Set(far.flatMap((s) => s.zones))];
  return recommendation(ctx, {
    text: 'hotspot-far-from-service',
    subject: floor.floor,
    floor: floor.floor,
    zones: [...hotZones, desk.zone],
    severity: main.toServiceDeskM! / h.farFromServiceM,
    values: {
      floor: floor.name,
      hotspotZones: ctx.names(main.zones),
      share: formatShare(main.share),
      distance: formatMetres(main.toServiceDeskM!),
      deskZone: ctx.zoneName(desk.zone),
      farFromServiceM: formatMetres(h.farFromServiceM),
      farShare: formatShare(farShare),
    },
    roles: { hotspot: main.zones, desk: [desk.zone] },
    metrics: [
      ctx.metric('hotspotShare', null, main.share, 'share'),
      ctx.metric('toServiceDesk', null, main.toServiceDeskM!, 'metres'),
      ctx.metric('farHotspotShare', null, farShare, 'share'),
    ],
    figure: {
      kind: 'floor-map',
      floor: floor.floor,
      zones: [...hotZones, desk.zone],
      points: [...far.map((s) => hotspotPoint(ctx, s)), { at: desk.centroid, label: ctx.label('serviceDeskPoint') }],
    },
  });
}

function noDesk(ctx: RuleContext, floor: FloorEvidence, main: Hotspot): Recommendation {
  const h = ctx.config.thresholds.hotspots;
  return recommendation(ctx, {
    text: 'hotspot-no-service-desk',
    subject: floor.floor,
    floor: floor.floor,
    zones: main.zones,
    severity: main.share / h.minShareWithoutDesk,
    values: {
      floor: floor.name,
      hotspotZones: ctx.names(main.zones),
      share: formatShare(main.share),
      minShareWithoutDesk: formatShare(h.minShareWithoutDesk),
      farFromServiceM: formatMetres(h.farFromServiceM),
    },
    roles: { hotspot: main.zones },
    metrics: [ctx.metric('hotspotShare', null, main.share, 'share')],
    figure: { kind: 'floor-map', floor: floor.floor, zones: main.zones, points: [hotspotPoint(ctx, main)] },
  });
}
