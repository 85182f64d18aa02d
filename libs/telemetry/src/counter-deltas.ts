/**
 * Cumulative door counters (a device reporting running totals) become
 * per-interval counts here. Deltas are derived from the stored totals in time
 * order, so readings that arrive shuffled or late give the same answer as
 * readings that arrive in order.
 *
 * - A device whose sequence number goes backwards has restarted: its
 *   counter was reset, and the new total counts from zero.
 * - Otherwise a drop in the total is a rollover when the sensor declares its
 *   counter width and the wrapped difference is plausible (less than half
 *   the width), and a reset when not. Every reset is reported.
 * - The first reading of a counter is its baseline and carries no delta.
 * - A delta is never negative.
 */
export interface TotalReading {
  capturedAt: Date;
  seq: number;
  inTotal: number;
  outTotal: number;
}

export interface CounterDelta {
  capturedAt: Date;
  seq: number;
  inCount: number | null;
  outCount: number | null;
  /** What happened to the counter before this reading. */
  event: 'baseline' | 'count' | 'rollover' | 'reset';
}

export function counterDeltas(readings: TotalReading[], rollover: number | null): CounterDelta[] {
  const sorted = [...readings].sort((a, b) => a.capturedAt.getTime() - b.capturedAt.getTime() || a.seq - b.seq);
  const out: CounterDelta[] = [];
  let prev: TotalReading | undefined;
  for (const r of sorted) {
    if (!prev) {
      out.push({ capturedAt: r.capturedAt, seq: r.seq, inCount: null, outCount: null, event: 'baseline' });
    } else {
      const restarted = r.seq >= 0 && prev.seq >= 0 && r.seq < prev.seq;
      const a = restarted ? { delta: r.inTotal, event: 'reset' as const } : step(prev.inTotal, r.inTotal, rollover);
      const b = restarted ? { delta: r.outTotal, event: 'reset' as const } : step(prev.outTotal, r.outTotal, rollover);
      const event = a.event === 'reset' || b.event === 'reset' ? 'reset' : a.event === 'rollover' || b.event === 'rollover' ? 'rollover' : 'count';
      out.push({ capturedAt: r.capturedAt, seq: r.seq, inCount: a.delta, outCount: b.delta, event });
    }
    prev = r;
  }
  return out;
}

function step(prev: number, cur: number, rollover: number | null): { delta: number; event: 'count' | 'rollover' | 'reset' } {
  if (cur >= prev) return { delta: cur - prev, event: 'count' };
  if (rollover !== null && prev < rollover) {
    const wrapped = rollover - prev + cur;
    if (wrapped < rollover / 2) return { delta: wrapped, event: 'rollover' };
  }
  return { delta: cur, event: 'reset' };
}
