import { milesightVs13xAdapter as a } from './milesight-vs13x.js';

const input = { device: '24e124136b502217', time: '2026-03-02T09:15:00.000Z', seq: 42, receivedAt: 0, timeZone: 'Europe/London' };
const at = { device: '24e124136b502217', ts: '2026-03-02T09:15:00.000Z', seq: 42 };
const total = (n: number, inTotal: number, outTotal: number) => ({ type: 'door', ...at, channel: `line_${n}`, inTotal, outTotal, width: 2 ** 32 });
const period = (n: number, i: number, o: number) => ({ type: 'door', ...at, channel: `line_${n}`, in: i, out: o });

describe('milesight-vs13x adapter', () => {
  it.each([
    [
      'flat totals (03D248000000 ... 0DD28D1A0000)',
      { line_1_total_in: 72, line_1_total_out: 200, line_2_total_in: 0, line_2_total_out: 0, line_3_total_in: 0, line_3_total_out: 0, line_4_total_in: 5300, line_4_total_out: 6797 },
      [total(1, 72, 200), total(2, 0, 0), total(3, 0, 0), total(4, 5300, 6797)],
    ],
    [
      'flat periods (05CC00000000 08CC00000000 0BCC00000000 0ECC05000700)',
      { line_1_period_in: 0, line_1_period_out: 0, line_2_period_in: 0, line_2_period_out: 0, line_3_period_in: 0, line_3_period_out: 0, line_4_period_in: 5, line_4_period_out: 7 },
      [period(1, 0, 0), period(2, 0, 0), period(3, 0, 0), period(4, 5, 7)],
    ],
    [
      'flat periods preferred over the totals beside them',
      { line_1_total_in: 72, line_1_total_out: 200, line_1_period_in: 3, line_1_period_out: 1 },
      [period(1, 3, 1)],
    ],
    [
      'nested objects of the device-repository codec',
      { line_1: { total_in: 72, total_out: 200, period_in: 0, period_out: 0 }, line_2: { total_in: 0, total_out: 0, period_in: 0, period_out: 0 } },
      [period(1, 0, 0), period(2, 0, 0)],
    ],
    ['nested totals only', { line_3: { total_in: 9, total_out: 8 } }, [total(3, 9, 8)]],
    [
      'region headcounts (0FE302100709)',
      { region_1_count: 2, region_2_count: 16, region_3_count: 7, region_4_count: 9 },
      [1, 2, 3, 4].map((n, i) => ({ type: 'zone', ...at, channel: `region_${n}`, count: [2, 16, 7, 9][i] })),
    ],
    ['device information only, as a heartbeat', { ipso_version: 'v0.1', hardware_version: 'v1.0', firmware_version: 'v1.2', sn: '6747d19265820002' }, [{ type: 'heartbeat', ...at, channel: '' }]],
    ['a battery level beside counts, on channel battery', { battery: 88, line_1_period_in: 1, line_1_period_out: 0 }, [period(1, 1, 0), { type: 'heartbeat', ...at, channel: 'battery', battery: 88 }]],
  ])('reads %s', (_name, payload, events) => {
    expect(a.parse(payload, input)).toStrictEqual({ events, rejections: [] });
  });

  it('keeps good lines and rejects a garbled one, falling back to its totals', () => {
    const r = a.parse({ line_1_period_in: 2, line_1_period_out: 1, line_2_period_in: 'x', line_2_period_out: 3, line_2_total_in: 10, line_2_total_out: 11, line_3: 7 }, input);
    expect(r.events).toStrictEqual([period(1, 2, 1), total(2, 10, 11)]);
    expect(r.rejections).toHaveLength(2);
    expect(r.rejections[0]).toMatchObject({ reason: 'shape', detail: expect.stringContaining('line 3 of 24e124136b502217') });
    expect(r.rejections[1]).toMatchObject({ reason: 'shape', detail: expect.stringContaining('line 2 of 24e124136b502217: period_in="x"') });
  });

  it('rejects a body without an envelope device, and a body that is not an object', () => {
    expect(a.parse({ line_1_period_in: 1, line_1_period_out: 0 }, { receivedAt: 0, timeZone: 'UTC' })).toMatchObject({ events: [], rejections: [{ reason: 'shape' }] });
    expect(a.parse([1, 2], input)).toMatchObject({ events: [], rejections: [{ reason: 'shape' }] });
  });
});
