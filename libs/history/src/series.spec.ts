import { CumulativeSeries, IntervalSeries, rolloverFor, type SeriesSink } from './series.js';
import type { Measure } from './types.js';

const H = 3_600_000;

/** Records what a series sends, as the reader would receive it. */
function sink() {
  const rows: { start: number; end: number; in: number; out: number; line: number }[] = [];
  const issues: { line: number; reason: string; text?: string }[] = [];
  let wraps = 0;
  const s: SeriesSink = {
    row: (_e, start, end, inCount, outCount, line) => rows.push({ start, end, in: inCount, out: outCount, line }),
    issue: (line, _e, _k, reason, text) => issues.push({ line, reason, ...(text ? { text } : {}) }),
    bridged: () => wraps++,
    repeatedStart: () => NaN,
  };
  return { s, rows, issues, wraps: () => wraps };
}

/** Feeds hourly readings (hour i = line i + 1); null leaves the hour out. */
function feed(series: CumulativeSeries | IntervalSeries, readings: (number | null)[]) {
  const v = new Float64Array(2);
  readings.forEach((r, i) => {
    if (r === null) return;
    v[0] = r;
    series.push(v, i * H, (i + 1) * H, i + 1);
  });
  series.finish();
}

const cumulative = (measure: Measure = 'entries', rollover?: number) => {
  const out = sink();
  return { ...out, series: new CumulativeSeries('door', 1, measure, out.s, { jumpFactor: 10, rollover }) };
};

describe('rolloverFor', () => {
  it('detects a counter wrapping at a power of ten, 65536 or 2^32 only near the top', () => {
    expect(rolloverFor(999_990, 25, undefined)).toBe(1_000_000);
    expect(rolloverFor(99_950, 40, undefined)).toBe(100_000);
    expect(rolloverFor(65_500, 20, undefined)).toBe(65_536);
    expect(rolloverFor(4_294_967_000, 100, undefined)).toBe(4_294_967_296);
    expect(rolloverFor(500_000, 20, undefined)).toBe(0);
    expect(rolloverFor(999_990, 500_000, undefined)).toBe(0);
    expect(rolloverFor(60_000, 1_000, 65_536)).toBe(65_536);
    expect(rolloverFor(10_000, 1_000, 65_536)).toBe(0);
  });
});

describe('CumulativeSeries', () => {
  it('takes the first reading as a baseline and yields the differences after it', () => {
    const t = cumulative();
    feed(t.series, [100, 110, 125, 125, 160]);
    expect(t.rows.map((r) => r.in)).toEqual([10, 15, 0, 35]);
    expect(t.rows[0]).toMatchObject({ start: H, end: 2 * H, line: 2 });
  });

  it('spans missing intervals with one row from the previous reading', () => {
    const t = cumulative();
    feed(t.series, [100, 110, null, null, 150]);
    expect(t.rows).toEqual([
      { start: H, end: 2 * H, in: 10, out: 0, line: 2 },
      { start: 2 * H, end: 5 * H, in: 40, out: 0, line: 5 },
    ]);
  });

  it('bridges a wrap at 999999 and counts it', () => {
    const t = cumulative();
    feed(t.series, [999_900, 999_950, 30, 80]);
    expect(t.rows.map((r) => r.in)).toEqual([50, 80, 50]);
    expect(t.wraps()).toBe(1);
  });

  it('flags a counter replaced with a higher number and counts on from it', () => {
    const t = cumulative();
    feed(t.series, [1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 401_900, 402_000, 402_100]);
    expect(t.issues).toEqual([{ line: 10, reason: 'jump', text: '401900' }]);
    expect(t.rows.map((r) => r.in)).toEqual([100, 100, 100, 100, 100, 100, 100, 100, 100, 100]);
    expect(t.rows.at(-2)).toMatchObject({ start: 10 * H, end: 11 * H, line: 11 });
  });

  it('flags a drop not near the wrap (a reset) and counts on from the new base', () => {
    const t = cumulative();
    feed(t.series, [500_000, 500_100, 500_200, 40, 140]);
    expect(t.issues).toEqual([{ line: 4, reason: 'reset', text: '40' }]);
    expect(t.rows.map((r) => [r.in, r.line])).toEqual([[100, 2], [100, 3], [100, 5]]);
  });

  it('skips a single mistyped reading and spans it when the next reading fits the old base', () => {
    const t = cumulative();
    feed(t.series, [523_410, 523_500, 52_360, 523_700]);
    expect(t.issues).toEqual([{ line: 3, reason: 'reset', text: '52360' }]);
    expect(t.rows).toEqual([
      { start: H, end: 2 * H, in: 90, out: 0, line: 2 },
      { start: 2 * H, end: 4 * H, in: 200, out: 0, line: 4 },
    ]);
  });

  it('flags a reading held at the end of the file', () => {
    const t = cumulative();
    feed(t.series, [100, 200, 50]);
    expect(t.issues).toEqual([{ line: 3, reason: 'reset', text: '50' }]);
    expect(t.rows).toHaveLength(1);
  });

  it('flags the later of two readings of one interval, and readings out of order', () => {
    const t = cumulative();
    const v = new Float64Array([100]);
    t.series.push(v, 0, H, 1);
    v[0] = 110;
    t.series.push(v, H, 2 * H, 2);
    v[0] = 111;
    t.series.push(v, H, 2 * H, 3);
    v[0] = 105;
    t.series.push(v, 0, H, 4);
    expect(t.issues.map((i) => [i.line, i.reason])).toEqual([[3, 'duplicate'], [4, 'out_of_order']]);
    expect(t.rows).toHaveLength(1);
  });

  it('halves passes of a bidirectional gate: in = round(n/2), out = the rest', () => {
    const t = cumulative('passes');
    feed(t.series, [1000, 1007, 1017]);
    expect(t.rows.map((r) => [r.in, r.out])).toEqual([[4, 3], [5, 5]]);
  });

  it('refuses intervals above maxPerInterval', () => {
    const out = sink();
    const series = new CumulativeSeries('door', 1, 'entries', out.s, { jumpFactor: 10, maxPerInterval: 50 });
    feed(series, [0, 40, 140, 180]);
    expect(out.issues).toEqual([{ line: 3, reason: 'over_cap', text: '140' }]);
    expect(out.rows.map((r) => r.in)).toEqual([40, 40]);
  });
});

describe('IntervalSeries', () => {
  it('flags counts far above the recent median (after seven of them) but not busy hours', () => {
    const out = sink();
    const series = new IntervalSeries('door', 1, 'entries', out.s, { jumpFactor: 10 });
    feed(series, [0, 0, 30, 40, 50, 45, 60, 80, 70, 300, 5000, 55]);
    expect(out.issues).toEqual([{ line: 11, reason: 'jump', text: '5000' }]);
    expect(out.rows.map((r) => r.in)).toEqual([0, 0, 30, 40, 50, 45, 60, 80, 70, 300, 55]);
  });

  it('reads LibInsight start and end readings, bridging a wrap inside the period', () => {
    const out = sink();
    const series = new IntervalSeries('door', 1, 'entries', out.s, { jumpFactor: 10 });
    const scratch = new Float64Array(2);
    series.pushStartEnd(1000, 1400, 0, H, 1, scratch);
    series.pushStartEnd(999_800, 150, H, 2 * H, 2, scratch);
    series.pushStartEnd(5000, 100, 2 * H, 3 * H, 3, scratch);
    expect(out.rows.map((r) => r.in)).toEqual([400, 350]);
    expect(out.wraps()).toBe(1);
    expect(out.issues).toEqual([{ line: 3, reason: 'reset', text: '5000 to 100' }]);
  });
});
