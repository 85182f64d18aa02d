import { TokenBuckets } from './token-bucket.js';

describe('TokenBuckets', () => {
  it('takes a burst of `capacity`, then refuses until tokens refill', () => {
    const b = new TokenBuckets(3, 60);
    const t = 1_000_000;
    expect([b.take('riverside', t), b.take('riverside', t), b.take('riverside', t), b.take('riverside', t)]).toEqual([true, true, true, false]);
    // 60 a minute: one per second.
    expect(b.take('riverside', t + 500)).toBe(false);
    expect(b.take('riverside', t + 1_500)).toBe(true);
    expect(b.take('riverside', t + 1_600)).toBe(false);
  });

  it('keeps sites apart and never holds more than its capacity', () => {
    const b = new TokenBuckets(2, 60);
    expect([b.take('a', 0), b.take('a', 0), b.take('a', 0)]).toEqual([true, true, false]);
    expect(b.take('b', 0)).toBe(true);
    // An hour later the bucket is full again, with 2 tokens, not 60.
    const later = 3_600_000;
    expect([b.take('a', later), b.take('a', later), b.take('a', later)]).toEqual([true, true, false]);
  });

  it('forgets full buckets rather than growing without bound', () => {
    const b = new TokenBuckets(1, 60, 3);
    for (const k of ['a', 'b', 'c']) b.take(k, 0);
    expect(b.size).toBe(3);
    // A minute on, all three are full again: a fourth key makes room by forgetting them, and their state is as new.
    b.take('d', 60_000);
    expect(b.size).toBe(1);
    expect(b.take('a', 60_000)).toBe(true);
    expect(b.take('a', 60_000)).toBe(false);
  });
});
