import fs from 'node:fs';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@hearth/config';
import { openDatabase } from '@hearth/database';
import { parseSiteFile, SiteImportService } from '@hearth/spaces';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { createPartitionsAhead, type RetentionResult } from './retention.js';
import { RetentionService } from './retention.service.js';

const DAY_MS = 86_400_000;
/** The advisory lock key the maintenance job holds while it runs ("HRTN"). */
const MAINTENANCE_LOCK = 0x48_52_54_4e;
const branch = fs.readFileSync(new URL('../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');

/** The first instant (UTC) of the month `k` months after the one holding `at`. */
const monthStart = (at: number, k: number) => {
  const d = new Date(at);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, 1);
};
/** The partition that should hold `at`, named here independently of the database function. */
const partitionOf = (at: number) => {
  const d = new Date(at);
  return `raw_event_${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

describe('partition maintenance of raw readings', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let service: RetentionService;
  const started = Date.now();
  const ahead = [0, 1, 2].map((k) => partitionOf(monthStart(started, k)));

  const partitions = async (): Promise<string[]> =>
    (await ds.query(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'raw_event'::regclass ORDER BY 1`)).map(
      (r: { name: string }) => r.name,
    );
  const insertReading = (sensor: number, at: number) =>
    ds.query(`INSERT INTO raw_event (sensor_id, captured_at, kind, occupied) VALUES ($1, $2, 'desk', true) RETURNING tableoid::regclass::text AS part`, [sensor, new Date(at)]);

  beforeAll(async () => {
    db = await createTestDatabase('hearth_partitions');
    ({ dataSource: ds } = await openDatabase(db.url));
    service = new RetentionService(loadConfig({ HEARTH_ROLE: 'api', LOG_LEVEL: 'silent' }), ds);
  });
  afterAll(async () => {
    await service?.onApplicationShutdown();
    await ds?.destroy();
    await db?.drop();
  });

  it('creates this month and the next two at start-up, not minutes later', async () => {
    expect(await partitions()).toEqual([]); // migrations make none
    const runs: Promise<RetentionResult | null>[] = [];
    const runOnce = service.runOnce.bind(service);
    service.runOnce = (now?: number) => {
      const run = runOnce(now);
      runs.push(run);
      return run;
    };
    const begun = Date.now();
    service.onApplicationBootstrap();
    while (runs.length === 0 && Date.now() - begun < 5_000) await new Promise((r) => setTimeout(r, 10));
    expect(runs).toHaveLength(1);
    expect(Date.now() - begun).toBeLessThan(5_000);
    const first = await runs[0]!;
    await service.onApplicationShutdown();
    expect(first).toMatchObject({ createdPartitions: ahead, droppedPartitions: [], waitingForRollups: [] });
    expect(await partitions()).toEqual(ahead);
  });

  it('creates nothing on a second run', async () => {
    const again = await service.runOnce();
    expect(again).toMatchObject({ createdPartitions: [], droppedPartitions: [] });
    expect(await partitions()).toEqual(ahead);
  });

  it("stores readings up to the end of the month after next without anyone creating a partition, and refuses the month beyond", async () => {
    await new SiteImportService(ds).import(parseSiteFile(branch, 'branch.site.yaml'));
    const [{ id: desk }] = await ds.query(`SELECT id FROM sensor WHERE key = 'desk-q1'`);
    // Plain INSERTs, as a reading would arrive: nothing calls ensure_raw_event_partition first.
    expect(await insertReading(desk, started)).toEqual([{ part: ahead[0] }]);
    expect(await insertReading(desk, monthStart(started, 1))).toEqual([{ part: ahead[1] }]);
    expect(await insertReading(desk, monthStart(started, 3) - 1)).toEqual([{ part: ahead[2] }]);
    await expect(insertReading(desk, monthStart(started, 3))).rejects.toThrow(/no partition/);
    expect(await partitions()).toEqual(ahead);
  });

  it('runs in one process at a time: a run finding the lock taken does nothing', async () => {
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [MAINTENANCE_LOCK]);
      expect(await service.runOnce(monthStart(started, 6))).toBeNull();
      expect(await partitions()).toEqual(ahead);
    } finally {
      await other.end();
    }
  });

  it('with the clock past the retention period, drops the expired months and creates the new ones, leaving the rollups alone', async () => {
    const [{ id: siteId }] = await ds.query(`SELECT id FROM site WHERE key = 'branch'`);
    const [{ id: desk }] = await ds.query(`SELECT id FROM sensor WHERE key = 'desk-q1'`);
    const day = (at: number) => new Date(at).toISOString().slice(0, 10);
    for (const at of [started, monthStart(started, 1), monthStart(started, 2)]) {
      await ds.query(`INSERT INTO site_day (site_id, service_date, weekday, day_type, in_term, in_exam, arrivals) VALUES ($1, $2, 1, 'open', false, false, '{4}')`, [siteId, day(at)]);
      await ds.query(`INSERT INTO desk_day (sensor_id, service_date, occupied_open_ms, sessions) VALUES ($1, $2, 3600000, 2)`, [desk, day(at)]);
    }
    await ds.query(`DELETE FROM rollup_mark`); // as after the rollups have caught up
    const rollups = async () => (await ds.query(`SELECT (SELECT count(*) FROM site_day)::int AS site_days, (SELECT count(*) FROM desk_day)::int AS desk_days`))[0];
    expect(await rollups()).toEqual({ site_days: 3, desk_days: 3 });
    expect(await ds.query(`SELECT count(*)::int AS n FROM raw_event`)).toEqual([{ n: 3 }]);

    // RETENTION_RAW_DAYS is 400 (the default): a day after the end of the month after next has passed it.
    const later = monthStart(started, 3) + 401 * DAY_MS;
    const moved = [0, 1, 2].map((k) => partitionOf(monthStart(later, k)));
    const result = await service.runOnce(later);
    expect(result).toEqual({
      horizon: new Date(later - 400 * DAY_MS).toISOString(),
      createdPartitions: moved,
      droppedPartitions: ahead,
      waitingForRollups: [],
      deadLetters: 0,
      unclaimedReadings: 0,
    });
    expect(await partitions()).toEqual(moved);
    expect(await ds.query(`SELECT count(*)::int AS n FROM raw_event`)).toEqual([{ n: 0 }]);
    expect(await rollups()).toEqual({ site_days: 3, desk_days: 3 });
    expect((await service.runOnce(later))?.createdPartitions).toEqual([]);
  });

  it('does not fail when the ingest writer creates the same month at the same moment', async () => {
    const when = Date.UTC(2031, 0, 15);
    const writer = new pg.Client({ connectionString: db.url });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query('SELECT ensure_raw_event_partition($1)', [new Date(Date.UTC(2031, 0, 1))]);
      const maintenance = createPartitionsAhead(ds, when);
      // Wait until the maintenance is blocked behind the writer's uncommitted partition, then let the writer commit.
      const waitingSince = Date.now();
      let waiting = 0;
      while (waiting === 0 && Date.now() - waitingSince < 5_000) {
        // Asked on another connection: a transaction sees pg_stat_activity as it was when first read.
        [{ waiting }] = await ds.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
      }
      expect(waiting).toBe(1);
      await writer.query('COMMIT');
      expect(await maintenance).toEqual(['raw_event_2031_02', 'raw_event_2031_03']);
    } finally {
      await writer.end();
    }
    expect((await partitions()).filter((p) => p.startsWith('raw_event_2031'))).toEqual(['raw_event_2031_01', 'raw_event_2031_02', 'raw_event_2031_03']);
  });
});
