import type { EntranceEvidence, FloorEvidence, SiteEvidence } from '../types.js';

/**
 * The site's entrances as a patron sees them: the doors that open into the
 * same zone are one entrance (a double door has two counters). Its share of
 * arrivals is the sum of its doors' known shares, null when none is known.
 */
export interface EntranceGroup {
  zone: string;
  floor: FloorEvidence;
  doors: EntranceEvidence[];
  arrivalsShare: number | null;
}

export function entranceGroups(evidence: SiteEvidence): EntranceGroup[] {
  const groups = new Map<string, EntranceGroup>();
  for (const floor of evidence.floors) {
    for (const door of floor.entrances) {
      const group = groups.get(door.zone) ?? { zone: door.zone, floor, doors: [], arrivalsShare: null };
      group.doors.push(door);
      if (door.arrivalsShare !== null) group.arrivalsShare = (group.arrivalsShare ?? 0) + door.arrivalsShare;
      groups.set(door.zone, group);
    }
  }
  return [...groups.values()];
}

/** The entrance with the largest known share of arrivals (ties: the first listed); undefined when no share is known. */
export function busiestEntrance(groups: readonly EntranceGroup[]): EntranceGroup | undefined {
  let best: EntranceGroup | undefined;
  for (const g of groups) if (g.arrivalsShare !== null && (best === undefined || g.arrivalsShare > best.arrivalsShare!)) best = g;
  return best;
}
