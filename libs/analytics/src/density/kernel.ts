import type { DensityKernel } from './types.js';

/** The Gaussian kernel is cut off this many bandwidths from the source. */
export const GAUSSIAN_TRUNCATION = 3;

/**
 * A one-dimensional kernel sampled at whole-cell offsets -radius..radius,
 * computed once per map. The map's two-dimensional kernel is the product of
 * this one along x and along y, which lets the surface be smoothed one axis
 * at a time (cost: cells × stencil width, whatever the number of sources):
 * - Gaussian: the product of two 1-D Gaussians is exactly the round 2-D
 *   Gaussian; truncating each axis at 3 bandwidths keeps 99.5 % of its mass;
 * - Epanechnikov: the product form (1 - x²/h²)(1 - y²/h²), with square support
 *   of half-width h, the usual multivariate choice.
 * The weights sum to 1, normalised in cells rather than by the formula, so a
 * source carries exactly its people whatever the cell size.
 */
export interface KernelStencil {
  radius: number;
  weights: Float64Array;
}

export function kernelStencil(kernel: DensityKernel, bandwidth: number, cellSize: number): KernelStencil {
  const reach = kernel === 'gaussian' ? GAUSSIAN_TRUNCATION * bandwidth : bandwidth;
  const radius = Math.floor(reach / cellSize);
  const weights = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    const u = (k * cellSize) / bandwidth;
    const w = kernel === 'gaussian' ? Math.exp(-(u * u) / 2) : Math.max(0, 1 - u * u);
    weights[k + radius] = w;
    sum += w;
  }
  for (let i = 0; i < weights.length; i++) weights[i] /= sum;
  return { radius, weights };
}
