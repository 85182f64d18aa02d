import { approxBytes, RollupCache } from './rollup-cache.js';
import type { SiteModel } from './site-model.service.js';

const model = (version = 'v1') => ({ file: { site: { id: 'riverside' } }, version }) as unknown as SiteModel;
const week = { from: Date.UTC(2026, 10, 9), to: Date.UTC(2026, 10, 16) };

/** A cache whose stamp is whatever `stamp.value` holds, counting computations. */
function setup(opts: { maxEntries: number; maxSize?: number } = { maxEntries: 8 }) {
  const stamp = { value: '7@t1' };
  const cache = new RollupCache<{ n: number; bytes: number }>(async () => stamp.value, { ...opts, sizeOf: (v) => v.bytes });
  let computed = 0;
  const compute = (bytes = 10) => async () => ({ n: ++computed, bytes });
  return { stamp, cache, compute, computed: () => computed };
}

describe('RollupCache', () => {
  it('answers again while the stamp of the window is unchanged, and computes afresh once it moves', async () => {
    const { stamp, cache, compute, computed } = setup();
    expect(await cache.get(model(), week, 'occupancy', compute())).toEqual({ n: 1, bytes: 10 });
    expect(await cache.get(model(), week, 'occupancy', compute())).toEqual({ n: 1, bytes: 10 });
    // A late reading re-rolled a day of the window.
    stamp.value = '7@t2';
    expect(await cache.get(model(), week, 'occupancy', compute())).toEqual({ n: 2, bytes: 10 });
    expect(computed()).toBe(2);
    expect(cache.stats()).toEqual({ entries: 1, size: 10 });
  });

  it('keeps answers apart by key, window and declaration', async () => {
    const { cache, compute, computed } = setup();
    await cache.get(model(), week, 'occupancy', compute());
    await cache.get(model(), week, 'patterns', compute());
    await cache.get(model(), { ...week, from: week.from + 86_400_000 }, 'occupancy', compute());
    await cache.get(model('v2'), week, 'occupancy', compute());
    expect(computed()).toBe(4);
  });

  it('shares one computation between concurrent requests and forgets a failed one', async () => {
    const { cache, compute, computed } = setup();
    const [a, b] = await Promise.all([cache.get(model(), week, 'k', compute()), cache.get(model(), week, 'k', compute())]);
    expect(a).toBe(b);
    expect(computed()).toBe(1);
    await expect(cache.get(model(), week, 'bad', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    await Promise.resolve();
    expect(await cache.get(model(), week, 'bad', compute())).toMatchObject({ n: 2 });
  });

  it('lets the least recently used answers go beyond its entry and size limits', async () => {
    const { cache, compute, computed } = setup({ maxEntries: 2, maxSize: 100 });
    await cache.get(model(), week, 'a', compute(40));
    await cache.get(model(), week, 'b', compute(40));
    await cache.get(model(), week, 'a', compute(40)); // a is now the most recent
    await cache.get(model(), week, 'c', compute(40)); // over two entries: b goes
    expect(computed()).toBe(3);
    await cache.get(model(), week, 'a', compute(40));
    expect(computed()).toBe(3);
    await cache.get(model(), week, 'b', compute(40));
    expect(computed()).toBe(4);
    // One answer over the size limit pushes out all the others, and stays while it is the only one.
    await cache.get(model(), week, 'huge', compute(500));
    await Promise.resolve();
    expect(cache.stats()).toEqual({ entries: 1, size: 500 });
  });

  it('with no entries allowed, computes every time', async () => {
    const { cache, compute, computed } = setup({ maxEntries: 0 });
    await cache.get(model(), week, 'a', compute());
    await cache.get(model(), week, 'a', compute());
    expect(computed()).toBe(2);
    expect(cache.stats()).toEqual({ entries: 0, size: 0 });
  });
});

describe('approxBytes', () => {
  it('counts objects, arrays, numbers and strings', () => {
    // Object 16 + key 8 + array (16 + 2 × (8 + 8)) ; key 8 + string 16 + 2 × 3.
    expect(approxBytes({ a: [1, 2], b: 'abc' })).toBe(16 + 8 + (16 + 2 * 16) + 8 + (16 + 6));
    expect(approxBytes(new Float64Array(4))).toBe(16 + 32);
  });
});
