import { xovisV5Adapter as a } from './xovis-v5.js';

const input = { receivedAt: Date.UTC(2022, 1, 25, 12, 43), timeZone: 'Europe/Zurich' };
const logicsData = {
  logics_data: {
    package_info: { version: '5.0', id: 28, agent_id: 1008 },
    logics: [
      {
        id: 2, name: 'Line 0', info: 'XLT_4X_LINE_IN_OUT_COUNT',
        geometries: [{ id: 2, type: 'LINE', name: 'Line 0' }],
        records: [{ from: 1645792860000, to: 1645792920000, counts: [{ id: 2, name: 'fw', value: 1 }, { id: 3, name: 'bw', value: 0 }] }],
      },
      {
        id: 1, name: 'Zone 0', info: 'XLT_4X_ZONE_COUNT',
        records: [{ from: 1645792860000, to: 1645792920000, counts: [{ id: 1, name: 'balance', value: 0 }] }],
      },
    ],
  },
};
const crossing = (type: string, trackId: number, name = 'Line 0', id = 2) => ({
  category: 'SCENE', type, attributes: { track_id: trackId, sequence_number: 0, geometry_id: id, geometry_type: 'LINE', geometry_name: name },
});
const frame = (time: number, events: unknown[]) => ({
  framenumber: 4137403, time, tracked_objects: [{ track_id: 490, type: 'PERSON', position: [-0.045263, 0.077018, 1.738642] }], events,
});
const liveData = (frames: unknown[], extra: Record<string, unknown> = {}) => ({ live_data: { package_info: { version: '5.0', id: 150, agent_id: 1005 }, ...extra, frames } });
const t1 = '2022-02-25T09:17:45.470Z';

describe('xovis-v5 adapter', () => {
  it('reads line logic records as interval counts (fw in, bw out) and a zone balance as a headcount', () => {
    expect(a.parse(logicsData, input)).toStrictEqual({
      events: [
        { type: 'door', device: 'agent-1008', channel: 'Line 0', ts: '2022-02-25T12:42:00.000Z', in: 1, out: 0 },
        { type: 'zone', device: 'agent-1008', channel: 'Zone 0', ts: '2022-02-25T12:42:00.000Z', count: 0 },
      ],
      rejections: [],
    });
  });

  it('sums crossings of one line in one frame, ignores COUNT_INCREMENT, and never keeps track ids', () => {
    const increment = { category: 'COUNT', type: 'COUNT_INCREMENT', attributes: { track_id: 111, logic_id: 4, logic_name: 'Line-based logic 2', counter_id: 6, counter_name: 'fw', counter_value: 1471 } };
    const payload = liveData(
      [
        frame(1645780665470, [crossing('LINE_CROSS_FORWARD', 490), crossing('LINE_CROSS_FORWARD', 491), crossing('LINE_CROSS_BACKWARD', 492), crossing('LINE_CROSS_FORWARD', 493, 'Line 1', 3), increment]),
        frame(1645780666470, [crossing('LINE_CROSS_BACKWARD', 490)]),
        frame(1645780667470, [increment]),
      ],
      { sensor_info: { serial_number: '80:1F:12:D5:30:DC' } },
    );
    const device = '80:1F:12:D5:30:DC';
    const r = a.parse(payload, input);
    expect(r).toStrictEqual({
      events: [
        { type: 'door', device, channel: 'Line 0', ts: t1, in: 2, out: 1 },
        { type: 'door', device, channel: 'Line 1', ts: t1, in: 1, out: 0 },
        { type: 'door', device, channel: 'Line 0', ts: '2022-02-25T09:17:46.470Z', in: 0, out: 1 },
      ],
      rejections: [],
    });
    expect(JSON.stringify(r)).not.toMatch(/track|49\d/);
  });

  it('reads the published single backward crossing, with the device from the push agent', () => {
    expect(a.parse(liveData([frame(1645780665470, [crossing('LINE_CROSS_BACKWARD', 490)])]), input).events).toStrictEqual([
      { type: 'door', device: 'agent-1005', channel: 'Line 0', ts: t1, in: 0, out: 1 },
    ]);
  });

  it('ignores other counts, clamps a negative balance, and rejects a bad record while keeping the rest', () => {
    const [line, zone] = logicsData.logics_data.logics;
    const r = a.parse({
      logics_data: {
        ...logicsData.logics_data,
        logics: [
          { ...line, records: [...line!.records, { from: 1645792920000, to: 1645792980000, counts: [{ name: 'fw', value: 'many' }, { name: 'bw', value: 0 }] }, 'junk'] },
          { ...zone, records: [{ from: 0, to: 1645792920000, counts: [{ name: 'balance', value: -2 }] }] },
          { id: 5, name: 'Queue 0', records: [{ from: 0, to: 1645792920000, counts: [{ name: 'queue-length', value: 4 }, { name: 'fw-male', value: 2 }] }] },
        ],
      },
    }, input);
    expect(r.events).toStrictEqual([
      { type: 'door', device: 'agent-1008', channel: 'Line 0', ts: '2022-02-25T12:42:00.000Z', in: 1, out: 0 },
      { type: 'zone', device: 'agent-1008', channel: 'Zone 0', ts: '2022-02-25T12:42:00.000Z', count: 0 },
    ]);
    expect(r.rejections.map((x) => x.reason)).toStrictEqual(['shape', 'shape']);
  });

  it('gives a heartbeat for status data, and rejects a foreign body', () => {
    const status = { status_data: { package_info: { version: '5.0', id: 1, agent_id: 1006 }, states: { device: { state: { state: 'OK' } } } } };
    expect(a.parse(status, input).events).toStrictEqual([{ type: 'heartbeat', device: 'agent-1006', channel: '', ts: '2022-02-25T12:43:00.000Z' }]);
    expect(a.parse({ frames: [] }, input)).toMatchObject({ events: [], rejections: [{ reason: 'shape' }] });
  });
});
