import type { DensityFloor, DeskSource, FloorPoint } from './types.js';

/** Test floor: 60 x 40 m, split into a west and an east half of 20 seats each. */
export const halvesFloor: DensityFloor = {
  size: { width: 60, height: 40 },
  zones: [
    { key: 'west', name: 'West Study', category: 'quiet_study', capacity: 20, polygon: [[0, 0], [30, 0], [30, 40], [0, 40]] },
    { key: 'east', name: 'East Study', category: 'quiet_study', capacity: 20, polygon: [[30, 0], [60, 0], [60, 40], [30, 40]] },
  ],
};

/** A desk on `halvesFloor`, in the half its position lies in. */
export const desk = (position: FloorPoint, occupancy = 1): DeskSource => ({ position, zone: position[0] < 30 ? 'west' : 'east', occupancy });

/** Peak of a 2-D Gaussian holding one person: 1 / (2π σ²), with σ = 2.5 m: 0.025465 people/m². */
export const GAUSSIAN_PEAK = 1 / (2 * Math.PI * 2.5 * 2.5);
