import type { Envelope } from '../types.js';
import { count, isoFromZoned, isRecord, rejection } from '../util.js';

/**
 * Uplinks forwarded by a Milesight gateway's embedded network server (UG65/UG67/UG56 and
 * the building-IoT gateways). The user picks the topic in the gateway, so the default is
 * only a suggestion. The device is `devEUI` in lower case; the time is the UTC `time`,
 * else the newer firmware's `gatewayTime` (local, with offset), else the time of receipt;
 * `object` is present only when the gateway's payload codec is enabled.
 */
export const milesightGwEnvelope: Envelope = {
  name: 'milesight-gw',
  description: 'Milesight gateway embedded network server uplinks (object from the gateway codec)',
  defaultTopic: 'milesight/uplink',
  unwrap(payload, input) {
    if (!isRecord(payload) || typeof payload.devEUI !== 'string' || !payload.devEUI) {
      return rejection('shape', 'not a Milesight gateway uplink: expected devEUI');
    }
    const seq = count(payload.fCnt);
    return {
      device: payload.devEUI.toLowerCase(),
      time: isoFromZoned(payload.time) ?? isoFromZoned(payload.gatewayTime) ?? new Date(input.receivedAt).toISOString(),
      ...(seq !== undefined && { seq }),
      ...('object' in payload && { decoded: payload.object }),
    };
  },
};
