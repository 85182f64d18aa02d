export * from './insights.module.js';
export * from './rollup/rollup.service.js';
export * from './site-model.service.js';
