import type { Adapter, NormalisedEvent } from '../types.js';
import { count, isoFromZoned, isRecord, notShape, rejection, result, timeOf } from '../util.js';

/**
 * Disruptive Technologies Data Connector pushes, one event per request:
 * `{event: {eventId, targetName, eventType, data, timestamp}, labels}`. The device is the
 * last segment of `targetName`. `deskOccupancy` gives a desk state, `objectPresentCount`
 * a running total (door in-total, out-total 0), `batteryStatus` a heartbeat with battery,
 * and every other type (`networkStatus`, ...) a heartbeat on a channel named after the
 * type, so it never shares a key with a reading sent at the same moment.
 * Delivery is at-least-once: times come from the event, never from receipt, so a
 * redelivered event yields identical events and the store drops the copy.
 */
export const disruptiveAdapter: Adapter = {
  name: 'disruptive',
  description: 'Disruptive Technologies Data Connector (desk occupancy, object-present counts, liveness)',
  parse(payload, input) {
    const ev = isRecord(payload) ? payload.event : undefined;
    if (!isRecord(ev) || typeof ev.targetName !== 'string' || typeof ev.eventType !== 'string') {
      return notShape('disruptive', 'a Data Connector body {event: {eventId, targetName, eventType, data, timestamp}}');
    }
    const device = ev.targetName.split('/').pop()!;
    const type = ev.eventType;
    const data = isRecord(ev.data) && isRecord(ev.data[type]) ? ev.data[type] : {};
    const ts = isoFromZoned(data.updateTime) ?? isoFromZoned(ev.timestamp) ?? timeOf(input);
    const at = { device, channel: '', ts };
    let event: NormalisedEvent | undefined;
    if (type === 'deskOccupancy') {
      if (data.state === 'OCCUPIED' || data.state === 'NOT_OCCUPIED') event = { type: 'desk', ...at, occupied: data.state === 'OCCUPIED' };
    } else if (type === 'objectPresentCount') {
      const total = count(data.total);
      if (total !== undefined) event = { type: 'door', ...at, inTotal: total, outTotal: 0 };
    } else {
      const battery = type === 'batteryStatus' ? count(data.percentage) : undefined;
      event = { type: 'heartbeat', ...at, channel: type, ...(battery !== undefined && { battery }) };
    }
    if (event) return result([event]);
    return result([], [rejection('unsupported', `Disruptive Technologies ${type} event ${String(ev.eventId)} from ${device} carries no usable value: ${JSON.stringify(ev.data)}`)]);
  },
};
