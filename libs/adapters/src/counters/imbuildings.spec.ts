import { imbuildingsAdapter as a } from './imbuildings.js';

const input = { device: '0004a30b00f0d40e', time: '2026-05-04T08:30:00.000Z', seq: 1200, receivedAt: 0, timeZone: 'Europe/Amsterdam' };
const at = { device: '0004a30b00f0d40e', channel: '', ts: '2026-05-04T08:30:00.000Z', seq: 1200 };
const published = {
  device_type_identifier: 2, device_type: 'People Counter', device_type_variant: 6, device_id: '0004a30b00f0d40e', device_status: 0,
  battery_voltage: 2.56, counter_a: 0, counter_b: 0, sensor_status: 32, total_counter_a: 13, total_counter_b: 10, payload_counter: 106,
};

describe('imbuildings adapter', () => {
  it('reads counter_a/b as in/out since the last uplink, with the envelope seq (not payload_counter)', () => {
    expect(a.parse(published, input)).toStrictEqual({ events: [{ type: 'door', ...at, in: 0, out: 0 }], rejections: [] });
    expect(a.parse({ ...published, counter_a: 4, counter_b: 1 }, input).events).toStrictEqual([{ type: 'door', ...at, in: 4, out: 1 }]);
  });

  it('falls back to the 16-bit totals', () => {
    const { counter_a: _a, counter_b: _b, ...totals } = published;
    expect(a.parse(totals, input).events).toStrictEqual([{ type: 'door', ...at, inTotal: 13, outTotal: 10, width: 65536 }]);
  });

  it('takes the device from the body when no envelope names it', () => {
    const { device: _d, seq: _s, ...bare } = input;
    expect(a.parse(published, bare).events).toStrictEqual([{ type: 'door', device: '0004a30b00f0d40e', channel: '', ts: '2026-05-04T08:30:00.000Z', in: 0, out: 0 }]);
  });

  it('gives a heartbeat for an uplink without counters, and rejects garbled counters and foreign bodies', () => {
    expect(a.parse({ device_type: 'People Counter', device_status: 0, battery_voltage: 2.9 }, input)).toStrictEqual({ events: [{ type: 'heartbeat', ...at }], rejections: [] });
    expect(a.parse({ counter_a: -1, counter_b: 2 }, input)).toMatchObject({ events: [], rejections: [{ reason: 'shape' }] });
    expect(a.parse(42, input)).toMatchObject({ events: [], rejections: [{ reason: 'shape' }] });
  });
});
