import type { DataSource } from 'typeorm';

const DAY_MS = 86_400_000;
const PARTITION = /^raw_event_(\d{4})_(\d{2})$/;

export interface RetentionResult {
  /** The first instant still kept (ISO), or null when raw readings are kept for ever. */
  horizon: string | null;
  droppedPartitions: string[];
  /** Expired months kept for now because some of their days still wait for the rollups. */
  waitingForRollups: string[];
  deadLetters: number;
  unclaimedReadings: number;
}

/** The first instant whose raw readings are kept, or null for "for ever". */
export function retentionHorizon(rawDays: number, now: number): number | null {
  return rawDays > 0 ? now - rawDays * DAY_MS : null;
}

/**
 * Patron privacy and a bounded database: raw readings are kept `rawDays`,
 * then dropped a whole month's partition at a time (a DROP, not millions of
 * DELETEs). Rollups (per zone and day, per door, per desk session) are never
 * touched, so charts and exports keep covering the years. A month with days
 * still marked for rollup is kept until they are rolled up. Dead letters and
 * readings of sensors nobody has claimed (a device nobody declared) go after
 * `deadLetterDays`.
 */
export async function enforceRetention(dataSource: DataSource, opts: { rawDays: number; deadLetterDays: number; now?: number }): Promise<RetentionResult> {
  const now = opts.now ?? Date.now();
  const horizon = retentionHorizon(opts.rawDays, now);
  const result: RetentionResult = { horizon: horizon === null ? null : new Date(horizon).toISOString(), droppedPartitions: [], waitingForRollups: [], deadLetters: 0, unclaimedReadings: 0 };
  if (horizon !== null) {
    const parts: { name: string }[] = await dataSource.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'raw_event'::regclass ORDER BY 1`,
    );
    for (const { name } of parts) {
      const m = PARTITION.exec(name);
      if (!m) continue;
      const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1);
      const end = Date.UTC(Number(m[1]), Number(m[2]), 1);
      if (end > horizon) continue;
      const [{ waiting }] = await dataSource.query(`SELECT count(*)::int AS waiting FROM rollup_mark WHERE utc_date >= $1 AND utc_date < $2`, [new Date(start), new Date(end)]);
      if (waiting > 0) {
        result.waitingForRollups.push(name);
        continue;
      }
      await dataSource.query(`DROP TABLE IF EXISTS "${name}"`);
      result.droppedPartitions.push(name);
    }
  }
  const cutoff = new Date(now - opts.deadLetterDays * DAY_MS);
  result.deadLetters = (await dataSource.query('DELETE FROM dead_letter WHERE received_at < $1', [cutoff]))[1] ?? 0;
  result.unclaimedReadings = (await dataSource.query('DELETE FROM raw_event e USING sensor s WHERE s.id = e.sensor_id AND s.site_id IS NULL AND e.captured_at < $1', [cutoff]))[1] ?? 0;
  return result;
}
