import type { Adapter } from '../types.js';
import { fromEnvelope, isRecord, noDevice, notShape, rejection, result } from '../util.js';

/**
 * Elsys thermopile and PIR desk sensors (EMS Desk, ERS Desk, ERS Eye) behind a network
 * server. The decoded `occupancy` is 0 (unoccupied), 1 (pending: someone is sitting down
 * or leaving) or 2 (occupied). Pending is not occupied: it gives no state, so the previous
 * one stands, only a heartbeat. `motion` counts PIR triggers, not people, and is ignored.
 */
export const elsysAdapter: Adapter = {
  name: 'elsys',
  description: 'Elsys EMS Desk / ERS Desk / ERS Eye desk occupancy (0 free, 1 pending, 2 occupied)',
  models: ['ems-desk', 'ers-eye'],
  parse(payload, input) {
    if (!isRecord(payload) || !('occupancy' in payload)) return notShape('elsys', 'a decoded Elsys body with occupancy (0, 1 or 2)');
    const at = fromEnvelope(input);
    if (!at) return noDevice('elsys');
    switch (payload.occupancy) {
      case 0:
      case 2:
        return result([{ type: 'desk', ...at, channel: '', occupied: payload.occupancy === 2 }]);
      case 1:
        return result([{ type: 'heartbeat', ...at, channel: '' }]);
      default:
        return result([], [rejection('unsupported', `Elsys occupancy ${JSON.stringify(payload.occupancy)} from ${at.device} is not 0 (unoccupied), 1 (pending) or 2 (occupied): check the payload formatter`)]);
    }
  },
};
