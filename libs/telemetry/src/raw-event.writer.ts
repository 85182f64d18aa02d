import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { EventKind } from './entities/raw-event.entity.js';

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
@Injectable()
export class RawEventWriter {
  private readonly knownMonths = new Set<number>();

  constructor(private readonly dataSource: DataSource) {}

  /** Stores the rows; returns how many were new (the rest were already stored). */
  async write(rows: RawEventRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    await this.ensurePartitions(rows);
    const cols = {
      sensor: new Array<number>(rows.length),
      at: new Array<string>(rows.length),
      channel: new Array<string>(rows.length),
      seq: new Array<number>(rows.length),
      kind: new Array<string>(rows.length),
      inCount: new Array<number | null>(rows.length),
      outCount: new Array<number | null>(rows.length),
      inTotal: new Array<number | null>(rows.length),
      outTotal: new Array<number | null>(rows.length),
      occupied: new Array<boolean | null>(rows.length),
      headcount: new Array<number | null>(rows.length),
      battery: new Array<number | null>(rows.length),
    };
    rows.forEach((r, i) => {
      cols.sensor[i] = r.sensorId;
      cols.at[i] = typeof r.capturedAt === 'string' ? r.capturedAt : r.capturedAt.toISOString();
      cols.channel[i] = r.channel;
      cols.seq[i] = r.seq;
      cols.kind[i] = r.kind;
      cols.inCount[i] = r.inCount;
      cols.outCount[i] = r.outCount;
      cols.inTotal[i] = r.inTotal;
      cols.outTotal[i] = r.outTotal;
      cols.occupied[i] = r.occupied;
      cols.headcount[i] = r.headcount;
      cols.battery[i] = r.batteryPct;
    });
    const runner = this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(
      `INSERT INTO raw_event (sensor_id, captured_at, channel, seq, kind, in_count, out_count, in_total, out_total, occupied, headcount, battery_pct)
       SELECT * FROM unnest($1::int[], $2::timestamptz[], $3::varchar[], $4::bigint[], $5::event_kind[], $6::int[], $7::int[], $8::bigint[], $9::bigint[], $10::bool[], $11::int[], $12::real[])
       ON CONFLICT DO NOTHING`,
        [cols.sensor, cols.at, cols.channel, cols.seq, cols.kind, cols.inCount, cols.outCount, cols.inTotal, cols.outTotal, cols.occupied, cols.headcount, cols.battery],
        true,
      );
      return result.affected ?? 0;
    } finally {
      await runner.release();
    }
  }

  private async ensurePartitions(rows: RawEventRow[]): Promise<void> {
    const missing = new Map<number, Date | string>();
    for (const r of rows) {
      const key = monthKey(r.capturedAt);
      if (!this.knownMonths.has(key) && !missing.has(key)) missing.set(key, r.capturedAt);
    }
    for (const [key, at] of missing) {
      await this.dataSource.query('SELECT ensure_raw_event_partition($1)', [typeof at === 'string' ? at : at.toISOString()]);
      this.knownMonths.add(key);
    }
  }
}
