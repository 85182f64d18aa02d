import { pressacAdapter as a } from './pressac.js';

// Europe/London is on BST (UTC+1) in summer, so a naive local time moves back an hour.
const input = { receivedAt: Date.UTC(2023, 6, 4, 12, 0, 30), timeZone: 'Europe/London' };

describe('pressac adapter', () => {
  it('reads lower-case keys with string booleans, stamping the time of receipt when there is no timestamp', () => {
    const body = { deviceid: '050B1EE8', devicename: 'Desk01', dbm: '-53', devicetype: 'Under-Desk-Sensor', motionDetected: 'false', supplyVoltage: '3.26' };
    expect(a.parse(body, input)).toStrictEqual({ events: [{ type: 'desk', device: '050B1EE8', channel: '', ts: '2023-07-04T12:00:30.000Z', occupied: false }], rejections: [] });
  });

  it('reads camelCase keys with a naive local timestamp in the sensor time zone', () => {
    const body = {
      timestamp: '2023-07-04 14:09:34', deviceName: 'SIP-10-002M', deviceId: '058A7F72', deviceType: 'Occupancy-PIR', gatewayName: 'SIPG-10-004',
      location: '', dBm: '-88', security: 'No', motionDetected: true, supplyVoltage: { value: 2.58, unit: 'V' },
    };
    expect(a.parse(body, input).events).toStrictEqual([{ type: 'desk', device: '058A7F72', channel: '', ts: '2023-07-04T13:09:34.000Z', occupied: true }]);
  });

  it('unwraps an Azure IoT Hub d2cMessage (winter: London is UTC)', () => {
    const body = { d2cMessage: { timestamp: '2022-11-30 21:59:12', deviceName: 'SIP-12-004M', deviceId: '0591C3A2', deviceType: 'Occupancy-PIR', motionDetected: true } };
    expect(a.parse(body, input).events).toStrictEqual([{ type: 'desk', device: '0591C3A2', channel: '', ts: '2022-11-30T21:59:12.000Z', occupied: true }]);
  });

  it('rejects sensors without motionDetected, unreadable values and times, and foreign bodies', () => {
    expect(a.parse({ deviceId: '05A1B2C3', deviceType: 'CT-Clamp', current: 3.1 }, input).rejections).toMatchObject([{ reason: 'unsupported' }]);
    expect(a.parse({ deviceId: '058A7F72', motionDetected: 'maybe' }, input).rejections).toMatchObject([{ reason: 'shape' }]);
    expect(a.parse({ deviceId: '058A7F72', motionDetected: true, timestamp: 'yesterday' }, input).rejections).toMatchObject([{ reason: 'time' }]);
    expect(a.parse([1, 2], input)).toMatchObject({ events: [], rejections: [{ reason: 'shape' }] });
  });
});
