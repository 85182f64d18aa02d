import fs from 'node:fs';
import type { DataSource } from 'typeorm';
import { openDatabase } from '@hearth/database';
import { parseSiteFile, SiteImportService } from '@hearth/spaces';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { enforceRetention } from './retention.js';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const branch = fs.readFileSync(new URL('../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');

describe('retention of raw readings', () => {
  let db: TestDatabase;
  let ds: DataSource;
  const partitions = async () =>
    (await ds.query(`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'raw_event'::regclass ORDER BY 1`)).map((r: { name: string }) => r.name);
  const reading = async (sensor: number, at: string) => {
    await ds.query('SELECT ensure_raw_event_partition($1)', [at]);
    await ds.query(`INSERT INTO raw_event (sensor_id, captured_at, channel, seq, kind, in_count, out_count) VALUES ($1, $2, '', -1, 'door', 3, 1)`, [sensor, at]);
  };

  beforeAll(async () => {
    db = await createTestDatabase('hearth_retention');
    ({ dataSource: ds } = await openDatabase(db.url));
    await new SiteImportService(ds).import(parseSiteFile(branch, 'branch.site.yaml'));
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('drops whole expired months, keeps the rollups, waits for months with days still to roll up, and expires dead letters and unclaimed readings sooner', async () => {
    const [{ id: door, site_id: siteId }] = await ds.query(`SELECT id, site_id FROM sensor WHERE key = 'door-main'`);
    const [{ id: stranger }] = await ds.query(`INSERT INTO sensor (site_id, announced_site_key, key, kind, status) VALUES (NULL, 'branch', 'stray', 'door', 'unclaimed') RETURNING id`);
    await reading(door, '2025-01-10T10:00:00Z'); // 22 months old: expired
    await reading(door, '2025-03-10T10:00:00Z'); // expired, but a day of it is still marked for rollup
    await reading(door, '2026-11-01T10:00:00Z'); // recent
    await reading(stranger, '2026-09-01T10:00:00Z'); // an unclaimed sensor's reading, 82 days old
    await reading(stranger, '2026-11-20T10:00:00Z');
    await ds.query(`INSERT INTO rollup_mark (site_key, utc_date) VALUES ('branch', '2025-03-10')`);
    await ds.query(`INSERT INTO site_day (site_id, service_date, weekday, day_type, in_term, in_exam, arrivals) VALUES ($1, '2025-01-10', 4, 'open', false, false, '{3}')`, [siteId]);
    await ds.query(`INSERT INTO dead_letter (source, topic, reason, detail, payload, payload_bytes, received_at) VALUES ('mqtt', 'x', 'schema', 'old', '\\x00', 1, '2026-09-01'), ('mqtt', 'x', 'schema', 'new', '\\x00', 1, '2026-11-21')`);

    const result = await enforceRetention(ds, { rawDays: 400, deadLetterDays: 30, now: NOW });
    expect(result).toEqual({
      horizon: '2025-10-18T12:00:00.000Z',
      createdPartitions: ['raw_event_2026_12', 'raw_event_2027_01'], // November already held a reading
      droppedPartitions: ['raw_event_2025_01'],
      waitingForRollups: ['raw_event_2025_03'],
      deadLetters: 1,
      unclaimedReadings: 1,
    });
    expect(await partitions()).toEqual(['raw_event_2025_03', 'raw_event_2026_09', 'raw_event_2026_11', 'raw_event_2026_12', 'raw_event_2027_01']);
    expect(await ds.query(`SELECT count(*)::int AS n FROM site_day WHERE service_date = '2025-01-10'`)).toEqual([{ n: 1 }]);
    expect(await ds.query(`SELECT detail FROM dead_letter`)).toEqual([{ detail: 'new' }]);
    expect(await ds.query(`SELECT s.key, to_char(e.captured_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM raw_event e JOIN sensor s ON s.id = e.sensor_id ORDER BY 2`)).toEqual([
      { key: 'door-main', day: '2025-03-10' },
      { key: 'door-main', day: '2026-11-01' },
      { key: 'stray', day: '2026-11-20' },
    ]);

    // Once the month is rolled up it goes too; with RETENTION_RAW_DAYS=0 nothing is dropped.
    await ds.query(`DELETE FROM rollup_mark`);
    expect((await enforceRetention(ds, { rawDays: 0, deadLetterDays: 30, now: NOW })).droppedPartitions).toEqual([]);
    expect((await enforceRetention(ds, { rawDays: 400, deadLetterDays: 30, now: NOW })).droppedPartitions).toEqual(['raw_event_2025_03']);
  });
});
