export * from './calendar/site-calendar.js';
export * from './sessions/desk-sessions.js';
export * from './buckets.js';
export * from './occupancy/index.js';
export * from './forecast/index.js';
export * from './density/index.js';
export * from './metrics/index.js';
export * from './profiles/index.js';
