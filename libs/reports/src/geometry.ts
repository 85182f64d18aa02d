/**
 * Plane geometry on zone polygons (metres in the floor's frame), shared by the
 * PDF floor drawings and the GeoJSON export.
 */

export type Point = [number, number];

/** The ring without a repeated closing point (site files may or may not repeat the first point at the end). */
export function openRing(polygon: readonly Point[]): Point[] {
  const ring = polygon.map(([x, y]) => [x, y] as Point);
  while (ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]) ring.pop();
  return ring;
}

/**
 * Shoelace area: positive when the points turn counter-clockwise with y
 * pointing up (as in RFC 7946), which on a y-down floor plan looks clockwise.
 */
export function signedArea(polygon: readonly Point[]): number {
  const ring = openRing(polygon);
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    twice += x1 * y2 - x2 * y1;
  }
  return twice / 2;
}

/** Area centroid; the mean of the vertices for a degenerate (zero-area) ring. */
export function centroid(polygon: readonly Point[]): Point {
  const ring = openRing(polygon);
  const area = signedArea(ring);
  if (Math.abs(area) < 1e-9) {
    const n = Math.max(1, ring.length);
    return [ring.reduce((s, p) => s + p[0], 0) / n, ring.reduce((s, p) => s + p[1], 0) / n];
  }
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    const cross = x1 * y2 - x2 * y1;
    cx += (x1 + x2) * cross;
    cy += (y1 + y2) * cross;
  }
  return [cx / (6 * area), cy / (6 * area)];
}

/** Even-odd test: whether the point is inside the ring. */
export function contains(polygon: readonly Point[], [px, py]: Point): boolean {
  const ring = openRing(polygon);
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Smallest axis-aligned box around the ring: [minX, minY, maxX, maxY]. */
export function bounds(polygon: readonly Point[]): [number, number, number, number] {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * Where to write a zone's name: its centroid when that lies inside (rooms,
 * most shapes), otherwise the middle of the widest inside stretch on the
 * horizontal line through the centroid (an L-shaped zone's centroid can fall
 * outside it).
 */
export function labelPoint(polygon: readonly Point[]): Point {
  const ring = openRing(polygon);
  const c = centroid(ring);
  if (ring.length < 3 || contains(ring, c)) return c;
  const [, minY, , maxY] = bounds(ring);
  // Try the centroid's line first, then lines above and below it.
  for (const dy of [0, 0.25, -0.25, 0.5, -0.5, 0.75, -0.75]) {
    const y = c[1] + dy * (maxY - minY) * 0.5;
    const xs: number[] = [];
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
    }
    xs.sort((a, b) => a - b);
    let best: Point | null = null;
    let width = 0;
    for (let k = 0; k + 1 < xs.length; k += 2) {
      if (xs[k + 1] - xs[k] > width) {
        width = xs[k + 1] - xs[k];
        best = [(xs[k] + xs[k + 1]) / 2, y];
      }
    }
    if (best) return best;
  }
  return c;
}
