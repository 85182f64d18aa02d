import { niceScale, type NiceScale } from './nice-scale.js';

/** An sRGB colour, 0..255 per channel. */
export type Rgb = [number, number, number];

/**
 * Stops of the density scale, pale to dark: cream, amber, orange, brick red,
 * deep wine. Lightness falls at every step so the order survives greyscale
 * printing and the common colour-vision deficiencies, and the palest colour
 * still stands apart from the white paper (white means nobody was there).
 */
export const DENSITY_STOPS: readonly Rgb[] = [
  [255, 244, 200],
  [253, 208, 120],
  [246, 152, 72],
  [216, 72, 56],
  [122, 22, 58],
];

/** The colour at `t` (0..1, clamped) along the density stops, linearly interpolated. */
export function colourAt(t: number): Rgb {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (DENSITY_STOPS.length - 1);
  const i = Math.min(DENSITY_STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [DENSITY_STOPS[i], DENSITY_STOPS[i + 1]];
  return [0, 1, 2].map((c) => Math.round(a[c] + (b[c] - a[c]) * f)) as Rgb;
}

/** "#rrggbb", the form pdfkit takes. */
export function toHex([r, g, b]: Rgb): string {
  return '#' + [r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('');
}

/** Relative luminance (WCAG), 0 = black .. 1 = white: to pick readable text and to test the scale's order. */
export function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/**
 * The density scale of a report: people per m² from 0 to a round maximum,
 * cut into `levels` evenly spaced colours. Drawing by level lets the heatmap
 * fill every cell of one colour in a single path, which keeps a 0.5 m grid of
 * a large floor small and fast; 24 levels look continuous on paper.
 */
export class DensityScale {
  readonly range: NiceScale;
  readonly colours: string[];

  constructor(
    max: number,
    readonly levels = 24,
  ) {
    this.range = niceScale(max, 4);
    this.colours = Array.from({ length: levels }, (_, i) => toHex(colourAt(levels === 1 ? 1 : i / (levels - 1))));
  }

  /** The colour level of a density, or -1 to leave the cell unpainted (nobody there, or no value). */
  level(value: number): number {
    if (!(value > 0)) return -1;
    return Math.min(this.levels - 1, Math.floor((value / this.range.max) * this.levels));
  }
}
