import { topicMatches } from './vendor-feeds.js';
import { routeVendorPayload, type SiteFeeds, type SourcedSensor } from './vendor-route.js';

const at = Date.parse('2026-11-20T10:00:00Z');
const sensor = (s: Partial<SourcedSensor> & Pick<SourcedSensor, 'sensor' | 'source'>): SourcedSensor => ({ kind: 'door', adapter: 'hearth', ...s });
function feeds(sensors: SourcedSensor[], integrations: SiteFeeds['integrations'] = []): SiteFeeds {
  const devices = new Map<string, SourcedSensor[]>();
  for (const s of sensors) devices.set(s.source.device.toLowerCase(), [...(devices.get(s.source.device.toLowerCase()) ?? []), s]);
  return { site: 'main', timeZone: 'Europe/London', integrations, devices };
}
const tts = { id: 'tts', envelope: 'tts-v3' };
const uplink = (decoded: unknown, model?: string) =>
  Buffer.from(
    JSON.stringify({
      end_device_ids: { device_id: 'lobby-counter', dev_eui: '24E124136B502217' },
      received_at: '2026-11-20T09:59:59.500000000Z',
      uplink_message: { f_cnt: 41, decoded_payload: decoded, received_at: '2026-11-20T09:59:59.400000000Z', ...(model ? { version_ids: { model_id: model } } : {}) },
    }),
  );

describe('routing vendor payloads to sensors', () => {
  it('binds each line of a counter to its door, swapping in and out where the door is inverted', () => {
    const site = feeds([
      sensor({ sensor: 'door-a', adapter: 'milesight-vs13x', source: { device: '24e124136b502217', channel: 'line_1', invert: false } }),
      sensor({ sensor: 'door-b', source: { device: '24E124136B502217', channel: 'line_2', invert: true } }),
    ]);
    const routed = routeVendorPayload(site, tts, uplink({ line_1_period_in: 3, line_1_period_out: 1, line_2_period_in: 5, line_2_period_out: 2 }), at);
    expect(routed.failures).toEqual([]);
    expect(routed.messages).toEqual([
      { sensor: 'door-a', message: { type: 'door', ts: '2026-11-20T09:59:59.400Z', seq: 41, channel: 'line_1', in: 3, out: 1 } },
      { sensor: 'door-b', message: { type: 'door', ts: '2026-11-20T09:59:59.400Z', seq: 41, channel: 'line_2', in: 2, out: 5 } },
    ]);
  });

  it('picks the adapter from the model the network server reports when nobody names one', () => {
    const routed = routeVendorPayload(feeds([]), tts, uplink({ total_in: 100, total_out: 90 }, 'vs350'), at);
    expect(routed.messages).toEqual([{ sensor: '24e124136b502217', message: { type: 'door', ts: '2026-11-20T09:59:59.400Z', seq: 41, inTotal: 100, outTotal: 90 } }]);
  });

  it('says what to do when no adapter fits or the uplink was not decoded', () => {
    expect(routeVendorPayload(feeds([]), tts, uplink({ line_1_period_in: 1 }), at).failures).toEqual([
      { reason: 'no_adapter', detail: 'device 24e124136b502217: no adapter; name one on its sensor or on integration "tts"' },
    ]);
    const bare = Buffer.from(JSON.stringify({ end_device_ids: { dev_eui: '24E124136B502217' }, uplink_message: { frm_payload: 'A2fqAA==' } }));
    expect(routeVendorPayload(feeds([]), { ...tts, adapter: 'milesight-vs13x' }, bare, at).failures[0]).toMatchObject({ reason: 'no_decoded_payload', detail: expect.stringMatching(/payload formatter/) });
    expect(routeVendorPayload(feeds([]), tts, Buffer.from('{oops'), at).failures[0]!.reason).toBe('invalid_json');
  });

  it('makes a register named as outChannel the door\'s "out" (one register per direction)', () => {
    const site = feeds([sensor({ sensor: 'door-main', source: { device: 'V4D-17020025', channel: 'Line 1', outChannel: 'Line 2', invert: false } })], []);
    const body = { CountLogs: [{ Counts: [{ Name: 'Line 1', RegisterId: 0, Value: 121 }, { Name: 'Line 2', RegisterId: 1, Value: 127 }], LogEntryId: 353493, Timestamp: '2026-11-20T09:45:00Z' }], FriendlyDeviceSerial: 'V4D-17020025' };
    const routed = routeVendorPayload(site, { id: 'irisys', adapter: 'irisys-vector' }, Buffer.from(JSON.stringify(body)), at);
    expect(routed.messages).toEqual([
      { sensor: 'door-main', message: { type: 'door', ts: '2026-11-20T09:45:00.000Z', seq: 353493, channel: 'Line 1', inTotal: 121, outTotal: 0 } },
      { sensor: 'door-main', message: { type: 'door', ts: '2026-11-20T09:45:00.000Z', seq: 353493, channel: 'Line 2', inTotal: 0, outTotal: 127 } },
    ]);
  });

  it("reads a device's naive local times in its own time zone when it has one", () => {
    const desk = sensor({ sensor: 'desk-1', kind: 'desk', adapter: 'pressac', source: { device: '058A7F72', invert: false, timeZone: 'America/New_York' } });
    const body = { timestamp: '2026-07-01 14:09:34', deviceId: '058A7F72', motionDetected: 'true' };
    const routed = routeVendorPayload(feeds([desk]), { id: 'gw', adapter: 'pressac' }, Buffer.from(JSON.stringify(body)), at);
    expect(routed.messages).toEqual([{ sensor: 'desk-1', message: { type: 'desk', ts: '2026-07-01T18:09:34.000Z', occupied: true } }]);
  });

  it('keeps adapter rejections as failures beside the events it could use', () => {
    const body = { count_in: 0, count_out: 0, flags: { TPC_STOPPED: 1 } };
    const routed = routeVendorPayload(feeds([]), { ...tts, adapter: 'terabee' }, uplink(body), at);
    expect(routed.messages.map((m) => m.message.type)).toEqual(['heartbeat']);
    expect(routed.failures).toEqual([{ reason: 'adapter_rejected', detail: expect.stringMatching(/^terabee \(device_fault\): .*TPC_STOPPED/) }]);
  });
});

describe('MQTT topic filters', () => {
  it.each([
    ['v3/app@ttn/devices/+/up', 'v3/app@ttn/devices/dev1/up', true],
    ['v3/app@ttn/devices/+/up', 'v3/app@ttn/devices/dev1/join', false],
    ['application/+/device/+/event/up', 'application/7/device/24e1/event/up', true],
    ['xovis/#', 'xovis/pc2s/logics', true],
    ['xovis/#', 'xovis', true],
    ['xovis/+', 'xovis/a/b', false],
    ['a/b', 'a/b/c', false],
  ])('%s matches %s: %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });
});
