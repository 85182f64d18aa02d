import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { dataSourceOptions, openDatabase } from './data-source.js';
import { MIGRATIONS } from './migrations/index.js';

describe('migrations on an empty database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('hearth_mig');
  });
  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db.drop();
  });

  it('apply in order, leave no drift against the entities, and re-run as a no-op', async () => {
    const opened = await openDatabase(db.url);
    dataSource = opened.dataSource;
    expect(opened.applied).toEqual(MIGRATIONS.map((m) => m.name));

    const drift = await dataSource.driver.createSchemaBuilder().log();
    expect(drift.upQueries.map((q) => q.query)).toEqual([]);

    expect(await dataSource.runMigrations()).toEqual([]);
  });

  it('store raw events partitioned by month, created on demand', async () => {
    const [{ part }] = await dataSource.query(`SELECT ensure_raw_event_partition('2026-11-22T10:15:00Z') AS part`);
    expect(part).toBe('raw_event_2026_11');
    const [{ strategy }] = await dataSource.query(`SELECT partstrat AS strategy FROM pg_partitioned_table WHERE partrelid = 'raw_event'::regclass`);
    expect(strategy).toBe('r');
    // Idempotent: asking again creates nothing new.
    await dataSource.query(`SELECT ensure_raw_event_partition('2026-11-30T23:59:59Z')`);
    const parts = await dataSource.query(`SELECT inhrelid::regclass::text AS name FROM pg_inherits WHERE inhparent = 'raw_event'::regclass`);
    expect(parts.map((p: { name: string }) => p.name)).toEqual(['raw_event_2026_11']);
    // A reading outside any partition is refused rather than stored somewhere unexpected.
    await expect(dataSource.query(`INSERT INTO raw_event (sensor_id, captured_at, kind) VALUES (1, '2030-01-01', 'desk')`)).rejects.toThrow(/no partition/);
  });

  it('are applied once when several processes start together', async () => {
    const other = await createTestDatabase('hearth_mig_race');
    const opened = await Promise.all([openDatabase(other.url), openDatabase(other.url), openDatabase(other.url)]);
    expect(opened.map((o) => o.applied.length).sort()).toEqual([0, 0, MIGRATIONS.length]);
    await Promise.all(opened.map((o) => o.dataSource.destroy()));
    await other.drop();
  });

  it('roll back cleanly, all the way down', async () => {
    for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
    const tables = await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`);
    expect(tables).toEqual([]);
    const again = new DataSource(dataSourceOptions(db.url));
    await again.initialize();
    expect((await again.runMigrations()).length).toBe(MIGRATIONS.length);
    await again.destroy();
  });
});
