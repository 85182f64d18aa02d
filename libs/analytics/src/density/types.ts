import type { ZoneCategory } from '@hearth/contracts';

/** A point in the floor's metre frame: origin at the plan's top-left corner, x right, y down. */
export type FloorPoint = readonly [x: number, y: number];

/** A zone of the floor, as the density map needs it. */
export interface DensityZone {
  key: string;
  name: string;
  category: ZoneCategory;
  /** Seats, or standing capacity for zones without seats; 0 means "not rated" and leaves utilisation null. */
  capacity: number;
  polygon: readonly FloorPoint[];
  /** Overrides the polygon's area, e.g. when the plan's outline includes walls or voids. */
  areaM2?: number;
}

export interface DensityFloor {
  size: { width: number; height: number };
  zones: readonly DensityZone[];
}

/** One desk's mean occupancy over the window: the share of open time it was occupied, in [0, 1]. */
export interface DeskSource {
  key?: string;
  position: FloorPoint;
  zone: string;
  occupancy: number;
}

/** One zone headcount sensor's mean count of people over the window. */
export interface HeadcountSource {
  key?: string;
  position: FloorPoint;
  zone: string;
  headcount: number;
}

/**
 * A zone's mean occupancy known only as a whole (for example derived from the
 * doors around it). With no position to anchor it, the people are spread evenly
 * over the zone's polygon.
 */
export interface ZoneLevelSource {
  zone: string;
  occupancy: number;
}

export interface FloorDensityInput {
  floor: DensityFloor;
  desks?: readonly DeskSource[];
  headcounts?: readonly HeadcountSource[];
  zoneValues?: readonly ZoneLevelSource[];
}

export type DensityKernel = 'gaussian' | 'epanechnikov';

export interface FloorDensityOptions {
  /** Grid cell edge in metres, from 0.5 to 2. Default 1. */
  cellSize?: number;
  /**
   * Kernel bandwidth in metres: the Gaussian's standard deviation (truncated at
   * 3 bandwidths), or the Epanechnikov kernel's radius. Default 2.5, roughly the
   * reach of a cluster of study tables.
   */
  bandwidth?: number;
  /** Default 'gaussian'. */
  kernel?: DensityKernel;
  /**
   * A cell is hot when its density reaches this many times the floor's mean
   * density over its occupied area. Default 3: a single person alone on a floor
   * still shows, but a lone desk far from a busy table does not.
   */
  hotspotFactor?: number;
  /** ...and at least this many people per m², so that a near-empty floor has no hot spots. Default 0.01 (one person per 100 m²). */
  hotspotMinDensity?: number;
}

/** What a zone's mean occupancy rests on. */
export type ZoneBasis = 'headcount' | 'zone-level' | 'desks';

export interface ZoneDensity {
  zone: string;
  name: string;
  category: ZoneCategory;
  capacity: number;
  areaM2: number;
  /** null when no source covers the zone (unknown, which is not the same as empty). */
  basis: ZoneBasis | null;
  /** Mean number of people over the window. */
  occupancy: number | null;
  /** People per m². */
  density: number | null;
  /** Occupancy over capacity; also null when the zone has no rated capacity. */
  utilisation: number | null;
}

/**
 * The continuous density surface in people per m², in the floor's metre frame.
 * Cell (col, row) covers [col·cellSize, (col+1)·cellSize) × [row·cellSize, (row+1)·cellSize);
 * `values[row * cols + col]`, row 0 along y = 0. Sum × cellSize² is the number of people.
 */
export interface DensityGrid {
  cellSize: number;
  cols: number;
  rows: number;
  origin: [0, 0];
  values: Float32Array;
  max: number;
}

export interface HotspotZoneShare {
  zone: string;
  name: string;
  /** Share of the hot spot's people whose cells lie in this zone. */
  share: number;
}

/** A cluster of connected high-density cells: where patrons congregate. */
export interface Hotspot {
  /** 'hotspot-1' is the hot spot with the most people. */
  id: string;
  /** Density-weighted centre, in metres. */
  centroid: [number, number];
  areaM2: number;
  peakDensity: number;
  /** Centre of the densest cell, in metres. */
  peakAt: [number, number];
  /** People within the hot spot's cells (the integral of the density over them). */
  people: number;
  /** people over the floor's total occupancy. */
  share: number;
  /** Zones under the hot spot, largest share first; cells outside every zone are not listed, so shares can sum below 1. */
  zones: HotspotZoneShare[];
}

export interface HotspotThreshold {
  /** The density a cell must reach to be hot, people per m². */
  density: number;
  /** Total people over the area of cells with any density. */
  meanOccupiedDensity: number;
  occupiedAreaM2: number;
}

export interface FloorDensity {
  /** True when nobody is on the floor: no sources, or every source reports nobody. */
  empty: boolean;
  /** Mean number of people on the floor over the window, the sum over all sources. */
  totalOccupancy: number;
  zones: ZoneDensity[];
  grid: DensityGrid;
  /**
   * Share of the kernel mass that spilled past the floor's edges and was folded
   * back inside (each source's kernel is renormalised over the floor), so the
   * grid still holds every person.
   */
  foldedShare: number;
  threshold: HotspotThreshold;
  hotspots: Hotspot[];
  /** Per grid cell: 0, or n for the cell belonging to `hotspot-n`. */
  hotspotCells: Int32Array;
}
