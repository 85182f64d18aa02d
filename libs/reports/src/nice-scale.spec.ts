import { niceScale, niceStep, tickLabel } from './nice-scale.js';

describe('niceScale', () => {
  it('rounds steps up to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect([0.0925, 0.3, 0.55, 2.2, 65.3, 250].map(niceStep)).toEqual([0.1, 0.5, 1, 2.5, 100, 250]);
  });

  it('covers the maximum in round steps from 0', () => {
    // 0.37 / 4 = 0.0925 -> steps of 0.1 up to 0.4.
    expect(niceScale(0.37)).toEqual({ max: 0.4, step: 0.1, ticks: [0, 0.1, 0.2, 0.3, 0.4] });
    // 1.2 / 4 = 0.3 -> steps of 0.5 up to 1.5.
    expect(niceScale(1.2)).toEqual({ max: 1.5, step: 0.5, ticks: [0, 0.5, 1, 1.5] });
    // 196 / 3 = 65.3 -> steps of 100 up to 200.
    expect(niceScale(196, 3)).toEqual({ max: 200, step: 100, ticks: [0, 100, 200] });
    // A maximum on a step is kept: 0.9 / 4 = 0.225 -> 0.25, but 0.9 needs 4 steps: 1.
    expect(niceScale(0.9).max).toBe(1);
  });

  it('gives 0..1 for nothing to show', () => {
    const unit = { max: 1, step: 0.25, ticks: [0, 0.25, 0.5, 0.75, 1] };
    expect(niceScale(0)).toEqual(unit);
    expect(niceScale(Number.NaN)).toEqual(unit);
    expect(niceScale(Number.POSITIVE_INFINITY)).toEqual(unit);
  });

  it('prints ticks without float noise or trailing zeros', () => {
    expect([0, 0.25, 0.30000000000000004, 1.5, 20].map(tickLabel)).toEqual(['0', '0.25', '0.3', '1.5', '20']);
  });
});
