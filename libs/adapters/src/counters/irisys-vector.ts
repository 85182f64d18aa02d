import type { Adapter, NormalisedEvent, Rejection } from '../types.js';
import { count, isoFromZoned, isRecord, notShape, oneEventPerKey, rejection, result, timeOf } from '../util.js';

const NAME = 'irisys-vector';

/** The device id in an MQTT topic `irisys/<id>/live_counts`. */
function deviceFromTopic(topic: string | undefined): string | undefined {
  const parts = topic?.split('/') ?? [];
  return parts.length >= 2 && parts.at(-1) === 'live_counts' && parts.at(-2) ? parts.at(-2) : undefined;
}

/** One running-total event per register: the register's value as `inTotal` (the sensor configuration says which register counts "out"). */
function registers(
  items: unknown[],
  keys: { name: string; value: string },
  at: { device: string; ts: string; seq?: number },
  rejections: Rejection[],
): NormalisedEvent[] {
  const events: NormalisedEvent[] = [];
  for (const item of items) {
    const r = isRecord(item) ? item : {};
    const name = typeof r[keys.name] === 'string' && r[keys.name] ? (r[keys.name] as string) : undefined;
    const value = count(r[keys.value]);
    const id = count(r.RegisterId);
    const channel = name ?? (id !== undefined ? `register_${id}` : undefined);
    if (channel !== undefined && value !== undefined) events.push({ type: 'door', ...at, channel, inTotal: value, outTotal: 0 });
    else rejections.push(rejection('shape', `Irisys ${at.device} at ${at.ts}: register ${JSON.stringify(item)} has no name or no whole ${keys.value}, so it was not kept`));
  }
  return events;
}

/**
 * Irisys Vector 4D counters, direct. The HTTP POST body
 * `{ FriendlyDeviceSerial, CountLogs: [{ LogEntryId, Timestamp, Counts: [{ Name, RegisterId, Value }] }] }`
 * gives each register's running total (they only reset at power-off or a manual reset):
 * one running-total event per register, channel = its name, `inTotal` = its value,
 * `outTotal` 0, seq = LogEntryId, at the log's Timestamp. MQTT live counts
 * `{ counts: [{ name, count }] }` on `irisys/<id>/live_counts` give the same totals, for the
 * device named in the topic, at the time of receipt.
 */
export const irisysVectorAdapter: Adapter = {
  name: NAME,
  description: 'Irisys Vector 4D: HTTP POST count logs and MQTT live counts (running register totals)',
  parse(payload, input) {
    if (isRecord(payload) && Array.isArray(payload.CountLogs)) {
      const serial = payload.FriendlyDeviceSerial;
      const device = typeof serial === 'string' && serial ? serial : input.device;
      if (!device) return result([], [rejection('shape', 'an Irisys count log has no FriendlyDeviceSerial; set a friendly serial on the device')]);
      const events: NormalisedEvent[] = [];
      const rejections: Rejection[] = [];
      for (const log of payload.CountLogs) {
        if (!isRecord(log) || !Array.isArray(log.Counts)) {
          rejections.push(rejection('shape', `Irisys ${device}: a count log has no Counts list, so it was not kept: ${JSON.stringify(log)}`));
          continue;
        }
        const ts = isoFromZoned(log.Timestamp);
        if (!ts) {
          rejections.push(rejection('time', `Irisys ${device}: count log ${JSON.stringify(log.LogEntryId)} has Timestamp ${JSON.stringify(log.Timestamp)}, not a time with a zone, so it was not kept; check the device clock settings`));
          continue;
        }
        const seq = count(log.LogEntryId);
        events.push(...registers(log.Counts, { name: 'Name', value: 'Value' }, { device, ts, ...(seq !== undefined && { seq }) }, rejections));
      }
      return result(oneEventPerKey(events), rejections);
    }
    if (isRecord(payload) && Array.isArray(payload.counts)) {
      const device = deviceFromTopic(input.topic) ?? input.device;
      if (!device) return result([], [rejection('shape', `Irisys live counts came on topic ${JSON.stringify(input.topic)}, which names no device: publish them on irisys/<device id>/live_counts`)]);
      const rejections: Rejection[] = [];
      const events = registers(payload.counts, { name: 'name', value: 'count' }, { device, ts: timeOf(input) }, rejections);
      return result(oneEventPerKey(events), rejections);
    }
    return notShape(NAME, 'an HTTP count log ({ CountLogs: [...] }) or MQTT live counts ({ counts: [...] })');
  },
};
