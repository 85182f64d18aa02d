export * from './site.entity.js';
export * from './site-period.entity.js';
export * from './floor.entity.js';
export * from './zone.entity.js';
export * from './sensor.entity.js';
