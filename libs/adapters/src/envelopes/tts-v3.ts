import type { Envelope } from '../types.js';
import { count, isoFromZoned, isRecord, rejection } from '../util.js';

/** TTS message kinds that share the uplink's device ids but carry no reading. */
const NOT_UPLINK = ['join_accept', 'downlink_queued', 'downlink_sent', 'downlink_ack', 'downlink_nack', 'downlink_failed', 'service_data', 'location_solved'];

/**
 * The Things Stack v3 (and The Things Network) application-server uplink.
 * The device is the DevEUI in lower case (the TTS device id when the DevEUI is missing);
 * the time is the network server's `uplink_message.received_at` (nanoseconds cut to
 * milliseconds), else the application server's `received_at`, else the time of receipt.
 * TTS omits zero values, so an absent `f_cnt` is frame 0. The Device Repository model id
 * (`version_ids.model_id`) lets Hearth pick the shape adapter by itself.
 */
export const ttsV3Envelope: Envelope = {
  name: 'tts-v3',
  description: 'The Things Stack v3 / The Things Network uplinks (decoded_payload from a payload formatter)',
  defaultTopic: 'v3/+/devices/+/up',
  unwrap(payload, input) {
    const ids = isRecord(payload) ? payload.end_device_ids : undefined;
    if (!isRecord(payload) || !isRecord(ids)) return rejection('shape', 'not a The Things Stack v3 message: expected end_device_ids and uplink_message');
    const eui = typeof ids.dev_eui === 'string' && ids.dev_eui ? ids.dev_eui.toLowerCase() : undefined;
    const device = eui ?? (typeof ids.device_id === 'string' && ids.device_id ? ids.device_id : undefined);
    if (!device) return rejection('shape', 'The Things Stack message names no device: end_device_ids has neither dev_eui nor device_id');
    const up = payload.uplink_message;
    if (!isRecord(up)) {
      const kind = NOT_UPLINK.find((k) => k in payload);
      return rejection('shape', `The Things Stack message for ${device} is not an uplink${kind ? ` (it is ${kind})` : ''}: subscribe to the uplink topic v3/+/devices/+/up only`);
    }
    const time = isoFromZoned(up.received_at) ?? isoFromZoned(payload.received_at) ?? new Date(input.receivedAt).toISOString();
    const seq = 'f_cnt' in up ? count(up.f_cnt) : 0;
    const model = isRecord(up.version_ids) && typeof up.version_ids.model_id === 'string' ? up.version_ids.model_id : undefined;
    return {
      device,
      time,
      ...(seq !== undefined && { seq }),
      ...(model && { model }),
      ...('decoded_payload' in up && { decoded: up.decoded_payload }),
    };
  },
};
