export * from './hearth-error.js';
