import type { ZoneBucket } from '../buckets.js';
import { mergeBuckets } from './merge-buckets.js';
import { nov, QUARTER } from './test-sites.js';

const b = (zone: string, quarter: number, mean: number): ZoneBucket => ({ zone, start: nov(23, 9) + quarter * QUARTER, mean, peak: mean, arrivals: 0, departures: 0, coveredMs: QUARTER });
const show = (buckets: ZoneBucket[]) => buckets.map((x) => `${x.zone}@${(x.start - nov(23, 9)) / QUARTER}=${x.mean}`);

describe('mergeBuckets', () => {
  // A rollup of quarters 0-3 (09:00-10:00) for two zones.
  const existing = [0, 1, 2, 3].flatMap((q) => [b('cafe', q, 1), b('hall', q, 1)]);
  const window = { from: nov(23, 9) + QUARTER, to: nov(23, 9) + 3 * QUARTER }; // quarters 1 and 2

  it('replaces the recomputed zone\'s buckets inside the window and keeps everything else', () => {
    // The cafe was recomputed for quarters 1-2: quarter 1 changed, quarter 2 lost its data.
    const merged = mergeBuckets(existing, [b('cafe', 1, 5)], window);
    expect(show(merged)).toEqual(['cafe@0=1', 'cafe@1=5', 'cafe@3=1', 'hall@0=1', 'hall@1=1', 'hall@2=1', 'hall@3=1']);
  });

  it('merging the same recomputation twice changes nothing, whatever order the rollup was in', () => {
    const once = mergeBuckets(existing, [b('cafe', 1, 5), b('cafe', 2, 4)], window);
    expect(mergeBuckets([...once].reverse(), [b('cafe', 2, 4), b('cafe', 1, 5)], window)).toEqual(once);
  });

  it('clears a recomputed zone that came out empty when it is named, and ignores recomputed buckets outside the window', () => {
    const merged = mergeBuckets(existing, [b('cafe', 0, 9), b('cafe', 3, 9)], { ...window, zones: ['cafe', 'hall'] });
    expect(show(merged)).toEqual(['cafe@0=1', 'cafe@3=1', 'hall@0=1', 'hall@3=1']);
  });
});
