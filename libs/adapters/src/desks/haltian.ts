import type { Adapter } from '../types.js';
import { bool, isoFromZoned, isRecord, notShape, rejection, result, timeOf } from '../util.js';

/** A Thingsee occupancy status as firmware and integrations spell it: 1/0, true/false, 'occupied'/'vacant'/'free'. */
function occupancy(v: unknown): boolean | undefined {
  if (v === 0 || v === 1) return v === 1;
  const s = typeof v === 'string' ? v.trim().toLowerCase() : undefined;
  if (s === 'occupied') return true;
  if (s === 'vacant' || s === 'free') return false;
  return bool(v);
}

/**
 * Haltian Thingsee PRESENCE and occupancy sensors over Haltian IoT MQTT
 * (`haltian-iot/events/{integration}/{key}/measurements/{type}/{device-uuid}`).
 * `occupancyStatus` is a desk state; `movementDetections` counts motion per report, not
 * people, so it only shows the device is alive (on channel 'movementDetections', since
 * each measurement type comes in its own message and may share `measured_at` with a state).
 * The device is the topic's last segment, else the body's `tsmTuid` or `deviceId`, else
 * the integration's; the time is `measured_at`, else the time of receipt.
 */
export const haltianAdapter: Adapter = {
  name: 'haltian',
  description: 'Haltian Thingsee PRESENCE / occupancy (occupancyStatus, movementDetections as liveness)',
  parse(payload, input) {
    if (!isRecord(payload) || !('occupancyStatus' in payload || 'movementDetections' in payload)) {
      return notShape('haltian', 'a Haltian measurement with occupancyStatus or movementDetections');
    }
    const fromTopic = input.topic?.match(/\/measurements\/[^/]+\/([^/]+)$/)?.[1];
    const named = [payload.tsmTuid, payload.deviceId].find((v): v is string => typeof v === 'string' && v !== '');
    const device = fromTopic ?? named ?? input.device;
    if (!device) return result([], [rejection('shape', 'Haltian measurement names no device: subscribe to haltian-iot/events/+/+/measurements/+/+ so the topic carries the device id')]);
    const ts = payload.measured_at === undefined ? timeOf(input) : isoFromZoned(payload.measured_at);
    if (!ts) return result([], [rejection('time', `Haltian measurement from ${device} has measured_at ${JSON.stringify(payload.measured_at)}: expected ISO-8601 UTC`)]);
    if ('occupancyStatus' in payload) {
      const occupied = occupancy(payload.occupancyStatus);
      if (occupied === undefined) {
        return result([], [rejection('unsupported', `Haltian occupancyStatus ${JSON.stringify(payload.occupancyStatus)} from ${device} is not 1/0, true/false or occupied/vacant/free`)]);
      }
      return result([{ type: 'desk', device, channel: '', ts, occupied }]);
    }
    return result([{ type: 'heartbeat', device, channel: 'movementDetections', ts }]);
  },
};
