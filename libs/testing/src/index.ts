export * from './test-services.js';
export * from './dedicated-broker.js';
export * from './mqtt-load.js';
export * from './hearth-process.js';
export * from './tcp-proxy.js';
export * from './test-auth.js';
export * from './fault-scale.js';
