import { irisysVectorAdapter as a } from './irisys-vector.js';

const input = { receivedAt: Date.UTC(2018, 11, 3, 14, 21, 30), timeZone: 'Europe/London' };
const demo = {
  CountLogs: [{
    Counts: [{ Name: 'Line 1', RegisterId: 0, Value: 121 }, { Name: 'Line 2', RegisterId: 1, Value: 127 }, { Name: 'Zone 1', RegisterId: 2, Value: 156 }],
    LogEntryId: 353493,
    Timestamp: '2018-12-03T14:21:00Z',
  }],
  FriendlyDeviceSerial: 'V4D-17020025',
};
const at = { device: 'V4D-17020025', ts: '2018-12-03T14:21:00.000Z', seq: 353493 };

describe('irisys-vector adapter', () => {
  it('reads every register of an HTTP count log as a running in-total, seq = LogEntryId', () => {
    expect(a.parse(demo, input)).toStrictEqual({
      events: [
        { type: 'door', ...at, channel: 'Line 1', inTotal: 121, outTotal: 0 },
        { type: 'door', ...at, channel: 'Line 2', inTotal: 127, outTotal: 0 },
        { type: 'door', ...at, channel: 'Zone 1', inTotal: 156, outTotal: 0 },
      ],
      rejections: [],
    });
  });

  it('keeps good logs and registers, rejecting a log without a zoned time and a register without a value', () => {
    const bad = { ...demo, CountLogs: [{ ...demo.CountLogs[0], Counts: [{ Name: 'Line 1', RegisterId: 0, Value: 121 }, { Name: 'Line 2', RegisterId: 1 }] }, { Counts: [], LogEntryId: 353494, Timestamp: '2018-12-03 14:36:00' }] };
    const r = a.parse(bad, input);
    expect(r.events).toStrictEqual([{ type: 'door', ...at, channel: 'Line 1', inTotal: 121, outTotal: 0 }]);
    expect(r.rejections.map((x) => x.reason)).toStrictEqual(['shape', 'time']);
  });

  it('reads MQTT live counts for the device named in the topic, at the time of receipt', () => {
    const live = { counts: [{ name: 'Line 1', count: 122 }, { name: 'Line 2', count: 127 }] };
    expect(a.parse(live, { ...input, topic: 'irisys/V4D-17020025/live_counts' })).toStrictEqual({
      events: [
        { type: 'door', device: 'V4D-17020025', channel: 'Line 1', ts: '2018-12-03T14:21:30.000Z', inTotal: 122, outTotal: 0 },
        { type: 'door', device: 'V4D-17020025', channel: 'Line 2', ts: '2018-12-03T14:21:30.000Z', inTotal: 127, outTotal: 0 },
      ],
      rejections: [],
    });
    expect(a.parse(live, { ...input, topic: 'irisys/live' })).toMatchObject({ events: [], rejections: [{ reason: 'shape' }] });
  });

  it('rejects a foreign body', () => {
    expect(a.parse({ Counts: [] }, input)).toMatchObject({ events: [], rejections: [{ reason: 'shape' }] });
  });
});
