import type { Adapter, NormalisedEvent, Rejection } from '../types.js';
import { count, fromEnvelope, intervalOrTotals, isRecord, noDevice, notShape, rejection, result } from '../util.js';

const NAME = 'milesight-vs121';
const REGION_KEY = /^region_(\d+)(_count)?$/;

/**
 * Milesight VS121 (LoRaWAN) workplace occupancy sensor behind a network server. Its line
 * gives in/out for the last period (`people_in/out`) or 16-bit running totals
 * (`people_total_in/out`), on channel 'line'. Headcounts: the whole view
 * (`people_count_all`, or `people_counter_all` from the older device-repository codec) on
 * channel '', and each region (`region_N` or `region_N_count`, or that codec's
 * `regions: [{ index, count }]` with 0-based index) on channel `region_N`.
 * Id, time and sequence come from the envelope; an uplink of device information only is a heartbeat.
 */
export const milesightVs121Adapter: Adapter = {
  name: NAME,
  description: 'Milesight VS121 LoRaWAN occupancy sensor: line in/out (period or 16-bit totals), whole-view and region headcounts',
  models: ['vs121'],
  parse(payload, input) {
    if (!isRecord(payload)) return notShape(NAME, 'a decoded VS121 uplink (an object of people_* and region_* fields)');
    const at = fromEnvelope(input);
    if (!at) return noDevice(NAME);
    const keys = { in: 'people_in', out: 'people_out', inTotal: 'people_total_in', outTotal: 'people_total_out' };
    const line = intervalOrTotals(payload, keys, { ...at, channel: 'line' }, `the line of ${at.device}`, 65536);
    const events: NormalisedEvent[] = [...line.events];
    const rejections: Rejection[] = [...line.rejections];
    const zone = (channel: string, value: unknown, field: string) => {
      const c = count(value);
      if (c !== undefined) events.push({ type: 'zone', ...at, channel, count: c });
      else rejections.push(rejection('shape', `${field}=${JSON.stringify(value)} from ${at.device} is not a headcount, so it was not kept; check the device's payload decoder`));
    };
    const all = payload.people_count_all ?? payload.people_counter_all;
    if (all !== undefined) zone('', all, 'people_count_all');
    const regions = new Map<number, [unknown, string]>();
    for (const [key, value] of Object.entries(payload)) {
      const m = REGION_KEY.exec(key);
      if (m && (m[2] || !regions.has(Number(m[1])))) regions.set(Number(m[1]), [value, key]);
    }
    if (Array.isArray(payload.regions)) {
      for (const r of payload.regions) {
        const index = isRecord(r) ? count(r.index) : undefined;
        if (!isRecord(r) || index === undefined) {
          rejections.push(rejection('shape', `a regions[] item from ${at.device} has no 0-based index, so it was not kept: ${JSON.stringify(r)}`));
        } else if (!regions.has(index + 1)) regions.set(index + 1, [r.count, `regions[index ${index}].count`]);
      }
    }
    for (const [n, [value, field]] of [...regions].sort(([a], [b]) => a - b)) zone(`region_${n}`, value, field);
    // Device information (versions, serial number) only: the device is alive.
    if (!events.length && !rejections.length) events.push({ type: 'heartbeat', ...at, channel: '' });
    return result(events, rejections);
  },
};
