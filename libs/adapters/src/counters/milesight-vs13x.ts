import type { Adapter, NormalisedEvent, Rejection } from '../types.js';
import { batteryBeat, count, fromEnvelope, intervalOrTotals, isRecord, noDevice, notShape, rejection, result } from '../util.js';

const NAME = 'milesight-vs13x';
const LINE_KEY = /^line_(\d+)(?:_(period_in|period_out|total_in|total_out))?$/;
const REGION_KEY = /^region_(\d+)_count$/;

/**
 * Milesight VS133/VS135 ToF line counters behind a network server. Each line N reports
 * in/out for the last period (`line_N_period_in/out`) and running totals
 * (`line_N_total_in/out`, 32-bit); decoders spell them flat or nested as
 * `line_N: { period_in, ... }`, and both are read. A line gives its period counts when
 * it has them, else its totals; `region_N_count` gives a region's headcount. The body
 * carries no id, time or sequence: those come from the envelope. An uplink with no counts
 * (device information, battery) says the device is alive.
 */
export const milesightVs13xAdapter: Adapter = {
  name: NAME,
  description: 'Milesight VS133/VS135 ToF people counters: per-line period counts or 32-bit totals, region headcounts',
  models: ['vs133', 'vs135'],
  parse(payload, input) {
    if (!isRecord(payload)) return notShape(NAME, 'a decoded VS133/VS135 uplink (an object of line_N_* and region_N_count fields)');
    const at = fromEnvelope(input);
    if (!at) return noDevice(NAME);
    const lines = new Map<number, Record<string, unknown>>();
    const regions: [number, unknown][] = [];
    const events: NormalisedEvent[] = [];
    const rejections: Rejection[] = [];
    for (const [key, value] of Object.entries(payload)) {
      const line = LINE_KEY.exec(key);
      if (line) {
        const n = Number(line[1]);
        const fields = lines.get(n) ?? {};
        lines.set(n, line[2] ? { ...fields, [line[2]]: value } : { ...(isRecord(value) ? value : {}), ...fields });
        if (!line[2] && !isRecord(value)) rejections.push(rejection('shape', `line ${n} of ${at.device}: ${key}=${JSON.stringify(value)} is not an object of period_*/total_* counts, so it was not kept; check the device's payload decoder`));
      }
      const region = REGION_KEY.exec(key);
      if (region) regions.push([Number(region[1]), value]);
    }
    for (const [n, fields] of [...lines].sort(([a], [b]) => a - b)) {
      const keys = { in: 'period_in', out: 'period_out', inTotal: 'total_in', outTotal: 'total_out' };
      const r = intervalOrTotals(fields, keys, { ...at, channel: `line_${n}` }, `line ${n} of ${at.device}`, 2 ** 32);
      events.push(...r.events);
      rejections.push(...r.rejections);
    }
    for (const [n, value] of regions.sort(([a], [b]) => a - b)) {
      const c = count(value);
      if (c !== undefined) events.push({ type: 'zone', ...at, channel: `region_${n}`, count: c });
      else rejections.push(rejection('shape', `region ${n} of ${at.device}: region_${n}_count=${JSON.stringify(value)} is not a headcount, so it was not kept; check the device's payload decoder`));
    }
    const counted = lines.size + regions.length > 0;
    return result([...events, ...batteryBeat(at, payload.battery, counted)], rejections);
  },
};
