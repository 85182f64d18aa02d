import { ttsV3Envelope } from './tts-v3.js';

const input = { receivedAt: Date.UTC(2020, 1, 12, 15, 16), timeZone: 'UTC' };
const ids = { device_id: 'dev1', application_ids: { application_id: 'app1' }, dev_eui: '0004A30B001C0530', join_eui: '800000000000000C', dev_addr: '00BCB929' };
const uplink = {
  end_device_ids: ids,
  correlation_ids: ['as:up:01E0WZGT6Y7657CPFPE5WEYDSQ'],
  received_at: '2020-02-12T15:15:46.014773143Z',
  uplink_message: {
    session_key_id: 'AXA50tHUGUucuzS/bCGMNw==',
    f_port: 1,
    frm_payload: 'gkHe',
    decoded_payload: { temperature: 1.0, luminosity: 0.64 },
    rx_metadata: [{ gateway_ids: { gateway_id: 'gtw1', eui: '9C5C8E00001A05C4' }, time: '2020-02-12T15:15:45.787Z', rssi: -35, snr: 5.2 }],
    received_at: '2020-02-12T15:15:45.789585559Z',
    version_ids: { brand_id: 'milesight-iot', model_id: 'vs340', band_id: 'EU_863_870' },
  },
};

describe('tts-v3 envelope', () => {
  it('unwraps an uplink: lower-case DevEUI, NS time cut to ms, absent f_cnt is 0, model id', () => {
    expect(ttsV3Envelope.unwrap(uplink, input)).toStrictEqual({
      device: '0004a30b001c0530',
      time: '2020-02-12T15:15:45.789Z',
      seq: 0,
      model: 'vs340',
      decoded: { temperature: 1.0, luminosity: 0.64 },
    });
  });

  it('reads f_cnt, falls back to the AS received_at and device_id, and leaves decoded out with no formatter', () => {
    const { decoded_payload: _d, received_at: _r, version_ids: _v, ...up } = uplink.uplink_message;
    const msg = { ...uplink, end_device_ids: { device_id: 'dev1' }, uplink_message: { ...up, f_cnt: 42 } };
    expect(ttsV3Envelope.unwrap(msg, input)).toStrictEqual({ device: 'dev1', time: '2020-02-12T15:15:46.014Z', seq: 42 });
  });

  it('rejects a join-accept as not an uplink, and a foreign body as the wrong shape', () => {
    const join = { end_device_ids: ids, received_at: '2020-02-12T15:15:40.1Z', join_accept: { session_key_id: 'AXA50tHUGUucuzS/bCGMNw==', received_at: '2020-02-12T15:15:40Z' } };
    expect(ttsV3Envelope.unwrap(join, input)).toEqual({
      reason: 'shape',
      detail: 'The Things Stack message for 0004a30b001c0530 is not an uplink (it is join_accept): subscribe to the uplink topic v3/+/devices/+/up only',
    });
    expect(ttsV3Envelope.unwrap({ devEUI: 'x' }, input)).toMatchObject({ reason: 'shape' });
  });
});
