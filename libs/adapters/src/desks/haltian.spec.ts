import { haltianAdapter as a } from './haltian.js';

const uuid = '7f3e2c1a-5b6d-4e8f-9a0b-1c2d3e4f5a6b';
const input = { receivedAt: Date.UTC(2026, 0, 28, 8, 52, 20), timeZone: 'Europe/Helsinki' };
const on = (type: string) => ({ ...input, topic: `haltian-iot/events/int-1/key-9/measurements/${type}/${uuid}` });

describe('haltian adapter', () => {
  it('reads occupancyStatus in its spellings, naming the device from the topic', () => {
    for (const [v, occupied] of [[1, true], [0, false], [true, true], ['false', false], ['occupied', true], ['vacant', false], ['free', false]] as const) {
      expect(a.parse({ measured_at: '2026-01-28T08:52:11Z', occupancyStatus: v }, on('occupancyStatus'))).toStrictEqual({
        events: [{ type: 'desk', device: uuid, channel: '', ts: '2026-01-28T08:52:11.000Z', occupied }],
        rejections: [],
      });
    }
  });

  it('treats movementDetections as liveness only, not people', () => {
    expect(a.parse({ measured_at: '2026-01-28T08:52:11Z', movementDetections: 7 }, on('movementDetections')).events)
      .toStrictEqual([{ type: 'heartbeat', device: uuid, channel: 'movementDetections', ts: '2026-01-28T08:52:11.000Z' }]);
  });

  it('falls back to the body device id, then the integration device, and the time of receipt', () => {
    expect(a.parse({ tsmTuid: 'TSPR04EZU31901021', occupancyStatus: 1 }, { ...input, device: 'other' }).events)
      .toStrictEqual([{ type: 'desk', device: 'TSPR04EZU31901021', channel: '', ts: '2026-01-28T08:52:20.000Z', occupied: true }]);
    expect(a.parse({ occupancyStatus: 0 }, { ...input, device: 'desk-7' }).events[0]).toMatchObject({ device: 'desk-7', occupied: false });
  });

  it('rejects other statuses, missing devices, bad times and foreign bodies', () => {
    expect(a.parse({ measured_at: '2026-01-28T08:52:11Z', occupancyStatus: 2 }, on('occupancyStatus')).rejections).toMatchObject([{ reason: 'unsupported' }]);
    expect(a.parse({ occupancyStatus: 1 }, input).rejections).toMatchObject([{ reason: 'shape' }]);
    expect(a.parse({ measured_at: '28.1.2026 08:52', occupancyStatus: 1 }, on('occupancyStatus')).rejections).toMatchObject([{ reason: 'time' }]);
    expect(a.parse({ measured_at: '2026-01-28T08:52:11Z', temp: 21.5 }, on('temp'))).toMatchObject({ events: [], rejections: [{ reason: 'shape' }] });
  });
});
