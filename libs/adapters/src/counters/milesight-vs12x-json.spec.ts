import { milesightVs12xJsonAdapter as a } from './milesight-vs12x-json.js';

const input = { receivedAt: Date.UTC(2022, 11, 20, 11, 16), timeZone: 'Asia/Shanghai' };
const report = (time: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  event: 'Region People Counting',
  report_type: 'interval',
  device_info: { device: 'Workplace Sensor', device_sn: '369362028335', device_mac: '00:16:28:FA:8E:68', ip_address: '192.168.0.99' },
  time_info: { timezone: 'UTC+8:00', dst_status: false, start_time: '2022/12/20 18:15:52', end_time: '2022/12/20 19:15:52', ...time },
  current_total: 10,
  max_counted: 12,
  total_mapped_regions: 2,
  numbering_regions: [1, 2],
  current_counted: [5, 5],
  occupancy: [1, 0],
  ...extra,
});
const zones = (ts: string, counts: [string, number][]) => counts.map(([channel, count]) => ({ type: 'zone', device: '369362028335', channel, ts, count }));
const published = zones('2022-12-20T11:15:52.000Z', [['', 10], ['region_1', 5], ['region_2', 5]]);

describe('milesight-vs12x-json adapter', () => {
  it('reads the published region report at its local end time, and keeps neither MAC nor IP', () => {
    const r = a.parse(report(), input);
    expect(r).toStrictEqual({ events: published, rejections: [] });
    expect(JSON.stringify(r)).not.toMatch(/00:16:28|192\.168/);
  });

  it.each([
    ['daylight saving time on (an hour ahead of the offset)', { dst_status: true }, '2022-12-20T10:15:52.000Z'],
    ['dst_status as a string', { dst_status: 'true' }, '2022-12-20T10:15:52.000Z'],
    ['a negative offset with minutes', { timezone: 'UTC-3:30' }, '2022-12-20T22:45:52.000Z'],
    ['no timezone: the sensor zone', { timezone: undefined }, '2022-12-20T11:15:52.000Z'],
  ])('reads %s', (_name, time, ts) => {
    expect(a.parse(report(time), input).events.map((e) => e.ts)).toStrictEqual([ts, ts, ts]);
  });

  it('reads keys in any case (Max_counted, Current_Total, Time_Info)', () => {
    const { time_info, current_total: _c, max_counted: _m, ...rest } = report();
    expect(a.parse({ ...rest, Time_Info: time_info, Current_Total: 10, Max_counted: 12 }, input)).toStrictEqual({ events: published, rejections: [] });
  });

  it('keeps good regions and rejects a bad count', () => {
    const r = a.parse(report({}, { numbering_regions: [1, 3], current_counted: [4, 'x'] }), input);
    expect(r.events).toStrictEqual(zones('2022-12-20T11:15:52.000Z', [['', 10], ['region_1', 4]]));
    expect(r.rejections).toStrictEqual([{ reason: 'shape', detail: expect.stringContaining('current_counted[1]="x"') }]);
  });

  it('rejects an unreadable time, a report without headcounts, and a foreign body', () => {
    expect(a.parse(report({ timezone: 'Beijing' }), input)).toMatchObject({ events: [], rejections: [{ reason: 'time' }] });
    expect(a.parse(report({ end_time: 'yesterday' }), input)).toMatchObject({ events: [], rejections: [{ reason: 'time' }] });
    const { current_total: _c, numbering_regions: _n, current_counted: _cc, ...trigger } = report();
    expect(a.parse({ ...trigger, event: 'Line Crossing' }, input)).toMatchObject({ events: [], rejections: [{ reason: 'unsupported', detail: expect.stringContaining('"Line Crossing"') }] });
    expect(a.parse({ current_total: 3 }, input)).toMatchObject({ events: [], rejections: [{ reason: 'shape' }] });
  });
});
