import { milesightVs35xAdapter as a } from './milesight-vs35x.js';

const input = { device: '24e124713d158835', time: '2023-09-01T02:00:00.000Z', seq: 7, receivedAt: 0, timeZone: 'Asia/Shanghai' };
const at = { device: '24e124713d158835', channel: '', ts: '2023-09-01T02:00:00.000Z', seq: 7 };
const backfill = { device: '24e124713d158835', channel: '', backfill: true };

describe('milesight-vs35x adapter', () => {
  it.each([
    ['a battery report as a heartbeat', { battery: 100, temperature: 26.8 }, [{ type: 'heartbeat', ...at, battery: 100 }]],
    ['period counts before the 16-bit totals', { total_in: 18, total_out: 22, period_in: 19, period_out: 20 }, [{ type: 'door', ...at, in: 19, out: 20 }]],
    [
      'threshold-alarm counts as counts',
      { total_in: 4353, total_out: 4360, period_in: 1000, period_out: 1001, total_count_alarm: 'threshold alarm', period_count_alarm: 'threshold alarm' },
      [{ type: 'door', ...at, in: 1000, out: 1001 }],
    ],
    ['totals alone, with their width', { total_in: 65535, total_out: 3 }, [{ type: 'door', ...at, inTotal: 65535, outTotal: 3, width: 65536 }]],
    [
      'history records at their own time, back-filled, without seq',
      { history: [{ period_in: 11, period_out: 4, timestamp: 1693530747 }, { period_in: 7, period_out: 2, total_in: 29, total_out: 8, timestamp: 1693531647 }] },
      [
        { type: 'door', ...backfill, ts: '2023-09-01T01:12:27.000Z', in: 11, out: 4 },
        { type: 'door', ...backfill, ts: '2023-09-01T01:27:27.000Z', in: 7, out: 2 },
      ],
    ],
    [
      'a history record sent twice as one event',
      { history: [{ period_in: 11, period_out: 4, timestamp: 1693530747 }, { period_in: 11, period_out: 4, timestamp: 1693530747 }] },
      [{ type: 'door', ...backfill, ts: '2023-09-01T01:12:27.000Z', in: 11, out: 4 }],
    ],
    ['the lower VS360 battery (main or node)', { battery_main: 100, battery_node: 87 }, [{ type: 'heartbeat', ...at, battery: 87 }]],
  ])('reads %s', (_name, payload, events) => {
    expect(a.parse(payload, input)).toStrictEqual({ events, rejections: [] });
  });

  it('turns VS360 alarms into device faults and lets alarm releases pass', () => {
    const r = a.parse({
      event: [
        { type: 'Counting Anomaly', status: 'Alarm' },
        { type: 'Counting Anomaly', status: 'Alarm Release' },
        { type: 'Node Device Without Response', status: 'Alarm' },
        { type: 'Devices Misaligned', status: 'Alarm' },
      ],
    }, input);
    expect(r.events).toStrictEqual([]);
    expect(r.rejections.map((x) => x.reason)).toStrictEqual(['device_fault', 'device_fault', 'device_fault']);
    expect(r.rejections.map((x) => x.detail)).toStrictEqual([
      expect.stringContaining('"Counting Anomaly" (Alarm)'),
      expect.stringContaining('"Node Device Without Response"'),
      expect.stringContaining('"Devices Misaligned"'),
    ]);
  });

  it('keeps good history records and rejects one without a timestamp', () => {
    const r = a.parse({ period_in: 1, period_out: 0, history: [{ period_in: 3, period_out: 3 }, { period_in: 2, period_out: 1, timestamp: 1693530747 }] }, input);
    expect(r.events).toStrictEqual([{ type: 'door', ...at, in: 1, out: 0 }, { type: 'door', ...backfill, ts: '2023-09-01T01:12:27.000Z', in: 2, out: 1 }]);
    expect(r.rejections).toStrictEqual([{ reason: 'time', detail: expect.stringContaining('history record 1 from 24e124713d158835') }]);
  });

  it('rejects a body without an envelope device, and one that is not an object', () => {
    expect(a.parse({ period_in: 1, period_out: 0 }, { receivedAt: 0, timeZone: 'UTC' }).rejections).toMatchObject([{ reason: 'shape' }]);
    expect(a.parse('04CC12001600', input).rejections).toMatchObject([{ reason: 'shape' }]);
  });
});
