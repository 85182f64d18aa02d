import { elsysAdapter as a } from './elsys.js';

const input = { device: 'a81758fffe0312ab', time: '2026-02-02T10:00:00.000Z', seq: 311, receivedAt: 0, timeZone: 'UTC' };
const at = { device: 'a81758fffe0312ab', channel: '', ts: '2026-02-02T10:00:00.000Z', seq: 311 };

describe('elsys adapter', () => {
  it('reads 2 as occupied and 0 as unoccupied (EMS Desk)', () => {
    expect(a.parse({ temperature: 22.6, humidity: 41, x: 1, y: 39, z: 5, occupancy: 2 }, input)).toStrictEqual({ events: [{ type: 'desk', ...at, occupied: true }], rejections: [] });
    expect(a.parse({ temperature: 22.6, humidity: 41, x: 1, y: 39, z: 5, occupancy: 0 }, input).events).toStrictEqual([{ type: 'desk', ...at, occupied: false }]);
  });

  it('gives pending (1) no state, only a heartbeat, and ignores the PIR motion count (ERS Eye)', () => {
    expect(a.parse({ temperature: 22.6, humidity: 41, light: 39, motion: 6, occupancy: 1 }, input)).toStrictEqual({ events: [{ type: 'heartbeat', ...at }], rejections: [] });
  });

  it('rejects an unknown occupancy value and a body without occupancy', () => {
    expect(a.parse({ occupancy: 3 }, input)).toMatchObject({ events: [], rejections: [{ reason: 'unsupported' }] });
    expect(a.parse({ temperature: 22.6, motion: 6 }, input)).toMatchObject({ events: [], rejections: [{ reason: 'shape' }] });
  });
});
