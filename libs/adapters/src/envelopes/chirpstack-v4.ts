import type { Envelope } from '../types.js';
import { count, isoFromZoned, isRecord, rejection } from '../util.js';

/**
 * ChirpStack v4 uplink events (JSON marshaler). The device is `deviceInfo.devEui` in
 * lower case, the time the network server's `time` (else the time of receipt), the
 * sequence `fCnt`, and the device profile name stands in for the model. `object` is
 * the codec's output and is absent when the device profile has no codec.
 */
export const chirpstackV4Envelope: Envelope = {
  name: 'chirpstack-v4',
  description: 'ChirpStack v4 uplink events (object from the device-profile codec)',
  defaultTopic: 'application/+/device/+/event/up',
  unwrap(payload, input) {
    const info = isRecord(payload) ? payload.deviceInfo : undefined;
    if (!isRecord(payload) || !isRecord(info) || typeof info.devEui !== 'string' || !info.devEui) {
      return rejection('shape', 'not a ChirpStack v4 event: expected deviceInfo.devEui');
    }
    const device = info.devEui.toLowerCase();
    if (!['fCnt', 'fPort', 'data', 'object'].some((k) => k in payload)) {
      return rejection('shape', `the ChirpStack event for ${device} is not an uplink (a join, status or ack event?): subscribe to application/+/device/+/event/up only`);
    }
    const seq = count(payload.fCnt);
    const model = typeof info.deviceProfileName === 'string' && info.deviceProfileName ? info.deviceProfileName : undefined;
    return {
      device,
      time: isoFromZoned(payload.time) ?? new Date(input.receivedAt).toISOString(),
      ...(seq !== undefined && { seq }),
      ...(model && { model }),
      ...('object' in payload && { decoded: payload.object }),
    };
  },
};
