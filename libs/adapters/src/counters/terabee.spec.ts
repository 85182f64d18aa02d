import { terabeeAdapter as a } from './terabee.js';

const input = { device: '70b3d5e75e00a1b2', time: '2026-04-01T12:00:00.000Z', seq: 55, receivedAt: 0, timeZone: 'Europe/Paris' };
const at = { device: '70b3d5e75e00a1b2', channel: '', ts: '2026-04-01T12:00:00.000Z', seq: 55 };

describe('terabee adapter', () => {
  it('reads count_in/count_out as running totals with no width', () => {
    expect(a.parse({ count_in: 200, count_out: 456, flags: {} }, input)).toStrictEqual({ events: [{ type: 'door', ...at, inTotal: 200, outTotal: 456 }], rejections: [] });
  });

  it('withholds 0/0 counts when fault flags are set: a heartbeat and a device fault naming them', () => {
    const r = a.parse({ count_in: 0, count_out: 0, flags: { TPC_STOPPED: 1, TPC_STUCK: 1, MULTI_DEV_ISSUE: 1, WIFI_AP_ENABLED: 1 } }, input);
    expect(r.events).toStrictEqual([{ type: 'heartbeat', ...at }]);
    expect(r.rejections).toStrictEqual([{ reason: 'device_fault', detail: expect.stringMatching(/TPC_STOPPED \(counting has stopped\), TPC_STUCK .*, MULTI_DEV_ISSUE .*0 in, 0 out/) }]);
    expect(r.rejections[0]!.detail).not.toContain('WIFI_AP_ENABLED');
  });

  it('keeps counts when only the configuration access point is on, and treats an unknown flag as a fault', () => {
    expect(a.parse({ count_in: 12, count_out: 9, flags: { WIFI_AP_ENABLED: 1 } }, input).events).toStrictEqual([{ type: 'door', ...at, inTotal: 12, outTotal: 9 }]);
    expect(a.parse({ count_in: 12, count_out: 9, flags: { NEW_FLAG: 1, TPC_STUCK: 0 } }, input).rejections).toStrictEqual([{ reason: 'device_fault', detail: expect.stringContaining('NEW_FLAG') }]);
  });

  it('gives a heartbeat for a command response, and rejects garbled counts and foreign bodies', () => {
    expect(a.parse({ cmd: { name: 'CMD_GET_PUSH_PERIOD', id: 3, success: true, value: { push_period_min: 60 } } }, input).events).toStrictEqual([{ type: 'heartbeat', ...at }]);
    expect(a.parse({ count_in: 'x', count_out: 1, flags: {} }, input)).toMatchObject({ events: [{ type: 'heartbeat' }], rejections: [{ reason: 'shape' }] });
    expect(a.parse({ temperature: 20 }, input)).toMatchObject({ events: [], rejections: [{ reason: 'shape' }] });
  });
});
