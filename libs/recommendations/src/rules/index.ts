export { crowdingRule } from './crowding.js';
export { behaviourRule } from './behaviour.js';
export { serviceDeskRule } from './service-points.js';
export { entranceRule } from './entrances.js';
export { powerAisleRule } from './power-aisle.js';
export { demandRule, typicalTimes } from './demand.js';
export { seatingMixRule } from './seating-mix.js';
export { comfortRule } from './comfort.js';
export { layoutChangeRule, type ChangeVerdict } from './layout-changes.js';
