export { deskBuckets, type DeskBucketOptions } from './desk-buckets.js';
export { deskCoverage, DEFAULT_HEARTBEAT_MS, type CoverageSegment, type DeskCoverageOptions, type DeskSignal } from './desk-coverage.js';
export { headcountBuckets, DEFAULT_HEADCOUNT_STALE_MS, type HeadcountOptions, type HeadcountReading } from './headcount-buckets.js';
export { doorOccupancy, BUILDING_AREA, type DoorDrift, type DoorOccupancy, type DoorOccupancyOptions, type DoorReading, type DoorSides } from './door-occupancy.js';
export { mergeBuckets, type MergeWindow } from './merge-buckets.js';
export type { OccupancyWindow } from './window.js';
