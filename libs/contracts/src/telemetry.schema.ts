import { z } from 'zod';

/**
 * The native MQTT / HTTP contract. Topic `hearth/v1/<site>/<sensor>`, payload
 * one JSON object or an array of them (a batch), at most 64 KB.
 */
export const TOPIC_ROOT = 'hearth/v1';
export const MAX_PAYLOAD_BYTES = 64 * 1024;

export const sensorTopic = (site: string, sensor: string): string => `${TOPIC_ROOT}/${site}/${sensor}`;

/** Splits `hearth/v1/<site>/<sensor>`; null for any other topic. */
export function parseSensorTopic(topic: string): { site: string; sensor: string } | null {
  const parts = topic.split('/');
  if (parts.length !== 4 || `${parts[0]}/${parts[1]}` !== TOPIC_ROOT || !parts[2] || !parts[3]) return null;
  return { site: parts[2], sensor: parts[3] };
}

/**
 * An ISO-8601 time with its offset. ISO 8601 allows offsets to ±23:59; a
 * reading's is held to ±15:59, the widest PostgreSQL stores (no place on
 * Earth is further than +14:00 from UTC), so a device's impossible offset is
 * refused here with a reason instead of by the database.
 */
const ts = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 time with an offset, e.g. 2026-11-22T10:15:00Z' })
  .refine((s) => !/[+-](1[6-9]|2\d):\d\d$/.test(s), { message: 'the offset must be within ±15:59' });
const count = z.number().int().min(0).max(1_000_000);
const common = {
  ts,
  seq: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  channel: z.string().min(1).max(64).optional(),
};

export const doorDeltaSchema = z.strictObject({ type: z.literal('door'), ...common, in: count, out: count });
export const doorTotalSchema = z.strictObject({
  type: z.literal('door'),
  ...common,
  inTotal: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  outTotal: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export const deskSchema = z.strictObject({ type: z.literal('desk'), ...common, occupied: z.boolean() });
export const zoneCountSchema = z.strictObject({ type: z.literal('zone'), ...common, count });
export const heartbeatSchema = z.strictObject({ type: z.literal('heartbeat'), ...common, battery: z.number().min(0).max(100).optional() });

export const sensorMessageSchema = z.union([doorDeltaSchema, doorTotalSchema, deskSchema, zoneCountSchema, heartbeatSchema]);
export type SensorMessage = z.infer<typeof sensorMessageSchema>;
export type DoorDeltaMessage = z.infer<typeof doorDeltaSchema>;
export type DoorTotalMessage = z.infer<typeof doorTotalSchema>;
export type DeskMessage = z.infer<typeof deskSchema>;
export type ZoneCountMessage = z.infer<typeof zoneCountSchema>;
export type HeartbeatMessage = z.infer<typeof heartbeatSchema>;
