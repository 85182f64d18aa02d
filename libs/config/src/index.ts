export * from './env.schema.js';
export * from './hearth-config.js';
