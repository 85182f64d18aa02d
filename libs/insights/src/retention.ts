import type { DataSource } from 'typeorm';
import { dataSourceClient, ensureRawEventPartition } from '@hearth/telemetry';

const DAY_MS = 86_400_000;
const PARTITION = /^raw_event_(\d{4})_(\d{2})$/;

/** Months of raw readings whose partitions exist ahead of time besides the current one. */
export const PARTITION_MONTHS_AHEAD = 2;

/** What one run of the partition and retention maintenance did. */
export interface RetentionResult {
  /** The first instant still kept (ISO), or null when raw readings are kept for ever. */
  horizon: string | null;
  /** Monthly partitions this run created ahead of the readings (the current month and the next ones). */
  createdPartitions: string[];
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

/** The monthly partitions of raw readings that exist now, by name. */
async function rawEventPartitions(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] = await dataSource.query(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'raw_event'::regclass ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/**
 * Makes sure the partitions for the month of `now` and the `monthsAhead`
 * following months (in UTC, as the partitions are cut) exist, so that a
 * library's readings never wait for a table to be created when a month
 * begins. Partitions are made only by the database's own
 * `ensure_raw_event_partition`, which the ingest writer also calls for a
 * month it finds missing; when both create the same month at the same
 * moment, the loser simply finds it there on a second try. Returns the
 * partitions this call created (those that already existed are left alone).
 */
export async function createPartitionsAhead(dataSource: DataSource, now: number, monthsAhead = PARTITION_MONTHS_AHEAD): Promise<string[]> {
  const existing = new Set(await rawEventPartitions(dataSource));
  const sql = dataSourceClient(dataSource);
  const today = new Date(now);
  const created: string[] = [];
  for (let k = 0; k <= monthsAhead; k++) {
    const monthStart = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + k, 1)).toISOString();
    const { name, raced } = await ensureRawEventPartition(sql, monthStart);
    if (!raced && !existing.has(name)) created.push(name);
  }
  return created;
}

/**
 * Keeps the raw readings' monthly partitions in order. Ahead: the current
 * month and the next `PARTITION_MONTHS_AHEAD` exist at all times
 * (`createPartitionsAhead`). Behind, for patron privacy and a bounded
 * database: raw readings are kept `rawDays`, then dropped a whole month's
 * partition at a time (a DROP, not millions of DELETEs). Rollups (per zone
 * and day, per door, per desk session) are never touched, so charts and
 * exports keep covering the years. A month with days still marked for
 * rollup is kept until they are rolled up. Dead letters and readings of
 * sensors nobody has claimed (a device nobody declared) go after
 * `deadLetterDays`.
 */
export async function enforceRetention(dataSource: DataSource, opts: { rawDays: number; deadLetterDays: number; now?: number }): Promise<RetentionResult> {
  const now = opts.now ?? Date.now();
  const horizon = retentionHorizon(opts.rawDays, now);
  const createdPartitions = await createPartitionsAhead(dataSource, now);
  const result: RetentionResult = {
    horizon: horizon === null ? null : new Date(horizon).toISOString(),
    createdPartitions,
    droppedPartitions: [],
    waitingForRollups: [],
    deadLetters: 0,
    unclaimedReadings: 0,
  };
  if (horizon !== null) {
    for (const name of await rawEventPartitions(dataSource)) {
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
