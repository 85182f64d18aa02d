import { chirpstackV4Envelope } from './chirpstack-v4.js';

const input = { receivedAt: Date.UTC(2024, 2, 1, 9, 0, 5), timeZone: 'UTC' };
const deviceInfo = {
  tenantId: '52f14cd4-c6f1-4fbd-8f87-4025e1d49242', tenantName: 'Library', applicationId: 'e3b0a5b4-0d6f-4d0e-9d3a-9a1c2b3c4d5e',
  applicationName: 'desks', deviceProfileId: 'a1b2c3d4-0000-0000-0000-000000000001', deviceProfileName: 'Elsys EMS Desk',
  deviceName: 'desk-12', devEui: 'A81758FFFE0312AB', tags: {},
};
const up = {
  deduplicationId: '3ac2b6fd-7a2e-4c2e-9b3e-0c6d5b3a9f11', time: '2024-03-01T09:00:04.123456+00:00', deviceInfo,
  devAddr: '01fa2b3c', adr: true, dr: 5, fCnt: 311, fPort: 1, confirmed: false, data: 'AQDiAikDAScFEQI=',
  object: { temperature: 22.6, humidity: 41, x: 1, y: 39, z: 5, occupancy: 2 },
  rxInfo: [{ gatewayId: '0016c001f153a14c', rssi: -57, snr: 10.5 }],
};

describe('chirpstack-v4 envelope', () => {
  it('unwraps an uplink with its codec object', () => {
    expect(chirpstackV4Envelope.unwrap(up, input)).toStrictEqual({
      device: 'a81758fffe0312ab', time: '2024-03-01T09:00:04.123Z', seq: 311, model: 'Elsys EMS Desk',
      decoded: { temperature: 22.6, humidity: 41, x: 1, y: 39, z: 5, occupancy: 2 },
    });
  });

  it('falls back to the time of receipt and leaves decoded out without a codec', () => {
    const { time: _t, object: _o, ...bare } = up;
    expect(chirpstackV4Envelope.unwrap(bare, input)).toStrictEqual({ device: 'a81758fffe0312ab', time: '2024-03-01T09:00:05.000Z', seq: 311, model: 'Elsys EMS Desk' });
  });

  it('rejects join events and foreign bodies', () => {
    const join = { deduplicationId: 'c9dd1e6e-1b8c-4b1f-9a8f-2d2d0f1a2b3c', time: '2024-03-01T08:00:00Z', deviceInfo, devAddr: '01fa2b3c' };
    expect(chirpstackV4Envelope.unwrap(join, input)).toMatchObject({ reason: 'shape', detail: expect.stringContaining('not an uplink') });
    expect(chirpstackV4Envelope.unwrap({ end_device_ids: {} }, input)).toMatchObject({ reason: 'shape' });
  });
});
