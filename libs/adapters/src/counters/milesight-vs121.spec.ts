import { milesightVs121Adapter as a } from './milesight-vs121.js';

const input = { device: '24e124538b223213', time: '2026-01-12T10:00:00.000Z', seq: 901, receivedAt: 0, timeZone: 'Europe/Berlin' };
const at = { device: '24e124538b223213', ts: '2026-01-12T10:00:00.000Z', seq: 901 };
const zone = (channel: string, count: number) => ({ type: 'zone', ...at, channel, count });

describe('milesight-vs121 adapter', () => {
  it.each([
    [
      'the whole view and the occupied regions (0x04 C9)',
      { people_count_all: 3, region_count: 8, region_1: 1, region_6: 1, region_8: 1, people_count_max: 5 },
      [zone('', 3), zone('region_1', 1), zone('region_6', 1), zone('region_8', 1)],
    ],
    [
      'region counts (0x07/0x08 D5)',
      { region_1_count: 0, region_2_count: 1, region_8_count: 3, region_9_count: 1 },
      [zone('region_1', 0), zone('region_2', 1), zone('region_8', 3), zone('region_9', 1)],
    ],
    ['region_N_count over region_N for the same region', { region_2: 1, region_2_count: 4 }, [zone('region_2', 4)]],
    ['periodic line counts on channel line', { people_in: 2, people_out: 1 }, [{ type: 'door', ...at, channel: 'line', in: 2, out: 1 }]],
    ['accumulated line totals, 16-bit', { people_total_in: 812, people_total_out: 790 }, [{ type: 'door', ...at, channel: 'line', inTotal: 812, outTotal: 790, width: 65536 }]],
    [
      'the device-repository variant (people_counter_all, 0-based regions[])',
      { people_counter_all: 3, region_count: 3, regions: [{ count: 1, index: 0 }, { count: 1, index: 1 }, { count: 0, index: 2 }] },
      [zone('', 3), zone('region_1', 1), zone('region_2', 1), zone('region_3', 0)],
    ],
    ['device information as a heartbeat', { protocol_version: 1, sn: '6721b1424937', hardware_version: 'V1.0', firmware_version: 'V1.0.0.1' }, [{ type: 'heartbeat', ...at, channel: '' }]],
  ])('reads %s', (_name, payload, events) => {
    expect(a.parse(payload, input)).toStrictEqual({ events, rejections: [] });
  });

  it('keeps good regions and rejects bad ones', () => {
    const r = a.parse({ people_counter_all: 2, regions: [{ count: 2, index: 0 }, { count: 'n/a', index: 1 }, { count: 1 }] }, input);
    expect(r.events).toStrictEqual([zone('', 2), zone('region_1', 2)]);
    expect(r.rejections.map((x) => x.reason)).toStrictEqual(['shape', 'shape']);
  });

  it('rejects a body without an envelope device, and one that is not an object', () => {
    expect(a.parse({ people_in: 1, people_out: 1 }, { receivedAt: 0, timeZone: 'UTC' }).rejections).toMatchObject([{ reason: 'shape' }]);
    expect(a.parse(null, input).rejections).toMatchObject([{ reason: 'shape' }]);
  });
});
