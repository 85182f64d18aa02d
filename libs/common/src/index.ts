export * from './hearth-error.js';
export * from './openapi.js';
export * from './text.js';
