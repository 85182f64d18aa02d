/**
 * Round axis and legend ranges for the report's charts and heatmap legends,
 * so a reader sees ticks like 0, 0.1, 0.2 rather than 0, 0.0925, 0.185.
 */

/** A scale from 0 to `max` with ticks every `step` (max is a whole number of steps). */
export interface NiceScale {
  max: number;
  step: number;
  ticks: number[];
}

/** The smallest of 1, 2, 2.5, 5 (times a power of ten) that is at least `value`. */
export function niceStep(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const fraction = value / power;
  const nice = [1, 2, 2.5, 5, 10].find((n) => fraction <= n * (1 + 1e-9))!;
  return nice * power;
}

/**
 * A scale from 0 covering `max` in about `steps` round steps; a non-positive
 * or non-finite max is taken as 1.
 */
export function niceScale(max: number, steps = 4): NiceScale {
  if (!(max > 0) || !Number.isFinite(max)) max = 1;
  const step = niceStep(max / steps);
  const count = Math.max(1, Math.ceil(max / step - 1e-9));
  const ticks = Array.from({ length: count + 1 }, (_, i) => roundTo(i * step, step));
  return { max: ticks[ticks.length - 1], step, ticks };
}

/** Removes floating-point noise from a multiple of `step` (0.30000000000000004 -> 0.3). */
function roundTo(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  return Number(value.toFixed(decimals));
}

/** A tick as printed: up to 2 decimals, no trailing zeros ("0", "0.25", "1.5", "20"). */
export function tickLabel(value: number): string {
  return String(Number(value.toFixed(2)));
}
