/** The MQTT broker URL the ingest role connects to (the configured one, or the embedded broker's). */
export const BROKER_URL = Symbol('BROKER_URL');
