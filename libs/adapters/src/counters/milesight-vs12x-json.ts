import type { Adapter, AdapterInput, NormalisedEvent, Rejection } from '../types.js';
import { anyCase, bool, count, isoFromLocal, isRecord, notShape, rejection, result, timeOf } from '../util.js';

const NAME = 'milesight-vs12x-json';

/**
 * The fixed-offset zone ("UTC+9:00") for a textual offset such as "UTC+8:00" or "UTC-3:30",
 * an hour later when daylight saving time is on; undefined when the text is not an offset.
 */
function offsetZone(text: string, dst: boolean): string | undefined {
  const m = /^(?:UTC|GMT)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/i.exec(text.trim());
  if (!m) return undefined;
  const minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0)) + (dst ? 60 : 0);
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? '-' : '+'}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
}

/** A report's end time in UTC, or why it cannot be read (the sensor's time zone when the report gives none). */
function reportTime(time: Record<string, unknown>, input: AdapterInput, device: string): string | Rejection {
  const end = anyCase(time, 'end_time');
  if (end === undefined) return timeOf(input);
  const tz = anyCase(time, 'timezone');
  const zone = tz === undefined ? input.timeZone : typeof tz === 'string' ? offsetZone(tz, bool(anyCase(time, 'dst_status')) ?? false) : undefined;
  return (
    (zone && isoFromLocal(end, zone)) ||
    rejection('time', `VS12x report from ${device}: end_time ${JSON.stringify(end)} at timezone ${JSON.stringify(tz)} is not a readable local time; check the device's time settings`)
  );
}

/**
 * Milesight VS121-P / VS12x reports pushed by the device itself over HTTP or MQTT (JSON).
 * The device is `device_info.device_sn`; a report's time is `time_info.end_time`, a
 * device-local `YYYY/MM/DD HH:MM:SS` read at `time_info.timezone` ("UTC+8:00"), an hour
 * later while `dst_status` is true (the sensor's time zone when the report gives none).
 * `current_total` is the headcount of the whole view (channel ''); `current_counted[i]`
 * that of region `numbering_regions[i]` (channel `region_<n>`). Key case varies between
 * firmware versions, so keys are read in any case. The report's MAC and IP address are
 * the device's own but are not needed, and are never read.
 */
export const milesightVs12xJsonAdapter: Adapter = {
  name: NAME,
  description: 'Milesight VS121-P/VS12x native HTTP/MQTT JSON reports: whole-view and region headcounts at device-local time',
  parse(payload, input) {
    const info = isRecord(payload) ? anyCase(payload, 'device_info') : undefined;
    const time = isRecord(payload) ? anyCase(payload, 'time_info') : undefined;
    if (!isRecord(payload) || !isRecord(info) || !isRecord(time)) {
      return notShape(NAME, 'a VS12x report object with device_info and time_info');
    }
    const sn = anyCase(info, 'device_sn');
    const device = typeof sn === 'string' && sn.trim() ? sn.trim() : typeof sn === 'number' ? String(sn) : input.device;
    if (!device) return result([], [rejection('shape', 'a VS12x report has no device_info.device_sn, so it cannot be tied to a sensor; check the device firmware')]);

    const ts = reportTime(time, input, device);
    if (typeof ts !== 'string') return result([], [ts]);

    const events: NormalisedEvent[] = [];
    const rejections: Rejection[] = [];
    const zone = (channel: string, value: unknown, field: string) => {
      const c = count(value);
      if (c !== undefined) events.push({ type: 'zone', device, channel, ts, count: c });
      else rejections.push(rejection('shape', `VS12x report from ${device}: ${field}=${JSON.stringify(value)} is not a headcount, so it was not kept`));
    };
    const total = anyCase(payload, 'current_total');
    if (total !== undefined) zone('', total, 'current_total');
    const numbers = anyCase(payload, 'numbering_regions');
    const counted = anyCase(payload, 'current_counted');
    if (Array.isArray(numbers)) {
      const counts = Array.isArray(counted) ? counted : [];
      numbers.forEach((n, i) => {
        const region = count(n);
        if (region === undefined) rejections.push(rejection('shape', `VS12x report from ${device}: numbering_regions[${i}]=${JSON.stringify(n)} is not a region number, so its count was not kept`));
        else zone(`region_${region}`, counts[i], `current_counted[${i}]`);
      });
    }
    if (!events.length && !rejections.length) {
      const event = anyCase(payload, 'event');
      return result([], [rejection('unsupported', `VS12x report ${JSON.stringify(event ?? 'without event')} from ${device} has no headcount (current_total, current_counted); Hearth reads region people counting reports only`)]);
    }
    return result(events, rejections);
  },
};
