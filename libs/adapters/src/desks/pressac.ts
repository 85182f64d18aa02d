import type { Adapter } from '../types.js';
import { anyCase, bool, isoFromLocal, isRecord, notShape, rejection, result, timeOf } from '../util.js';

/**
 * Pressac under-desk and occupancy PIR sensors (EnOcean) as the Pressac Smart Gateway
 * publishes them, directly or wrapped in an Azure IoT Hub `d2cMessage`. Keys change case
 * between firmware versions and booleans may be strings, so both are read leniently.
 * The device is `deviceId` (else the gateway's `deviceName`), the state `motionDetected`,
 * and the time `timestamp`, a naive local time read in the sensor's time zone (the time
 * of receipt when absent). Signal strength and gateway names are not kept.
 */
export const pressacAdapter: Adapter = {
  name: 'pressac',
  description: 'Pressac Smart Gateway desk/occupancy PIR sensors (motionDetected), MQTT or Azure IoT Hub',
  parse(payload, input) {
    const body = isRecord(payload) && isRecord(payload.d2cMessage) ? payload.d2cMessage : payload;
    if (!isRecord(body)) return notShape('pressac', 'a Smart Gateway JSON object with deviceId and motionDetected');
    const id = anyCase(body, 'deviceId') ?? anyCase(body, 'deviceName');
    const motion = anyCase(body, 'motionDetected');
    if (typeof id !== 'string' || !id) {
      return notShape('pressac', 'a Smart Gateway JSON object with deviceId and motionDetected');
    }
    if (motion === undefined) {
      return result([], [rejection('unsupported', `Pressac device ${id} (${String(anyCase(body, 'deviceType') ?? 'unknown type')}) reports no motionDetected: only occupancy sensors are supported`)]);
    }
    const occupied = bool(motion);
    if (occupied === undefined) return result([], [rejection('shape', `Pressac device ${id} sent motionDetected ${JSON.stringify(motion)}: expected true or false`)]);
    const stamp = anyCase(body, 'timestamp');
    const ts = stamp === undefined ? timeOf(input) : isoFromLocal(stamp, input.timeZone);
    if (!ts) return result([], [rejection('time', `Pressac device ${id} sent timestamp ${JSON.stringify(stamp)}: expected local time as "YYYY-MM-DD hh:mm:ss"`)]);
    return result([{ type: 'desk', device: id, channel: '', ts, occupied }]);
  },
};
