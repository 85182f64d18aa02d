/**
 * A tiny seeded pseudo-random generator (mulberry32) for k-means++ seeding.
 * Clustering must give the same personas for the same data, so randomness
 * here is always drawn from a fixed seed, never from Math.random.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
