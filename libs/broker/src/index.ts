export * from './embedded-broker.js';
export * from './broker-access.js';
export * from './mqtt-access.js';
export * from './mosquitto-files.js';
