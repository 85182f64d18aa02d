import type { Adapter, NormalisedEvent, Rejection } from '../types.js';
import { count, isoFromMs, isRecord, notShape, oneEventPerKey, rejection, result } from '../util.js';

const NAME = 'butlr';
const OCCUPANCY = /^(ROOM|ZONE|FLOOR)_OCCUPANCY(?:_1M|_1MIN)?$/;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** One webhook event to events, or why not. */
function read(e: unknown, i: number): NormalisedEvent | Rejection {
  if (!isRecord(e) || typeof e.type !== 'string') return rejection('shape', `Butlr event ${i + 1} has no type, so it was not kept: ${JSON.stringify(e)}`);
  const label = `Butlr ${e.type} event ${JSON.stringify(e.id ?? i + 1)}`;
  if (e.type === 'DETECTIONS') {
    return rejection('unsupported', `${label}: Hearth does not keep the positions of individual people, by design; remove DETECTIONS from the webhook's event types`);
  }
  const occupancy = OCCUPANCY.exec(e.type);
  if (e.type !== 'TRAFFIC' && !occupancy) {
    return rejection('unsupported', `${label}: Hearth reads TRAFFIC and ROOM/ZONE/FLOOR_OCCUPANCY events only; remove this type from the webhook`);
  }
  const ts = isoFromMs(e.timestamp);
  if (!ts) return rejection('time', `${label}: timestamp ${JSON.stringify(e.timestamp)} is not a time in epoch milliseconds, so it was not kept`);
  const meta = isRecord(e.metadata) ? e.metadata : {};
  const data = e.data;
  if (occupancy) {
    const idKey = `${occupancy[1].toLowerCase()}_id`;
    const device = text(meta[idKey]);
    const headcount = count(data);
    if (!device) return rejection('shape', `${label}: metadata.${idKey} is missing, so the headcount cannot be tied to a space`);
    if (headcount === undefined) return rejection('shape', `${label} for ${device}: data ${JSON.stringify(data)} is not a headcount, so it was not kept`);
    return { type: 'zone', device, channel: '', ts, count: headcount };
  }
  const device = text(meta.sensor_id) ?? text(meta.hive_serial);
  const inCount = isRecord(data) ? count(data.in) : undefined;
  const outCount = isRecord(data) ? count(data.out) : undefined;
  if (!device) return rejection('shape', `${label}: metadata names no sensor_id or hive_serial, so the counts cannot be tied to a sensor`);
  if (inCount === undefined || outCount === undefined) {
    return rejection('shape', `${label} from ${device}: data ${JSON.stringify(data)} does not hold whole in and out counts, so it was not kept`);
  }
  return { type: 'door', device, channel: '', ts, in: inCount, out: outCount };
}

/**
 * Butlr webhooks, direct: one event or an array of them. TRAFFIC gives people in/out
 * at `timestamp` (epoch ms) for the sensor (`metadata.sensor_id`, else `hive_serial`);
 * crossings reported for the same sensor and instant add up. ROOM/ZONE/FLOOR_OCCUPANCY
 * (and their one-minute `_1M` / `_1MIN` rollups) give the headcount `data` of the room,
 * zone or floor, whose id is the device; Butlr recomputes and re-sends these, and the
 * latest value for an instant is kept. DETECTIONS (positions of individual people) are
 * refused by design; other event types are not supported.
 */
export const butlrAdapter: Adapter = {
  name: NAME,
  description: 'Butlr webhooks: TRAFFIC in/out and room, zone and floor occupancy headcounts',
  parse(payload) {
    const items = Array.isArray(payload) ? payload : [payload];
    if (!items.some((e) => isRecord(e) && typeof e.type === 'string')) {
      return notShape(NAME, 'a webhook event { id, type, timestamp, metadata, data } or an array of them');
    }
    const events: NormalisedEvent[] = [];
    const rejections: Rejection[] = [];
    items.forEach((e, i) => {
      const r = read(e, i);
      if ('type' in r) events.push(r);
      else rejections.push(r);
    });
    return result(oneEventPerKey(events, true), rejections);
  },
};
