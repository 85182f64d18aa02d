/**
 * Quantiles by linear interpolation between closest ranks (the method of
 * PERCENTILE.INC in spreadsheets, so planners can check a figure by hand):
 * for n sorted values the q-quantile sits at position q × (n − 1), counted
 * from 0, interpolating between the neighbours. The median of 10 values is
 * the mean of the 5th and 6th; their p90 is the 9th plus 0.1 × (10th − 9th).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}
