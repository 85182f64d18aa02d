export { computeFloorDensity } from './floor-density.js';
export { hotspotsGeoJson, type HotspotFeatureCollection, type HotspotFeatureProperties, type HotspotShape } from './geojson.js';
export { DEFAULT_DENSITY_OPTIONS, MAX_BANDWIDTH_M, MAX_CELL_SIZE_M, MIN_CELL_SIZE_M } from './options.js';
export { GAUSSIAN_TRUNCATION } from './kernel.js';
export type {
  DensityFloor,
  DensityGrid,
  DensityKernel,
  DensityZone,
  DeskSource,
  FloorDensity,
  FloorDensityInput,
  FloorDensityOptions,
  FloorPoint,
  HeadcountSource,
  Hotspot,
  HotspotThreshold,
  HotspotZoneShare,
  ZoneBasis,
  ZoneDensity,
  ZoneLevelSource,
} from './types.js';
