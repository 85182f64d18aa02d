import type { Adapter, HeartbeatEvent } from '../types.js';
import { count, fromEnvelope, isRecord, noDevice, notShape, rejection, result } from '../util.js';

const NAME = 'terabee';

/** What each fault flag means, for the admin who reads the rejection. */
const FAULTS: Record<string, string> = {
  TPC_STOPPED: 'counting has stopped',
  TPC_STUCK: 'the counting process is stuck',
  MULTI_DEV_ISSUE: 'a device in a multi-sensor setup has a problem',
};
/** Flags that describe the device's state but do not affect its counts. */
const INFORMATIONAL = new Set(['WIFI_AP_ENABLED']);

/**
 * Terabee People Flow Counting L/XL behind a network server. `count_in` and `count_out`
 * are running totals (no documented wrap width). When `flags` reports a fault (counting
 * stopped or stuck, a multi-device issue, any unknown flag) the counts are not kept, since
 * 0/0 from a stopped counter does not mean that nobody came: the uplink gives a heartbeat
 * and a 'device_fault' rejection naming the flags. WIFI_AP_ENABLED only says that the
 * configuration access point is on, and leaves the counts standing. Command responses
 * (`cmd`) are heartbeats.
 */
export const terabeeAdapter: Adapter = {
  name: NAME,
  description: 'Terabee People Flow Counting L/XL: cumulative in/out totals; fault flags withhold counts',
  models: ['people-flow-counting-l-xl'],
  parse(payload, input) {
    if (!isRecord(payload) || !('count_in' in payload || 'count_out' in payload || 'cmd' in payload)) {
      return notShape(NAME, 'a decoded People Flow uplink (an object with count_in, count_out and flags)');
    }
    const at = fromEnvelope(input);
    if (!at) return noDevice(NAME);
    const beat: HeartbeatEvent = { type: 'heartbeat', ...at, channel: '' };
    if (!('count_in' in payload || 'count_out' in payload)) return result([beat]);
    const flags = isRecord(payload.flags) ? Object.entries(payload.flags).flatMap(([f, on]) => (on ? [f] : [])) : [];
    const faults = flags.filter((f) => !INFORMATIONAL.has(f));
    if (faults.length) {
      const what = faults.map((f) => (FAULTS[f] ? `${f} (${FAULTS[f]})` : f)).join(', ');
      const detail = `Terabee counter ${at.device} reports ${what}: its counts (${payload.count_in} in, ${payload.count_out} out) were not kept; check the sensor and restart it if needed`;
      return result([beat], [rejection('device_fault', detail)]);
    }
    const inTotal = count(payload.count_in);
    const outTotal = count(payload.count_out);
    if (inTotal === undefined || outTotal === undefined) {
      const detail = `Terabee counter ${at.device}: count_in=${JSON.stringify(payload.count_in)} and count_out=${JSON.stringify(payload.count_out)} are not both whole counts, so they were not kept; check the device's payload decoder`;
      return result([beat], [rejection('shape', detail)]);
    }
    return result([{ type: 'door', ...at, channel: '', inTotal, outTotal }]);
  },
};
