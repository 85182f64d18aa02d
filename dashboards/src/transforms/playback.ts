/** Frames for playback: per 15-minute bucket, each zone's mean occupancy (null where a zone has no point). */

export interface OccupancyResponse {
  empty: boolean;
  reason?: string;
  zones?: { zone: string; points: { start: string; mean: number }[] }[];
}

export interface Frame {
  start: number;
  zones: Map<string, number | null>;
}

export function playbackFrames(history: OccupancyResponse, zones: string[]): Frame[] {
  if (history.empty || !history.zones) return [];
  const starts = new Set<number>();
  const byZone = new Map<string, Map<number, number>>();
  for (const z of history.zones) {
    const points = new Map<number, number>();
    for (const p of z.points) {
      const t = Date.parse(p.start);
      starts.add(t);
      points.set(t, p.mean);
    }
    byZone.set(z.zone, points);
  }
  return [...starts]
    .sort((a, b) => a - b)
    .map((start) => ({ start, zones: new Map(zones.map((z) => [z, byZone.get(z)?.get(start) ?? null])) }));
}
