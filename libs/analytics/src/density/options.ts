import type { DensityKernel, FloorDensityOptions } from './types.js';

export const MIN_CELL_SIZE_M = 0.5;
export const MAX_CELL_SIZE_M = 2;
export const MAX_BANDWIDTH_M = 20;

export const DEFAULT_DENSITY_OPTIONS = {
  cellSize: 1,
  bandwidth: 2.5,
  kernel: 'gaussian',
  hotspotFactor: 3,
  hotspotMinDensity: 0.01,
} as const satisfies Required<FloorDensityOptions>;

export interface ResolvedDensityOptions {
  cellSize: number;
  bandwidth: number;
  kernel: DensityKernel;
  hotspotFactor: number;
  hotspotMinDensity: number;
}

/** Fills in defaults and rejects settings the map cannot honour, with a RangeError naming the setting. */
export function resolveDensityOptions(options: FloorDensityOptions = {}): ResolvedDensityOptions {
  const o = { ...DEFAULT_DENSITY_OPTIONS, ...definedOnly(options) };
  if (!(Number.isFinite(o.cellSize) && o.cellSize >= MIN_CELL_SIZE_M && o.cellSize <= MAX_CELL_SIZE_M))
    throw new RangeError(`cellSize must be between ${MIN_CELL_SIZE_M} and ${MAX_CELL_SIZE_M} m, got ${o.cellSize}`);
  if (!(Number.isFinite(o.bandwidth) && o.bandwidth > 0 && o.bandwidth <= MAX_BANDWIDTH_M))
    throw new RangeError(`bandwidth must be more than 0 and at most ${MAX_BANDWIDTH_M} m, got ${o.bandwidth}`);
  if (o.kernel !== 'gaussian' && o.kernel !== 'epanechnikov') throw new RangeError(`kernel must be "gaussian" or "epanechnikov", got ${String(o.kernel)}`);
  if (!(Number.isFinite(o.hotspotFactor) && o.hotspotFactor >= 0)) throw new RangeError(`hotspotFactor must be a number >= 0, got ${o.hotspotFactor}`);
  if (!(Number.isFinite(o.hotspotMinDensity) && o.hotspotMinDensity > 0))
    throw new RangeError(`hotspotMinDensity must be a number of people per m² > 0, got ${o.hotspotMinDensity}`);
  return o;
}

function definedOnly(options: FloorDensityOptions): FloorDensityOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}
