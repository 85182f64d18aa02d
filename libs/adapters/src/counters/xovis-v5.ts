import type { Adapter, AdapterInput, NormalisedEvent, Rejection } from '../types.js';
import { count, isoFromMs, isRecord, notShape, num, oneEventPerKey, rejection, result, timeOf } from '../util.js';

const NAME = 'xovis-v5';

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The sensor a push section comes from: its serial number, else its push agent, else what the integration knows. */
function deviceOf(section: Record<string, unknown>, payload: Record<string, unknown>, input: AdapterInput): string | undefined {
  for (const o of [section, payload]) {
    const serial = isRecord(o.sensor_info) ? o.sensor_info.serial_number : undefined;
    if (typeof serial === 'string' && serial) return serial;
  }
  const agent = isRecord(section.package_info) ? count(section.package_info.agent_id) : undefined;
  return agent !== undefined ? `agent-${agent}` : input.device;
}

/** Live line crossings: one person each, summed per line and frame time. */
function live(data: Record<string, unknown>, device: string, rejections: Rejection[]): NormalisedEvent[] {
  const events: NormalisedEvent[] = [];
  for (const frame of list(data.frames)) {
    if (!isRecord(frame)) continue;
    const crossings = list(frame.events).filter(
      (e): e is Record<string, unknown> => isRecord(e) && (e.type === 'LINE_CROSS_FORWARD' || e.type === 'LINE_CROSS_BACKWARD'),
    );
    if (!crossings.length) continue;
    const ts = isoFromMs(frame.time);
    if (!ts) {
      rejections.push(rejection('time', `Xovis ${device}: frame ${JSON.stringify(frame.framenumber)} has no readable time (epoch ms), so its ${crossings.length} line crossing(s) were not kept`));
      continue;
    }
    for (const e of crossings) {
      const a = isRecord(e.attributes) ? e.attributes : {};
      const channel = typeof a.geometry_name === 'string' ? a.geometry_name : count(a.geometry_id) !== undefined ? `geometry_${a.geometry_id}` : undefined;
      if (channel === undefined) {
        rejections.push(rejection('shape', `Xovis ${device}: a line crossing at ${ts} names no line (geometry_name or geometry_id), so it was not kept`));
        continue;
      }
      const forward = e.type === 'LINE_CROSS_FORWARD';
      events.push({ type: 'door', device, channel, ts, in: forward ? 1 : 0, out: forward ? 0 : 1 });
    }
  }
  return oneEventPerKey(events, true);
}

/** Logic records: line logics' fw/bw counts per interval, zone logics' balance (headcount). */
function logics(data: Record<string, unknown>, device: string, rejections: Rejection[]): NormalisedEvent[] {
  const events: NormalisedEvent[] = [];
  for (const logic of list(data.logics)) {
    if (!isRecord(logic)) continue;
    const channel = typeof logic.name === 'string' ? logic.name : `logic_${count(logic.id) ?? ''}`;
    const what = `Xovis ${device}, logic "${channel}"`;
    for (const record of list(logic.records)) {
      if (!isRecord(record)) {
        rejections.push(rejection('shape', `${what}: a record is not an object, so it was not kept: ${JSON.stringify(record)}`));
        continue;
      }
      const counts = new Map<unknown, unknown>(list(record.counts).flatMap((c) => (isRecord(c) ? [[c.name, c.value]] : [])));
      if (!counts.has('balance') && !counts.has('fw') && !counts.has('bw')) continue;
      const ts = isoFromMs(record.to);
      if (!ts) {
        rejections.push(rejection('time', `${what}: a record has no readable end time (to, epoch ms), so it was not kept`));
        continue;
      }
      if (counts.has('balance')) {
        const balance = num(counts.get('balance'));
        // A zone's balance drifts below zero when more exits than entries were seen: the zone is empty.
        if (balance !== undefined && Number.isInteger(balance)) events.push({ type: 'zone', device, channel, ts, count: Math.max(0, balance) });
        else rejections.push(rejection('shape', `${what} at ${ts}: balance ${JSON.stringify(counts.get('balance'))} is not a whole number, so it was not kept`));
        continue;
      }
      const fw = counts.has('fw') ? count(counts.get('fw')) : 0;
      const bw = counts.has('bw') ? count(counts.get('bw')) : 0;
      if (fw !== undefined && bw !== undefined) events.push({ type: 'door', device, channel, ts, in: fw, out: bw });
      else rejections.push(rejection('shape', `${what} at ${ts}: fw ${JSON.stringify(counts.get('fw'))} / bw ${JSON.stringify(counts.get('bw'))} are not whole counts, so the record was not kept`));
    }
  }
  return oneEventPerKey(events);
}

/**
 * Xovis PC2S/PC3 sensors (firmware V5) pushing data directly, over HTTP or MQTT.
 * `logics_data`: every record of a line logic is one interval ending at `to` (epoch ms)
 * with in = its `fw` count and out = its `bw` count; a zone logic's `balance` is the
 * zone's headcount; the channel is the logic's name. Other counts (fw-male, queue-length,
 * ...) are not kept. `live_data`: each LINE_CROSS_FORWARD / LINE_CROSS_BACKWARD event is
 * one person in / out on the line named by its geometry, at the frame's time; crossings
 * on the same line at the same time add up. COUNT_INCREMENT events repeat those crossings
 * and are left aside. `status_data` is a heartbeat. The device is the sensor's serial
 * number (`sensor_info.serial_number`), else `agent-<package_info.agent_id>`. Track ids
 * and positions of people are never read.
 */
export const xovisV5Adapter: Adapter = {
  name: NAME,
  description: 'Xovis V5 data push: logic records (fw/bw per interval, zone balance) and live line crossings',
  parse(payload, input) {
    const sections = isRecord(payload) ? (['live_data', 'logics_data', 'status_data'] as const).filter((k) => isRecord(payload[k])) : [];
    if (!isRecord(payload) || !sections.length) return notShape(NAME, 'a V5 data push object with live_data, logics_data or status_data');
    const events: NormalisedEvent[] = [];
    const rejections: Rejection[] = [];
    for (const key of sections) {
      const data = payload[key] as Record<string, unknown>;
      const device = deviceOf(data, payload, input);
      if (!device) {
        rejections.push(rejection('shape', `Xovis ${key} names no sensor (sensor_info.serial_number or package_info.agent_id); give the sensor's id in the integration settings`));
      } else if (key === 'live_data') events.push(...live(data, device, rejections));
      else if (key === 'logics_data') events.push(...logics(data, device, rejections));
      else events.push({ type: 'heartbeat', device, channel: '', ts: timeOf(input) });
    }
    return result(events, rejections);
  },
};
