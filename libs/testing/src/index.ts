export * from './test-services.js';
export * from './dedicated-broker.js';
