import type { RecommendationConfig } from '../config.js';
import { formatMetres, formatShare } from '../format.js';
import { recommendation, ruleContext } from '../rule-kit.js';
import type { Recommendation, SiteEvidence } from '../types.js';
import { busiestEntrance, entranceGroups } from './entrance-groups.js';

/**
 * The "power aisle": when most people come in by one entrance (at least
 * `minArrivalsShare` of arrivals), the walk from its busiest door to the
 * largest hot spot of that floor is the route nearly every visitor takes, so
 * it is the place for new items, displays and news of events. Silent when the
 * hot spot is small (`minHotspotShare`), overlaps no judged zone, or the walk
 * is too short to hold anything (`minLengthM`). Severity: the entrance's
 * share / the threshold.
 */
export function powerAisleRule(evidence: SiteEvidence, config: RecommendationConfig): Recommendation[] {
  const ctx = ruleContext(evidence, config);
  const p = config.thresholds.powerAisle;
  const entrance = busiestEntrance(entranceGroups(evidence));
  if (!entrance || entrance.arrivalsShare! < p.minArrivalsShare) return [];
  const door = [...entrance.doors]
    .filter((d) => d.pathToHotspot !== null)
    .sort((a, b) => (b.arrivalsShare ?? 0) - (a.arrivalsShare ?? 0) || (a.door < b.door ? -1 : a.door > b.door ? 1 : 0))[0];
  const hotspot = [...entrance.floor.hotspots].sort((a, b) => b.share - a.share)[0];
  if (!door || !hotspot) return [];
  const path = door.pathToHotspot!;
  if (hotspot.share < p.minHotspotShare || path.lengthM < p.minLengthM || !hotspot.zones.some((z) => ctx.judged(ctx.zone(z)))) return [];
  const along = path.zones.filter((z) => z !== entrance.zone);
  return [
    recommendation(ctx, {
      text: 'power-aisle',
      subject: entrance.zone,
      floor: entrance.floor.floor,
      zones: [...new Set([entrance.zone, ...path.zones, ...hotspot.zones])],
      severity: entrance.arrivalsShare! / p.minArrivalsShare,
      values: {
        entrance: ctx.zoneName(entrance.zone),
        doors: entrance.doors.map((d) => d.door).join(', '),
        floor: entrance.floor.name,
        arrivalsShare: formatShare(entrance.arrivalsShare!),
        pathZones: ctx.names(along.length > 0 ? along : [entrance.zone]),
        hotspotZones: ctx.names(hotspot.zones),
        hotspotShare: formatShare(hotspot.share),
        length: formatMetres(path.lengthM),
        minArrivalsShare: formatShare(p.minArrivalsShare),
      },
      roles: { path: along.length > 0 ? along : [entrance.zone], hotspot: hotspot.zones },
      metrics: [
        ctx.metric('arrivalsShare', entrance.zone, entrance.arrivalsShare!, 'share'),
        ctx.metric('hotspotShare', null, hotspot.share, 'share'),
        ctx.metric('pathLength', null, path.lengthM, 'metres'),
      ],
      figure: {
        kind: 'floor-map',
        floor: entrance.floor.floor,
        zones: [...new Set([...path.zones, ...hotspot.zones])],
        points: [
          { at: door.position, label: ctx.label('doorPoint') },
          { at: hotspot.centroid, label: `${ctx.label('hotspotPoint')} (${formatShare(hotspot.share)})` },
        ],
      },
    }),
  ];
}
