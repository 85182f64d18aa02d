import type { Adapter } from '../types.js';
import { fromEnvelope, intervalOrTotals, isRecord, noDevice, notShape, result } from '../util.js';

const NAME = 'imbuildings';

/**
 * IMBuildings People Counter behind a network server. `counter_a` (A to B) and `counter_b`
 * (B to A) count people since the previous uplink and become in/out; without them the
 * 16-bit running totals `total_counter_a/b` are used. The sensor configuration says which
 * of A and B is "in". `payload_counter` is an 8-bit message counter that wraps every 256
 * uplinks, so it is no sequence number: the envelope's f_cnt is. The battery is reported as
 * a voltage, not a level, and is not kept. An uplink without counters is a heartbeat.
 */
export const imbuildingsAdapter: Adapter = {
  name: NAME,
  description: 'IMBuildings People Counter (LoRaWAN): A/B counts since the last uplink or 16-bit totals',
  models: ['imbuildings-people-counter'],
  parse(payload, input) {
    if (!isRecord(payload)) return notShape(NAME, 'a decoded IMBuildings uplink (an object with counter_a/b or total_counter_a/b)');
    const id = typeof payload.device_id === 'string' && payload.device_id ? payload.device_id : undefined;
    const at = fromEnvelope(id && !input.device ? { ...input, device: id } : input);
    if (!at) return noDevice(NAME);
    const keys = { in: 'counter_a', out: 'counter_b', inTotal: 'total_counter_a', outTotal: 'total_counter_b' };
    const r = intervalOrTotals(payload, keys, { ...at, channel: '' }, `the counters of ${at.device}`, 65536);
    if (!r.events.length && !r.rejections.length) return result([{ type: 'heartbeat', ...at, channel: '' }]);
    return r;
  },
};
