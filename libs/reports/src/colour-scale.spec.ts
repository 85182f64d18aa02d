import { colourAt, DENSITY_STOPS, DensityScale, luminance, toHex } from './colour-scale.js';

describe('density colour scale', () => {
  it('runs from the first stop to the last, interpolating between stops', () => {
    expect(colourAt(0)).toEqual(DENSITY_STOPS[0]);
    expect(colourAt(1)).toEqual(DENSITY_STOPS[4]);
    expect(colourAt(-3)).toEqual(DENSITY_STOPS[0]);
    expect(colourAt(0.25)).toEqual(DENSITY_STOPS[1]);
    // Halfway between [255, 244, 200] and [253, 208, 120].
    expect(colourAt(0.125)).toEqual([254, 226, 160]);
  });

  it('gets darker all the way, so order survives greyscale printing', () => {
    const samples = Array.from({ length: 41 }, (_, i) => luminance(colourAt(i / 40)));
    for (let i = 1; i < samples.length; i++) expect(samples[i]).toBeLessThan(samples[i - 1]);
    // The palest colour still differs from white paper.
    expect(luminance(colourAt(0))).toBeLessThan(0.95);
  });

  it('writes colours as #rrggbb', () => {
    expect(toHex([255, 8, 171])).toBe('#ff08ab');
  });

  it('cuts a round range into levels and leaves empty cells unpainted', () => {
    const scale = new DensityScale(0.37, 4);
    expect(scale.range.max).toBe(0.4);
    expect(scale.colours).toEqual([toHex(colourAt(0)), toHex(colourAt(1 / 3)), toHex(colourAt(2 / 3)), toHex(colourAt(1))]);
    // Levels of width 0.1: [0, 0.1), [0.1, 0.2), [0.2, 0.3), [0.3, 0.4]; the top is clamped.
    expect([0.05, 0.1, 0.29, 0.37, 0.4, 9].map((v) => scale.level(v))).toEqual([0, 1, 2, 3, 3, 3]);
    expect([0, -1, Number.NaN].map((v) => scale.level(v))).toEqual([-1, -1, -1]);
  });
});
