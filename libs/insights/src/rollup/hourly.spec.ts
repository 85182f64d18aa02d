import type { ZoneBucket } from '@hearth/analytics';
import { dayTotals, HOUR_MS, hourSlots, packHourly, packQuarters, QUARTER_MS, unpackSlots } from './hourly.js';

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
    const hours = unpackSlots('reading-room', dayStart, packed, HOUR_MS);
    expect(hours).toHaveLength(1);
    expect(hours[0]).toMatchObject({ start: dayStart + 4 * HOUR_MS, peak: 7, arrivals: 6, departures: 1, coveredMs: 37.5 * 60_000 });
    expect(hours[0]!.mean).toBeCloseTo(3.6, 5);
  });

  it('has 25 slots on the autumn daylight-saving day', () => {
    const start = Date.UTC(2026, 9, 25, 4); // 05:00 BST on 25 October 2026
    const end = Date.UTC(2026, 9, 26, 5); // 05:00 GMT on 26 October
    expect(hourSlots(start, end)).toBe(25);
    const packed = packHourly([b(0, 1, 1, 0, 0)].map((x) => ({ ...x, start: end - Q })), start, end);
    expect(unpackSlots('z', start, packed, HOUR_MS).map((h) => h.start)).toEqual([start + 24 * HOUR_MS]);
  });
});

describe('quarter-hour packing and day totals', () => {
  const end = dayStart + 24 * HOUR_MS;

  it('keeps every quarter hour with data and reads back only those inside the window', () => {
    const packed = packQuarters([b(240, 2, 3, 2, 0), b(255, 4, 5, 3, 1), b(270, 0, 0, 0, 0, 0)], dayStart, end);
    expect(packed.length).toBe(96 * 20);
    const all = unpackSlots('reading-room', dayStart, packed, QUARTER_MS);
    // The quarter without coverage is not data, so it is left out.
    expect(all).toEqual([b(240, 2, 3, 2, 0), b(255, 4, 5, 3, 1)]);
    // [09:15, 09:30) in the window: only the second quarter.
    expect(unpackSlots('reading-room', dayStart, packed, QUARTER_MS, [], dayStart + 255 * 60_000, dayStart + 270 * 60_000)).toEqual([b(255, 4, 5, 3, 1)]);
  });

  it('totals a day over its buckets with data: coverage-weighted mean, highest peak, summed counts', () => {
    // Means 2 (full quarter) and 6 (half): (2 × 15 + 6 × 7.5) / 22.5 = 75 / 22.5 = 3.333…
    const totals = dayTotals([b(240, 2, 3, 2, 0), b(255, 6, 7, 1, 1, Q / 2), b(270, 9, 9, 5, 5, 0)]);
    expect(totals).toMatchObject({ peak: 7, arrivals: 3, departures: 1, coveredMs: 1.5 * Q });
    expect(totals.mean).toBeCloseTo(75 / 22.5, 10);
    expect(dayTotals([])).toEqual({ mean: 0, peak: 0, arrivals: 0, departures: 0, coveredMs: 0 });
  });
});
