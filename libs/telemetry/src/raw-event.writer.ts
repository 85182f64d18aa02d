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

/** PostgreSQL's unique_violation, from `pg` directly or wrapped by TypeORM. */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; driverError?: { code?: string } };
  return e.code === '23505' || e.driverError?.code === '23505';
}

const scratch = new Date(0);
const monthKey = (at: Date | string) => {
  const d = typeof at === 'string' ? (scratch.setTime(Date.parse(at)), scratch) : at;
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

/**
 * Writes readings in batches: one multi-row INSERT from arrays (a single round
 * trip for thousands of rows) with ON CONFLICT DO NOTHING on the natural key,
 * so redelivered and replayed readings are dropped by the database itself.
 * Monthly partitions are created before the first reading of a month lands.
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

  private async ensurePartitions(rows: RawEventRow[]): Promise<void> {
    const missing = new Map<number, Date | string>();
    for (const r of rows) {
      const key = monthKey(r.capturedAt);
      if (!this.knownMonths.has(key) && !missing.has(key)) missing.set(key, r.capturedAt);
    }
    for (const [key, at] of missing) {
      await this.sql.query('SELECT ensure_raw_event_partition($1)', [typeof at === 'string' ? at : at.toISOString()]);
      this.knownMonths.add(key);
    }
  }
}
