export * from './calendar/site-calendar.js';
export * from './sessions/desk-sessions.js';
export * from './buckets.js';
