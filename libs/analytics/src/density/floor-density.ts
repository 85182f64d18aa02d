import { gridFrame, polygonRuns, zoneRaster } from './grid-frame.js';
import { findHotspots } from './hotspots.js';
import { binPoint, binSpread, smooth } from './kde.js';
import { kernelStencil } from './kernel.js';
import { resolveDensityOptions } from './options.js';
import type { FloorDensity, FloorDensityInput, FloorDensityOptions, FloorPoint } from './types.js';
import { resolveOccupancy } from './zone-occupancy.js';

/**
 * The density map of one floor over a window: where patrons congregate.
 *
 * The server reduces the window to plain means (each desk's share of open time
 * occupied, each headcount sensor's mean count, door-derived means for zones
 * without point sensors); this turns them into
 * - per-zone mean occupancy, density (people per m²) and utilisation (over
 *   capacity), null for zones no source covers;
 * - a kernel density surface in people per m² on a grid in the floor's metre
 *   frame, holding every person: sum × cellSize² is the floor's total occupancy;
 * - hot spots, clusters of cells well above the floor's typical density.
 *
 * Walls are not modelled: the kernel is only kept inside the floor's rectangle
 * (mass reaching past it is folded back, see `foldedShare`), so density can
 * bleed between neighbouring rooms within a bandwidth or so of their shared wall.
 */
export function computeFloorDensity(input: FloorDensityInput, options?: FloorDensityOptions): FloorDensity {
  const opts = resolveDensityOptions(options);
  const { floor } = input;
  const occupancy = resolveOccupancy(input);
  const frame = gridFrame(floor.size, opts.cellSize);
  const zoneRuns = floor.zones.map((zone) => polygonRuns(frame, zone.polygon));

  const bins = new Float64Array(frame.cols * frame.rows);
  for (const point of occupancy.points) binPoint(frame, bins, point.at, point.people);
  for (const spread of occupancy.spreads) binSpread(frame, bins, zoneRuns[spread.zone], spread.people, vertexMean(floor.zones[spread.zone].polygon));
  const { density, folded } = smooth(frame, bins, kernelStencil(opts.kernel, opts.bandwidth, opts.cellSize));

  const found = findHotspots(frame, density, occupancy.total, floor.zones, zoneRaster(frame, zoneRuns), { factor: opts.hotspotFactor, minDensity: opts.hotspotMinDensity });

  const values = new Float32Array(density);
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return {
    empty: occupancy.total === 0,
    totalOccupancy: occupancy.total,
    zones: occupancy.zones,
    grid: { cellSize: frame.cellSize, cols: frame.cols, rows: frame.rows, origin: [0, 0], values, max },
    foldedShare: occupancy.total > 0 ? folded / occupancy.total : 0,
    threshold: found.threshold,
    hotspots: found.hotspots,
    hotspotCells: found.labels,
  };
}

function vertexMean(polygon: readonly FloorPoint[]): FloorPoint {
  let x = 0;
  let y = 0;
  for (const p of polygon) [x, y] = [x + p[0], y + p[1]];
  return [x / polygon.length, y / polygon.length];
}
