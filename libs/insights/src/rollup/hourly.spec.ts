import type { ZoneBucket } from '@hearth/analytics';
import { HOUR_MS, hourSlots, packHourly, unpackHourly } from './hourly.js';

const Q = 15 * 60_000;
const dayStart = Date.UTC(2026, 10, 23, 5); // 05:00 in London (UTC in November)
const b = (offsetMin: number, mean: number, peak: number, arrivals: number, departures: number, coveredMs = Q): ZoneBucket => ({
  zone: 'reading-room',
  start: dayStart + offsetMin * 60_000,
  mean,
  peak,
  arrivals,
  departures,
  coveredMs,
});

describe('hourly packing of a service day', () => {
  it('keeps each hour: covered-weighted mean, highest peak, summed arrivals and departures', () => {
    // Hour 4 (09:00-10:00): quarters with means 2, 4 (full), 6 (half covered) and no data.
    // Mean = (2*15 + 4*15 + 6*7.5) / 37.5 = 135 / 37.5 = 3.6.
    const packed = packHourly([b(240, 2, 3, 2, 0), b(255, 4, 5, 3, 1), b(270, 6, 7, 1, 0, Q / 2)], dayStart, dayStart + 24 * HOUR_MS);
    const hours = unpackHourly('reading-room', dayStart, packed);
    expect(hours).toHaveLength(1);
    expect(hours[0]).toMatchObject({ start: dayStart + 4 * HOUR_MS, peak: 7, arrivals: 6, departures: 1, coveredMs: 37.5 * 60_000 });
    expect(hours[0]!.mean).toBeCloseTo(3.6, 5);
  });

  it('has 25 slots on the autumn daylight-saving day', () => {
    const start = Date.UTC(2026, 9, 25, 4); // 05:00 BST on 25 October 2026
    const end = Date.UTC(2026, 9, 26, 5); // 05:00 GMT on 26 October
    expect(hourSlots(start, end)).toBe(25);
    const packed = packHourly([b(0, 1, 1, 0, 0)].map((x) => ({ ...x, start: end - Q })), start, end);
    expect(unpackHourly('z', start, packed).map((h) => h.start)).toEqual([start + 24 * HOUR_MS]);
  });
});
