export * from './data-source.js';
export * from './embedded-postgres.js';
export * from './entities.js';
export * from './migrations/index.js';
