import { deskSchema, doorDeltaSchema, doorTotalSchema, heartbeatSchema, zoneCountSchema, type SensorMessage } from '@hearth/contracts';
import { fastValidate } from './fast-validate.js';

export type DecodeFailure = {
  reason: 'too_large' | 'invalid_json' | 'schema' | 'empty_batch' | 'stale_timestamp' | 'future_timestamp' | 'unknown_topic' | 'adapter_rejected' | 'no_adapter' | 'no_decoded_payload';
  detail: string;
  index?: number;
};
export interface Decoded {
  messages: SensorMessage[];
  /** Each message's position in the payload (a batch may have lost items before it). */
  indexes: number[];
  failures: DecodeFailure[];
}

/**
 * Parses one payload of the native contract: an object or a batch (array).
 * Valid items of a batch are kept even when others fail; each failure says
 * which item and why. Payloads over the size limit never get here: HTTP
 * answers 413 and the spool keeps only their first bytes, as a dead letter.
 */
export function decodePayload(payload: Buffer): Decoded {
  let data: unknown;
  try {
    data = JSON.parse(payload.toString('utf8'));
  } catch (e) {
    return { messages: [], indexes: [], failures: [{ reason: 'invalid_json', detail: (e as Error).message }] };
  }
  const items = Array.isArray(data) ? data : [data];
  if (items.length === 0) return { messages: [], indexes: [], failures: [{ reason: 'empty_batch', detail: 'the batch holds no messages' }] };
  const messages: SensorMessage[] = [];
  const indexes: number[] = [];
  const failures: DecodeFailure[] = [];
  items.forEach((item, index) => {
    const fast = fastValidate(item);
    if (fast) {
      messages.push(fast);
      indexes.push(index);
      return;
    }
    const failed = (detail: string) => failures.push({ reason: 'schema', index: Array.isArray(data) ? index : undefined, detail });
    const schema = schemaFor(item);
    if (!schema) return failed('"type" must be one of door, desk, zone, heartbeat');
    const parsed = schema.safeParse(item);
    if (parsed.success) {
      messages.push(parsed.data);
      indexes.push(index);
    } else failed(describe(parsed.error.issues));
  });
  return { messages, indexes, failures };
}

/**
 * The one schema of the contract that can accept the item, chosen by its
 * type (and, for a door, by whether it carries deltas or totals): the union
 * of all five accepts exactly what this one does, since the schemas are
 * strict, but trying each costs more than ten times as much and its
 * complaints are about the other types. Undefined when the type is none of
 * the contract's.
 */
function schemaFor(item: unknown) {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
  const m = item as Record<string, unknown>;
  switch (m.type) {
    case 'desk':
      return deskSchema;
    case 'zone':
      return zoneCountSchema;
    case 'heartbeat':
      return heartbeatSchema;
    case 'door':
      return Object.hasOwn(m, 'in') || Object.hasOwn(m, 'out') ? doorDeltaSchema : doorTotalSchema;
    default:
      return undefined;
  }
}

function describe(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(message)'}: ${i.message}`)
    .join('; ');
}

/** The quarantine window of the configuration, in milliseconds. */
export function quarantineLimits(ingest: { maxAgeHours: number; maxFutureMinutes: number }): { maxAgeMs: number; maxFutureMs: number } {
  return { maxAgeMs: ingest.maxAgeHours * 3600_000, maxFutureMs: ingest.maxFutureMinutes * 60_000 };
}

/**
 * Timestamps far from the time of receipt are quarantined: a sensor with a
 * wrong clock must not write into last month's (or next year's) figures.
 * Bulk history goes through the import, not through live ingestion.
 */
export function quarantine(decoded: Decoded, receivedAt: number, limits: { maxAgeMs: number; maxFutureMs: number }): { accepted: SensorMessage[]; failures: DecodeFailure[] } {
  const failures = [...decoded.failures];
  const accepted: SensorMessage[] = [];
  decoded.messages.forEach((m, i) => {
    const index = decoded.indexes[i];
    const at = Date.parse(m.ts);
    if (at < receivedAt - limits.maxAgeMs) failures.push({ reason: 'stale_timestamp', index, detail: `ts ${m.ts} is more than ${Math.round(limits.maxAgeMs / 3600_000)} h before it was received` });
    else if (at > receivedAt + limits.maxFutureMs) failures.push({ reason: 'future_timestamp', index, detail: `ts ${m.ts} is more than ${Math.round(limits.maxFutureMs / 60_000)} min after it was received` });
    else accepted.push(m);
  });
  failures.sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
  return { accepted, failures };
}
