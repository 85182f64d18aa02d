export * from './raw-event.entity.js';
export * from './dead-letter.entity.js';
export * from './device-token.entity.js';
