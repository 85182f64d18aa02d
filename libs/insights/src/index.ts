export * from './insights.module.js';
export * from './rollup/rollup.service.js';
export * from './site-model.service.js';
export * from './poll/poll.service.js';
export * from './advice/advice.service.js';
export * from './advice/report-schedule.service.js';
export * from './small-counts.js';
