import { butlrAdapter as a } from './butlr.js';

const input = { receivedAt: Date.UTC(2024, 8, 30, 22, 37, 15), timeZone: 'America/Los_Angeles' };
const ts = '2024-09-30T22:37:12.000Z';
const meta = { org_id: 'org_2bT9', site_id: 'site_2bTa', building_id: 'building_2bTb', floor_id: 'space_2bTc', room_id: 'room_2bTd', room_name: 'Cherry Falls' };
const event = (type: string, data: unknown, extra: Record<string, unknown> = {}, timestamp = 1727735832000) =>
  ({ id: 'event_2oUBiSXgx48RtbZKXHm5ekpAzFe', type, timestamp, version: 'v1.0.0', metadata: { ...meta, ...extra }, data });
const traffic = (data: unknown) => event('TRAFFIC', data, { hive_id: 'hive_1', sensor_id: 'sensor_9xQ', hive_serial: 'h-0042', sensor_mode: 'traffic' });

describe('butlr adapter', () => {
  it('reads TRAFFIC as in/out for the sensor, summing events of the same instant', () => {
    expect(a.parse(traffic({ in: 0, out: 1 }), input)).toStrictEqual({ events: [{ type: 'door', device: 'sensor_9xQ', channel: '', ts, in: 0, out: 1 }], rejections: [] });
    expect(a.parse([traffic({ in: 0, out: 1 }), traffic({ in: 2, out: 0 })], input).events).toStrictEqual([{ type: 'door', device: 'sensor_9xQ', channel: '', ts, in: 2, out: 1 }]);
    expect(a.parse({ ...traffic({ in: 1, out: 0 }), metadata: { ...meta, hive_serial: 'h-0042' } }, input).events[0]).toMatchObject({ device: 'h-0042' });
  });

  it.each([
    ['ROOM_OCCUPANCY', 'room_2bTd', {}],
    ['ZONE_OCCUPANCY', 'zone_7', { zone_id: 'zone_7' }],
    ['FLOOR_OCCUPANCY', 'space_2bTc', {}],
    ['ROOM_OCCUPANCY_1M', 'room_2bTd', {}],
    ['ZONE_OCCUPANCY_1MIN', 'zone_7', { zone_id: 'zone_7' }],
  ])('reads %s as the headcount of its space', (type, device, extra) => {
    expect(a.parse(event(type, 4, extra), input)).toStrictEqual({ events: [{ type: 'zone', device, channel: '', ts, count: 4 }], rejections: [] });
  });

  it('keeps the latest of revised occupancy values for one instant', () => {
    expect(a.parse([event('ROOM_OCCUPANCY', 4), event('ROOM_OCCUPANCY', 5)], input).events).toStrictEqual([{ type: 'zone', device: 'room_2bTd', channel: '', ts, count: 5 }]);
  });

  it('refuses DETECTIONS by design and other types as unsupported, keeping good events beside them', () => {
    const detections = event('DETECTIONS', [{ x: 1.2, y: 3.4, world_x: 10.2, world_y: 4.4 }]);
    const r = a.parse([detections, event('PIR_NO_MOTION', {}), event('ROOM_OCCUPANCY', 2), traffic({ in: 1 })], input);
    expect(r.events).toStrictEqual([{ type: 'zone', device: 'room_2bTd', channel: '', ts, count: 2 }]);
    expect(r.rejections).toStrictEqual([
      { reason: 'unsupported', detail: expect.stringContaining('positions of individual people') },
      { reason: 'unsupported', detail: expect.stringContaining('PIR_NO_MOTION') },
      { reason: 'shape', detail: expect.stringContaining('sensor_9xQ') },
    ]);
    expect(JSON.stringify(r)).not.toContain('3.4');
  });

  it('rejects a foreign body', () => {
    expect(a.parse({ data: 4 }, input)).toMatchObject({ events: [], rejections: [{ reason: 'shape' }] });
  });
});
