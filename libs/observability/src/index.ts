export * from './metrics.service.js';
export * from './observability.module.js';
export * from './readiness.js';
