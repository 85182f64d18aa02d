/**
 * Token buckets per key (a site), in this process's memory: each holds up to
 * `capacity` tokens and refills at `perMinute` tokens a minute. It guards the
 * public poll against a flood of answers without knowing who sends them: the
 * key is the site, never an address or anything else about a person, and
 * nothing is kept beyond a count and a time per site.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly capacity: number,
    perMinute: number,
    /** Buckets kept at most; full ones are forgotten first (a full bucket is the same as none). */
    private readonly maxKeys = 10_000,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes a token for `key` at `now`: true if there was one, false if the bucket is empty. */
  take(key: string, now = Date.now()): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + Math.max(0, now - bucket.at) * this.perMs);
    bucket.at = now;
    if (!this.buckets.has(key)) {
      if (this.buckets.size >= this.maxKeys) this.forgetFull(now);
      this.buckets.set(key, bucket);
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** How many keys are tracked. */
  get size(): number {
    return this.buckets.size;
  }

  private forgetFull(now: number): void {
    for (const [key, b] of this.buckets) if (b.tokens + (now - b.at) * this.perMs >= this.capacity) this.buckets.delete(key);
    // Still too many (a flood across keys): start again rather than grow without bound.
    if (this.buckets.size >= this.maxKeys) this.buckets.clear();
  }
}
