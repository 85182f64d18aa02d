import type { EventKind } from './entities/raw-event.entity.js';
import type { SqlClient } from './sql-client.js';

/** One reading ready to store (see RawEventEntity for the meaning of each field). */
export interface RawEventRow {
  sensorId: number;
  /** A Date, or an ISO-8601 time with offset as it arrived (PostgreSQL reads it as is). */
  capturedAt: Date | string;
  channel: string;
  seq: number;
  kind: EventKind;
  inCount: number | null;
  outCount: number | null;
  inTotal: number | null;
  outTotal: number | null;
  occupied: boolean | null;
  headcount: number | null;
  batteryPct: number | null;
}

interface Column {
  name: string;
  type: string;
  /** Sent with every batch (the natural key and the kind); the others only when some row has a value. */
  always?: boolean;
  value(r: RawEventRow): unknown;
}

const COLUMNS: Column[] = [
  { name: 'sensor_id', type: 'int', always: true, value: (r) => r.sensorId },
  { name: 'captured_at', type: 'timestamptz', always: true, value: (r) => (typeof r.capturedAt === 'string' ? r.capturedAt : r.capturedAt.toISOString()) },
  { name: 'channel', type: 'varchar', always: true, value: (r) => r.channel },
  { name: 'seq', type: 'bigint', always: true, value: (r) => r.seq },
  { name: 'kind', type: 'event_kind', always: true, value: (r) => r.kind },
  { name: 'in_count', type: 'int', value: (r) => r.inCount },
  { name: 'out_count', type: 'int', value: (r) => r.outCount },
  { name: 'in_total', type: 'bigint', value: (r) => r.inTotal },
  { name: 'out_total', type: 'bigint', value: (r) => r.outTotal },
  { name: 'occupied', type: 'bool', value: (r) => r.occupied },
  { name: 'headcount', type: 'int', value: (r) => r.headcount },
  { name: 'battery_pct', type: 'real', value: (r) => r.batteryPct },
];

/** The SQLSTATE of a PostgreSQL error, from `pg` directly or wrapped by TypeORM. */
function sqlState(err: unknown): string | undefined {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null | undefined;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/** PostgreSQL's unique_violation, from `pg` directly or wrapped by TypeORM. */
function isUniqueViolation(err: unknown): boolean {
  return sqlState(err) === '23505';
}

/**
 * True when PostgreSQL refused the data itself: SQLSTATE class 22 (data
 * exception, e.g. a time zone offset beyond ±15:59 or a NUL in a text) or 23
 * (integrity constraint), except unique_violation, which the writer handles
 * as a duplicate. Sending the same rows again fails the same way; anything
 * else (an unreachable or restarting database) may well succeed later.
 */
export function isDataError(err: unknown): boolean {
  const code = sqlState(err);
  return code !== undefined && code !== '23505' && /^2[23][0-9A-Z]{3}$/.test(code);
}

/** A row PostgreSQL refused: its position in the rows written, and the database's word on it. */
export interface RefusedRow {
  index: number;
  /** The SQLSTATE, e.g. 22009 for a time zone displacement out of range. */
  code: string;
  message: string;
}

const scratch = new Date(0);
const monthKey = (at: Date | string) => {
  const d = typeof at === 'string' ? (scratch.setTime(Date.parse(at)), scratch) : at;
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

/**
 * Makes sure the monthly partition of raw readings holding `at` exists, through
 * the database's `ensure_raw_event_partition`, and returns its name. When
 * another process (the partition maintenance job, another ingest worker)
 * creates the same month at the same instant, PostgreSQL refuses the second
 * CREATE (42P07, or 23505 on its catalogue); the month exists then, and a
 * second call finds it: `raced` says so.
 */
export async function ensureRawEventPartition(sql: SqlClient, at: string): Promise<{ name: string; raced: boolean }> {
  const ensure = async () => (await sql.query<{ name: string }>('SELECT ensure_raw_event_partition($1) AS name', [at])).rows[0]!.name;
  try {
    return { name: await ensure(), raced: false };
  } catch (err) {
    if (!['42P07', '23505'].includes((err as { code?: string }).code ?? '')) throw err;
    return { name: await ensure(), raced: true };
  }
}

/**
 * Writes readings in batches: one multi-row INSERT from arrays (a single round
 * trip for thousands of rows) with ON CONFLICT DO NOTHING on the natural key,
 * so redelivered and replayed readings are dropped by the database itself.
 * Monthly partitions are normally created months ahead by the partition
 * maintenance job; the writer creates a missing one before the first reading
 * of that month lands.
 */
export class RawEventWriter {
  private readonly knownMonths = new Set<number>();

  constructor(private readonly sql: SqlClient) {}

  /**
   * Stores the rows; returns how many were new (the rest were already stored).
   *
   * Only the columns some row of the batch fills are sent (a batch of desk
   * readings has no counts). The batch is first inserted as is; only when
   * that hits the natural key (a redelivery, a replay, a retry) is it inserted
   * again with ON CONFLICT DO NOTHING, which costs PostgreSQL about a third
   * more per row and is not needed in the common case.
   */
  async write(rows: RawEventRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    await this.ensurePartitions(rows);
    const columns = COLUMNS.filter((c) => c.always || rows.some((r) => c.value(r) !== null));
    const values = columns.map((c) => {
      const out = new Array<unknown>(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = c.value(rows[i]!);
      return out;
    });
    const insert = `INSERT INTO raw_event (${columns.map((c) => c.name).join(', ')})
      SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})`;
    try {
      return (await this.sql.query(insert, values)).rowCount ?? 0;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return (await this.sql.query(`${insert} ON CONFLICT DO NOTHING`, values)).rowCount ?? 0;
    }
  }

  /**
   * Stores the rows like `write`, but a row PostgreSQL refuses does not hold
   * back the others: when a batch fails on its data (`isDataError`), it is
   * halved and each half written again, down to the single rows that fail,
   * which are returned for the caller to keep as dead letters. One bad row
   * among n costs about 2 log2(n) extra statements. Any other failure (the
   * database unreachable) is thrown as is, for the caller to retry later.
   */
  async writeIsolating(rows: RawEventRow[]): Promise<{ stored: number; refused: RefusedRow[] }> {
    const refused: RefusedRow[] = [];
    const stored = await this.isolate(rows, 0, rows.length, refused);
    return { stored, refused };
  }

  private async isolate(rows: RawEventRow[], from: number, to: number, refused: RefusedRow[]): Promise<number> {
    if (from >= to) return 0;
    try {
      return await this.write(from === 0 && to === rows.length ? rows : rows.slice(from, to));
    } catch (err) {
      if (!isDataError(err)) throw err;
      if (to - from === 1) {
        refused.push({ index: from, code: sqlState(err)!, message: (err as Error).message });
        return 0;
      }
      const middle = from + Math.ceil((to - from) / 2);
      return (await this.isolate(rows, from, middle, refused)) + (await this.isolate(rows, middle, to, refused));
    }
  }

  private async ensurePartitions(rows: RawEventRow[]): Promise<void> {
    const missing = new Map<number, Date | string>();
    for (const r of rows) {
      const key = monthKey(r.capturedAt);
      if (!this.knownMonths.has(key) && !missing.has(key)) missing.set(key, r.capturedAt);
    }
    for (const [key, at] of missing) {
      await ensureRawEventPartition(this.sql, typeof at === 'string' ? at : at.toISOString());
      this.knownMonths.add(key);
    }
  }
}
