import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { DateTime } from 'luxon';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import { HearthError, slugify } from '@hearth/common';
import { readGateCountStream, type GateCountOptions, type ImportReport } from '@hearth/history';
import { READINGS_CHANNEL } from '../ingest/spool-drain.js';

/** Imported readings carry this channel, so they are never confused with a live sensor's. */
export const IMPORT_CHANNEL = 'import';

export interface StoredImport {
  site: string;
  fileSha256: string;
  /** True when this very file was imported before: nothing changed. */
  alreadyImported: boolean;
  dryRun: boolean;
  /** What was stored: hourly rows as readings, day and month rows as gate counts. */
  stored: { readings: number; readingsAlreadyStored: number; gateCounts: number; days: number };
  /** Rows of doors for times a live sensor already counted: left out so nothing is counted twice. */
  skippedCountedLive: number;
  /** Entrances in the file that are not door sensors of the site (their rows were left out). */
  unknownEntrances: string[];
  report: ImportReport;
}

interface Door {
  id: number;
  key: string;
  /** When the door's first live reading was taken (ms), if it has any. */
  liveFrom: number | undefined;
}

const GATE_BATCH = 5000;

/**
 * Stores a library's historical gate counts where live data lands, so every
 * chart and export covers them:
 *
 * - hourly (and finer) rows become door readings in `raw_event`, stamped at
 *   the middle of their interval with the channel `import`, and their days
 *   are marked for the rollups;
 * - day and month rows (which say nothing about hours) go to `gate_count`,
 *   read by the visit figures and statistics returns.
 *
 * Everything happens in one transaction: a file that fails half-way leaves
 * nothing behind. Readings are keyed naturally and gate counts by door and
 * first day, so importing the same file again changes nothing; the file's
 * SHA-256 also answers "already imported" with the first report. A door's
 * rows from the time its live sensor started counting are left out.
 */
export async function storeGateCounts(
  dataSource: DataSource,
  siteKey: string,
  input: Readable,
  opts: { fileName?: string; options: Omit<GateCountOptions, 'timeZone'> & { timeZone?: string }; dryRun?: boolean },
): Promise<StoredImport> {
  const [site]: { id: number; key: string; time_zone: string }[] = await dataSource.query('SELECT id, key, time_zone FROM site WHERE key = $1', [siteKey]);
  if (!site) throw HearthError.notFound('site', siteKey);
  const timeZone = opts.options.timeZone ?? site.time_zone;
  const doorRows: { id: number; key: string; live_from: Date | null }[] = await dataSource.query(
    `SELECT s.id, s.key, (SELECT min(e.captured_at) FROM raw_event e WHERE e.sensor_id = s.id AND e.channel <> $2) AS live_from
     FROM sensor s WHERE s.site_id = $1 AND s.kind = 'door'`,
    [site.id, IMPORT_CHANNEL],
  );
  const doors = new Map<string, Door>();
  for (const d of doorRows) {
    const door = { id: d.id, key: d.key, liveFrom: d.live_from?.getTime() };
    doors.set(d.key, door);
    // "Main Gate" in a file names the door main-gate.
    doors.set(slugify(d.key), door);
  }

  const hash = createHash('sha256');
  const hashing = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  input.on('error', (e) => hashing.destroy(e));
  const reader = readGateCountStream(input.pipe(hashing), { ...opts.options, timeZone });

  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as pg.PoolClient;
  const result: Omit<StoredImport, 'report' | 'fileSha256' | 'alreadyImported'> = {
    site: site.key,
    dryRun: !!opts.dryRun,
    stored: { readings: 0, readingsAlreadyStored: 0, gateCounts: 0, days: 0 },
    skippedCountedLive: 0,
    unknownEntrances: [],
  };
  const unknown = new Set<string>();
  const dates = new LocalDates(timeZone);
  try {
    await client.query('BEGIN');
    await client.query('CREATE TEMP TABLE import_reading (sensor_id int, captured_at timestamptz, in_count int, out_count int) ON COMMIT DROP');
    const copy = client.query(copyStreams.from('COPY import_reading FROM STDIN'));
    const copied = new Promise<void>((resolve, reject) => {
      copy.on('finish', resolve);
      copy.on('error', reject);
    });
    let gate: GateRows = emptyGate();
    let hourly = 0;
    try {
      for await (const chunk of reader.chunks) {
        let text = '';
        for (const row of chunk) {
          const door = doors.get(row.entrance) ?? doors.get(slugify(row.entrance));
          if (!door) {
            unknown.add(row.entrance);
            continue;
          }
          if (door.liveFrom !== undefined && row.end > door.liveFrom) {
            result.skippedCountedLive++;
            continue;
          }
          if (row.granularity === 'hour') {
            text += `${door.id}\t${new Date(row.start + (row.end - row.start) / 2).toISOString()}\t${row.in}\t${row.out}\n`;
            hourly++;
          } else {
            gate.sensor.push(door.id);
            gate.first.push(dates.of(row.start));
            gate.last.push(dates.of(row.end - 1));
            gate.in.push(row.in);
            gate.out.push(row.out);
          }
        }
        if (text && !copy.write(text)) await new Promise((r) => copy.once('drain', r));
        if (gate.sensor.length >= GATE_BATCH) {
          result.stored.gateCounts += await upsertGate(client, gate);
          gate = emptyGate();
        }
      }
    } finally {
      copy.end();
      await copied;
    }
    if (gate.sensor.length) result.stored.gateCounts += await upsertGate(client, gate);
    if (hourly > 0) {
      const { rows: months } = await client.query<{ m: string }>(`SELECT DISTINCT date_trunc('month', captured_at AT TIME ZONE 'UTC')::date::text AS m FROM import_reading`);
      for (const { m } of months) await client.query('SELECT ensure_raw_event_partition($1)', [`${m}T00:00:00Z`]);
      const inserted = await client.query(
        `INSERT INTO raw_event (sensor_id, captured_at, channel, seq, kind, in_count, out_count)
         SELECT sensor_id, captured_at, $1, -1, 'door', in_count, out_count FROM import_reading ON CONFLICT DO NOTHING`,
        [IMPORT_CHANNEL],
      );
      result.stored.readings = inserted.rowCount ?? 0;
      result.stored.readingsAlreadyStored = hourly - result.stored.readings;
      const marked = await client.query(
        `INSERT INTO rollup_mark (site_key, utc_date) SELECT $1, d FROM (SELECT DISTINCT (captured_at AT TIME ZONE 'UTC')::date AS d FROM import_reading) AS days
         ON CONFLICT (site_key, utc_date) DO UPDATE SET marked_at = clock_timestamp()`,
        [site.key],
      );
      result.stored.days = marked.rowCount ?? 0;
    }
    const report = reader.report();
    const fileSha256 = hash.digest('hex');
    result.unknownEntrances = [...unknown];
    if (unknown.size > 0 && hourly === 0 && result.stored.gateCounts === 0 && result.skippedCountedLive === 0) {
      throw new HearthError('INVALID_INPUT', `no entrance in the file is a door sensor of site "${site.key}": ${[...unknown].slice(0, 10).join(', ')}; door sensors are ${[...new Set(doorRows.map((d) => d.key))].join(', ') || 'none'} (map them with columns.entrances)`);
    }
    const full = { ...result, fileSha256, report };
    const { rows: created } = await client.query<{ id: number }>(
      `INSERT INTO history_import (site_id, file_sha256, file_name, report) VALUES ($1, $2, $3, $4) ON CONFLICT (site_id, file_sha256) DO NOTHING RETURNING id`,
      [site.id, fileSha256, opts.fileName?.slice(0, 255) ?? null, JSON.stringify({ ...full, alreadyImported: false })],
    );
    const alreadyImported = created.length === 0;
    if (opts.dryRun) await client.query('ROLLBACK');
    else {
      if (hourly > 0) await client.query(`SELECT pg_notify($1, $2)`, [READINGS_CHANNEL, site.key]);
      await client.query('COMMIT');
    }
    return { ...full, alreadyImported };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await runner.release();
  }
}

interface GateRows {
  sensor: number[];
  first: string[];
  last: string[];
  in: number[];
  out: number[];
}
const emptyGate = (): GateRows => ({ sensor: [], first: [], last: [], in: [], out: [] });

async function upsertGate(client: pg.PoolClient, g: GateRows): Promise<number> {
  const res = await client.query(
    `INSERT INTO gate_count (sensor_id, first_date, last_date, in_count, out_count)
     SELECT * FROM unnest($1::int[], $2::date[], $3::date[], $4::int[], $5::int[])
     ON CONFLICT (sensor_id, first_date) DO UPDATE SET last_date = excluded.last_date, in_count = excluded.in_count, out_count = excluded.out_count
       WHERE (gate_count.last_date, gate_count.in_count, gate_count.out_count) IS DISTINCT FROM (excluded.last_date, excluded.in_count, excluded.out_count)`,
    [g.sensor, g.first, g.last, g.in, g.out],
  );
  return res.rowCount ?? 0;
}

/** Local calendar dates of UTC instants, cached: a file's rows share few distinct days. */
class LocalDates {
  private readonly cache = new Map<number, string>();
  constructor(private readonly zone: string) {}
  of(ms: number): string {
    let d = this.cache.get(ms);
    if (d === undefined) {
      d = DateTime.fromMillis(ms, { zone: this.zone }).toISODate()!;
      if (this.cache.size > 100_000) this.cache.clear();
      this.cache.set(ms, d);
    }
    return d;
  }
}
