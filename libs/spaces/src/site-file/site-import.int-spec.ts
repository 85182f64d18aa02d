import fs from 'node:fs';
import { DataSource } from 'typeorm';
import { openDatabase } from '@hearth/database';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { parseSiteFile, SiteFileError } from './parse-site-file.js';
import { SiteImportService } from './site-import.service.js';
import { SpacesService } from '../spaces.service.js';

const text = fs.readFileSync(new URL('../../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');

/** Every row of the space model, for before/after comparisons. */
async function snapshot(ds: DataSource) {
  const tables = ['site', 'site_period', 'floor', 'zone', 'sensor'];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await ds.query(`SELECT * FROM ${t} ORDER BY id`)] as const)));
}

describe('importing a site file into PostgreSQL', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let importer: SiteImportService;

  beforeAll(async () => {
    db = await createTestDatabase('hearth_import');
    ds = (await openDatabase(db.url)).dataSource;
    importer = new SiteImportService(ds);
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it('creates the whole library the first time', async () => {
    const report = await importer.import(parseSiteFile(text));
    expect(report).toMatchObject({
      site: 'branch',
      unchanged: false,
      siteChange: 'created',
      periods: { created: 2 },
      floors: { created: 1 },
      zones: { created: 3 },
      sensors: { created: 6, claimed: 0 },
    });
    const [quiet] = await ds.query(`SELECT area_m2, capacity_seats FROM zone WHERE key = 'quiet'`);
    expect(quiet).toEqual({ area_m2: 80, capacity_seats: 4 });
    const [door] = await ds.query(`SELECT s.door_in_zone_id = z.id AS into_lobby, s.door_out_zone_id, s.counter_rollover FROM sensor s, zone z WHERE s.key = 'door-main' AND z.key = 'lobby'`);
    expect(door).toEqual({ into_lobby: true, door_out_zone_id: null, counter_rollover: '65536' });
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await snapshot(ds);
    const report = await importer.import(parseSiteFile(text));
    expect(report.unchanged).toBe(true);
    expect(report.sensors).toEqual({ created: 0, updated: 0, unchanged: 6, removed: 0, claimed: 0 });
    expect(await snapshot(ds)).toEqual(before);
  });

  it('round-trips through its own export unchanged', async () => {
    const exported = await new SpacesService(ds).exportSiteFile('branch');
    const report = await importer.import(parseSiteFile(JSON.stringify(exported)));
    expect(report.unchanged).toBe(true);
  });

  it('applies an edited file as a diff: updates, removals and retirements', async () => {
    const edited = text
      .replace('capacity: 12', 'capacity: 16')
      .replace(/ {6}- id: lobby[\s\S]*?polygon: \[\[10, 14\], \[20, 14\], \[20, 20\], \[10, 20\]\]\n/, '')
      .replace('inTo: lobby', 'inTo: cafe')
      .replace(/ {6}- \{ id: desk-q4.*\n/, '');
    const report = await importer.import(parseSiteFile(edited));
    expect(report.zones).toEqual({ created: 0, updated: 1, unchanged: 1, removed: 1 });
    expect(report.sensors).toMatchObject({ updated: 1, unchanged: 4, removed: 1 });
    const [retired] = await ds.query(`SELECT status FROM sensor WHERE key = 'desk-q4'`);
    expect(retired.status).toBe('retired');
  });

  it('refuses an invalid file naming field and line, and changes nothing', async () => {
    const before = await snapshot(ds);
    const broken = text.replace('capacity: 4', 'capacity: four');
    let error: unknown;
    try {
      await importer.import(parseSiteFile(broken, 'branch.site.yaml'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SiteFileError);
    expect((error as SiteFileError).issues[0]).toMatchObject({ field: 'floors[0].zones[1].capacity', line: 35 });
    expect(await snapshot(ds)).toEqual(before);
  });

  it('claims a sensor that published before it was declared, keeping its readings', async () => {
    const [{ id }] = await ds.query(`INSERT INTO sensor (site_id, announced_site_key, key, kind, status) VALUES (NULL, 'branch', 'desk-q9', 'desk', 'unclaimed') RETURNING id`);
    await ds.query(`SELECT ensure_raw_event_partition('2026-11-20T10:00:00Z')`);
    await ds.query(`INSERT INTO raw_event (sensor_id, captured_at, kind, occupied) VALUES ($1, '2026-11-20T10:00:00Z', 'desk', true)`, [id]);
    const withNewDesk = text.replace('      - { id: cafe-count', '      - { id: desk-q9, kind: desk, zone: quiet, position: [4, 4] }\n      - { id: cafe-count');
    const report = await importer.import(parseSiteFile(withNewDesk));
    expect(report.sensors.claimed).toBe(1);
    const [claimed] = await ds.query(`SELECT s.id, s.status, site.key AS site FROM sensor s JOIN site ON site.id = s.site_id WHERE s.key = 'desk-q9'`);
    expect(claimed).toEqual({ id, status: 'active', site: 'branch' });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM raw_event WHERE sensor_id = $1`, [id]);
    expect(n).toBe(1);
  });

  it('writes nothing on a dry run but reports what would change', async () => {
    const before = await snapshot(ds);
    const report = await importer.import(parseSiteFile(text.replace('Branch Library', 'Branch Library (renamed)')), { dryRun: true });
    expect(report).toMatchObject({ dryRun: true, siteChange: 'updated' });
    expect(await snapshot(ds)).toEqual(before);
  });
});
