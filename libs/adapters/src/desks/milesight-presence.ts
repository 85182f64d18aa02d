import type { Adapter, NormalisedEvent } from '../types.js';
import { batteryBeat, fromEnvelope, isRecord, noDevice, notShape, rejection, result } from '../util.js';

/**
 * Milesight presence sensors behind a network server: VS340/VS341 desk and seat sensors,
 * VS370 radar presence and VS330 washroom occupancy. Their decoded `occupancy` is a state,
 * 'occupied' or 'vacant', sent on change and as a periodic heartbeat. `battery` (percent)
 * becomes a heartbeat, on channel 'battery' beside a state (so the two never share a key)
 * and on the device's own channel when it comes alone.
 */
export const milesightPresenceAdapter: Adapter = {
  name: 'milesight-presence',
  description: 'Milesight VS340/VS341/VS370/VS330 desk, seat and room presence (occupied/vacant)',
  models: ['vs340', 'vs341', 'vs370', 'vs330'],
  parse(payload, input) {
    if (!isRecord(payload) || !('occupancy' in payload || 'battery' in payload)) {
      return notShape('milesight-presence', "a decoded body with occupancy ('occupied' or 'vacant') or battery");
    }
    const at = fromEnvelope(input);
    if (!at) return noDevice('milesight-presence');
    const events: NormalisedEvent[] = [];
    const state = payload.occupancy;
    const known = state === 'occupied' || state === 'vacant';
    if (known) events.push({ type: 'desk', ...at, channel: '', occupied: state === 'occupied' });
    events.push(...batteryBeat(at, payload.battery, known));
    const rejections =
      state === undefined || known
        ? []
        : [rejection('unsupported', `Milesight occupancy ${JSON.stringify(state)} from ${at.device} is neither 'occupied' nor 'vacant': check the gateway or network-server codec`)];
    return result(events, rejections);
  },
};
