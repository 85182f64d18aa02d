import { milesightGwEnvelope } from './milesight-gw.js';

const input = { receivedAt: Date.UTC(2026, 2, 23, 7, 45, 6), timeZone: 'Asia/Shanghai' };
const classic = {
  applicationID: '1', applicationName: 'cloud', data: 'AXVkAwAB', devEUI: '24E124136B502217', deviceName: 'VS340-desk-3',
  fCnt: 128, fPort: 85,
  rxInfo: [{ mac: '24e124fffef54092', name: 'Local Gateway', rssi: -51, loRaSNR: 13.8, time: '2022-12-27T07:21:27.078763Z' }],
  time: '2022-12-27T07:21:27.078763Z',
  txInfo: { adr: true, codeRate: '4/5', dataRate: { bandwidth: 125, modulation: 'LORA', spreadFactor: 7 }, frequency: 868100000 },
  object: { battery: 100, occupancy: 'occupied' },
};

describe('milesight-gw envelope', () => {
  it('unwraps a classic uplink with the gateway codec object', () => {
    expect(milesightGwEnvelope.unwrap(classic, input)).toStrictEqual({
      device: '24e124136b502217', time: '2022-12-27T07:21:27.078Z', seq: 128, decoded: { battery: 100, occupancy: 'occupied' },
    });
  });

  it('reads gatewayTime (local with offset) when there is no UTC time, and leaves decoded out without a codec', () => {
    const { time: _t, object: _o, ...rest } = classic;
    const msg = { ...rest, deviceID: 'b2f5c6', gatewaySN: '6223C1234567', gatewayTime: '2026-03-23T15:45:04+08:00' };
    expect(milesightGwEnvelope.unwrap(msg, input)).toStrictEqual({ device: '24e124136b502217', time: '2026-03-23T07:45:04.000Z', seq: 128 });
  });

  it('rejects a body without devEUI', () => {
    expect(milesightGwEnvelope.unwrap({ deviceInfo: { devEui: 'x' } }, input)).toMatchObject({ reason: 'shape' });
  });
});
