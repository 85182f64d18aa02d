import type { DataSource } from 'typeorm';
import type { TotalReading } from './counter-deltas.js';

/**
 * The last cumulative reading of each (sensor, channel) before `before`: the
 * baseline that a window's first delta is counted from. One round trip for
 * all pairs, each an index lookup. With `notBefore`, older readings are not
 * considered (no baseline: the window's first total is one).
 */
export async function totalsBefore(dataSource: DataSource, pairs: readonly { sensorId: number; channel: string }[], before: Date, notBefore?: Date): Promise<Map<string, TotalReading>> {
  const out = new Map<string, TotalReading>();
  if (pairs.length === 0) return out;
  const rows: { sensor_id: number; channel: string; captured_at: Date; seq: string; in_total: string; out_total: string | null }[] = await dataSource.query(
    `SELECT w.sensor_id, w.channel, b.captured_at, b.seq, b.in_total, b.out_total
     FROM unnest($1::int[], $2::varchar[]) AS w(sensor_id, channel)
     CROSS JOIN LATERAL (
       SELECT captured_at, seq, in_total, out_total FROM raw_event
       WHERE sensor_id = w.sensor_id AND channel = w.channel AND in_total IS NOT NULL AND captured_at < $3 AND ($4::timestamptz IS NULL OR captured_at >= $4)
       ORDER BY captured_at DESC, seq DESC LIMIT 1) b`,
    [pairs.map((p) => p.sensorId), pairs.map((p) => p.channel), before, notBefore ?? null],
  );
  for (const r of rows) out.set(baselineKey(r.sensor_id, r.channel), { capturedAt: r.captured_at, seq: Number(r.seq), inTotal: Number(r.in_total), outTotal: Number(r.out_total ?? 0) });
  return out;
}

export const baselineKey = (sensorId: number, channel: string) => `${sensorId}\u0000${channel}`;
