/** The MQTT broker URL the ingest role connects to (the configured one, or the embedded broker's). */
export const BROKER_URL = Symbol('BROKER_URL');
/** The PostgreSQL URL (the configured one, or the embedded server's); the ingest writer thread opens its own connections. */
export const DATABASE_URL = Symbol('DATABASE_URL');
