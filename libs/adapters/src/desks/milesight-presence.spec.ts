import { milesightPresenceAdapter as a } from './milesight-presence.js';

const input = { device: '24e124136b502217', time: '2026-02-02T09:30:00.000Z', seq: 7, receivedAt: 0, timeZone: 'UTC' };
const at = { device: '24e124136b502217', ts: '2026-02-02T09:30:00.000Z', seq: 7 };

describe('milesight-presence adapter', () => {
  it('turns VS340 vacant/occupied with battery into a state and a battery heartbeat on its own channel', () => {
    expect(a.parse({ battery: 100, occupancy: 'vacant' }, input)).toStrictEqual({
      events: [{ type: 'desk', ...at, channel: '', occupied: false }, { type: 'heartbeat', ...at, channel: 'battery', battery: 100 }],
      rejections: [],
    });
    expect(a.parse({ battery: 98, distance: 15, occupancy: 'occupied', calibration_status: 'success' }, input).events).toStrictEqual([
      { type: 'desk', ...at, channel: '', occupied: true },
      { type: 'heartbeat', ...at, channel: 'battery', battery: 98 },
    ]);
  });

  it('gives a battery-only report as a heartbeat on the device channel, without seq when the envelope has none', () => {
    const { seq: _s, ...noSeq } = input;
    expect(a.parse({ battery: 61 }, noSeq).events).toStrictEqual([{ type: 'heartbeat', device: at.device, ts: at.ts, channel: '', battery: 61 }]);
  });

  it('rejects an unknown state, a body without a device, and a foreign body', () => {
    const r = a.parse({ battery: 90, occupancy: 'unknown' }, input);
    expect(r.events).toStrictEqual([{ type: 'heartbeat', ...at, channel: '', battery: 90 }]);
    expect(r.rejections).toMatchObject([{ reason: 'unsupported' }]);
    expect(a.parse({ occupancy: 'occupied' }, { receivedAt: 0, timeZone: 'UTC' }).rejections).toMatchObject([{ reason: 'shape', detail: expect.stringContaining('envelope') }]);
    expect(a.parse({ temperature: 21 }, input)).toMatchObject({ events: [], rejections: [{ reason: 'shape' }] });
  });
});
