import { disruptiveAdapter as a } from './disruptive.js';

const input = { receivedAt: Date.UTC(2025, 4, 9, 10, 47), timeZone: 'Europe/Oslo' };
const target = 'projects/d0cv6cco848c73ajtmv0/devices/cj5jpe7r23r0008c1pmg';
const push = (eventType: string, data: unknown, timestamp = '2025-05-09T10:46:46.000000Z') => ({
  event: { eventId: 'd0etq5jlo1jc73as7ur0', targetName: target, eventType, data: { [eventType]: data }, timestamp },
  labels: { name: 'Desk 12' },
});
const at = { device: 'cj5jpe7r23r0008c1pmg', channel: '' };

describe('disruptive adapter', () => {
  it('reads deskOccupancy at its updateTime, identically on redelivery', () => {
    const body = push('deskOccupancy', { state: 'OCCUPIED', remarks: [], updateTime: '2025-05-09T10:46:45.512000Z' }, '2025-05-09T10:46:46.000000Z');
    const first = a.parse(body, input);
    expect(first).toStrictEqual({ events: [{ type: 'desk', ...at, ts: '2025-05-09T10:46:45.512Z', occupied: true }], rejections: [] });
    expect(a.parse(structuredClone(body), { ...input, receivedAt: input.receivedAt + 30_000 })).toStrictEqual(first);
    expect(a.parse(push('deskOccupancy', { state: 'NOT_OCCUPIED', remarks: [], updateTime: '2025-05-09T11:02:10.000000Z' }), input).events)
      .toStrictEqual([{ type: 'desk', ...at, ts: '2025-05-09T11:02:10.000Z', occupied: false }]);
  });

  it('reads objectPresentCount as a running in-total', () => {
    expect(a.parse(push('objectPresentCount', { total: 55, updateTime: '2025-05-09T10:50:00.000000Z' }), input).events)
      .toStrictEqual([{ type: 'door', ...at, ts: '2025-05-09T10:50:00.000Z', inTotal: 55, outTotal: 0 }]);
  });

  it('reads networkStatus and batteryStatus as heartbeats on channels named after the type', () => {
    const net = { signalStrength: 45, rssi: -83, updateTime: '2025-05-09T10:46:45.512000Z', cloudConnectors: [{ id: 'bdkjbo2v0000uk377c4g', signalStrength: 45, rssi: -83 }], transmissionMode: 'LOW_POWER_STANDARD_MODE' };
    expect(a.parse(push('networkStatus', net), input).events).toStrictEqual([{ type: 'heartbeat', ...at, channel: 'networkStatus', ts: '2025-05-09T10:46:45.512Z' }]);
    expect(a.parse(push('batteryStatus', { percentage: 100, updateTime: '2025-05-09T10:00:00.000000Z' }), input).events)
      .toStrictEqual([{ type: 'heartbeat', ...at, channel: 'batteryStatus', ts: '2025-05-09T10:00:00.000Z', battery: 100 }]);
  });

  it('rejects an unknown desk state and a foreign body', () => {
    expect(a.parse(push('deskOccupancy', { state: 'INVALID', updateTime: '2025-05-09T10:46:45Z' }), input)).toMatchObject({ events: [], rejections: [{ reason: 'unsupported' }] });
    expect(a.parse({ deviceId: 'x', motionDetected: true }, input)).toMatchObject({ events: [], rejections: [{ reason: 'shape' }] });
  });
});
