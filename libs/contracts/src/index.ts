export * from './site-file.schema.js';
export * from './telemetry.schema.js';
