import { counterDeltas, type TotalReading } from './counter-deltas.js';

const t0 = Date.parse('2026-11-22T08:00:00Z');
const at = (i: number) => new Date(t0 + i * 5 * 60_000);

/**
 * A door counter of the given width counting `flows` (in, out) per interval.
 * At the steps in `resetsAt` the device restarts: totals and sequence numbers start again from 0.
 */
function simulate(flows: [number, number][], width: number | null, resetsAt: Set<number>, start = 1000) {
  let inTotal = start;
  let outTotal = start;
  let seq = 0;
  const readings: TotalReading[] = [{ capturedAt: at(0), seq, inTotal, outTotal }];
  let inTrue = 0;
  let outTrue = 0;
  let rollovers = 0;
  flows.forEach(([i, o], k) => {
    if (resetsAt.has(k)) {
      inTotal = 0;
      outTotal = 0;
      seq = 0;
    }
    inTotal += i;
    outTotal += o;
    if (width !== null && (inTotal >= width || outTotal >= width)) rollovers++;
    if (width !== null) {
      inTotal %= width;
      outTotal %= width;
    }
    inTrue += i;
    outTrue += o;
    readings.push({ capturedAt: at(k + 1), seq: ++seq, inTotal, outTotal });
  });
  return { readings, inTrue, outTrue, rollovers };
}

const sum = (xs: (number | null)[]) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);

describe('counterDeltas', () => {
  it('turns running totals into per-interval counts, the first reading being the baseline', () => {
    const d = counterDeltas(
      [
        { capturedAt: at(0), seq: 1, inTotal: 100, outTotal: 90 },
        { capturedAt: at(1), seq: 2, inTotal: 103, outTotal: 91 },
        { capturedAt: at(2), seq: 3, inTotal: 103, outTotal: 95 },
      ],
      null,
    );
    expect(d.map((x) => [x.event, x.inCount, x.outCount])).toEqual([
      ['baseline', null, null],
      ['count', 3, 1],
      ['count', 0, 4],
    ]);
  });

  it('bridges a 16-bit rollover', () => {
    const d = counterDeltas(
      [
        { capturedAt: at(0), seq: 1, inTotal: 65530, outTotal: 10 },
        { capturedAt: at(1), seq: 2, inTotal: 4, outTotal: 12 },
      ],
      65536,
    );
    expect(d[1]).toMatchObject({ event: 'rollover', inCount: 10, outCount: 2 });
  });

  it('treats a drop as a reset when no width is declared, or when the wrap would be implausible', () => {
    expect(counterDeltas([{ capturedAt: at(0), seq: 1, inTotal: 500, outTotal: 0 }, { capturedAt: at(1), seq: 2, inTotal: 7, outTotal: 0 }], null)[1]).toMatchObject({ event: 'reset', inCount: 7 });
    expect(counterDeltas([{ capturedAt: at(0), seq: 1, inTotal: 500, outTotal: 0 }, { capturedAt: at(1), seq: 2, inTotal: 7, outTotal: 0 }], 65536)[1]).toMatchObject({ event: 'reset', inCount: 7 });
  });

  it('gives exact totals across 20 resets and rollovers, never a negative delta', () => {
    for (const width of [65536, 1_000_000]) {
      // Heavy traffic from near the top of the counter: it wraps about ten times and restarts ten times.
      const flows: [number, number][] = Array.from({ length: 600 }, (_, k) => [((k * 37) % 211) + width / 40, ((k * 53) % 199) + width / 40]);
      const resetsAt = new Set([13, 41, 77, 90, 130, 151, 199, 230, 260, 301]);
      const { readings, inTrue, outTrue, rollovers } = simulate(flows, width, resetsAt, width - 3000);
      expect(rollovers).toBeGreaterThanOrEqual(10);
      const d = counterDeltas(readings, width);
      expect(sum(d.map((x) => x.inCount))).toBe(inTrue);
      expect(sum(d.map((x) => x.outCount))).toBe(outTrue);
      expect(d.every((x) => (x.inCount ?? 0) >= 0 && (x.outCount ?? 0) >= 0)).toBe(true);
      expect(d.filter((x) => x.event === 'reset')).toHaveLength(resetsAt.size);
      expect(d.filter((x) => x.event === 'rollover')).toHaveLength(rollovers);
    }
  });

  it('gives the same deltas whatever order the readings arrive in', () => {
    const { readings } = simulate(
      Array.from({ length: 50 }, (_, k) => [k % 7, k % 5]),
      65536,
      new Set([20]),
    );
    const shuffled = [...readings].sort((a, b) => ((a.seq * 7919) % 53) - ((b.seq * 7919) % 53));
    expect(counterDeltas(shuffled, 65536)).toEqual(counterDeltas(readings, 65536));
  });
});
