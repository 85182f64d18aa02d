import pg from 'pg';
import { openDatabase } from '@hearth/database';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { RawEventWriter, isDataError, type RawEventRow } from './raw-event.writer.js';
import { SensorRegistry } from './sensor-registry.js';

const desk = (sensorId: number, minute: number, seq: number): RawEventRow => ({
  sensorId,
  capturedAt: `2026-11-22T10:${String(minute).padStart(2, '0')}:00Z`,
  channel: '',
  seq,
  kind: 'desk',
  inCount: null,
  outCount: null,
  inTotal: null,
  outTotal: null,
  occupied: seq % 2 === 0,
  headcount: null,
  batteryPct: null,
});

describe('RawEventWriter on a pg pool (the ingest writer thread)', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let writer: RawEventWriter;
  let sensorId: number;

  beforeAll(async () => {
    db = await createTestDatabase('hearth_writer');
    const { dataSource } = await openDatabase(db.url);
    await dataSource.destroy();
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    writer = new RawEventWriter(pool);
    const ids = await new SensorRegistry(pool).resolveMany([{ site: 'branch', sensor: 'desk-1', kind: 'desk' }]);
    sensorId = ids.get('branch/desk-1')!;
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('stores a batch once: repeats, and repeats inside one batch, count as already stored', async () => {
    const batch = [desk(sensorId, 0, 1), desk(sensorId, 1, 2), desk(sensorId, 2, 3)];
    expect(await writer.write(batch)).toBe(3);
    // A redelivered batch with one new reading, and a reading twice within the batch.
    expect(await writer.write([...batch, desk(sensorId, 3, 4), desk(sensorId, 3, 4)])).toBe(1);
    const { rows } = await pool.query('SELECT seq, occupied, in_count FROM raw_event ORDER BY seq');
    expect(rows).toEqual([
      { seq: '1', occupied: false, in_count: null },
      { seq: '2', occupied: true, in_count: null },
      { seq: '3', occupied: false, in_count: null },
      { seq: '4', occupied: true, in_count: null },
    ]);
  });

  it('keeps every kind of value when a batch mixes kinds', async () => {
    const door: RawEventRow = { ...desk(sensorId, 10, 10), kind: 'door', occupied: null, inCount: 3, outCount: 1 };
    const total: RawEventRow = { ...desk(sensorId, 11, 11), kind: 'door', occupied: null, inTotal: 120456, outTotal: 119980 };
    const zone: RawEventRow = { ...desk(sensorId, 12, 12), kind: 'zone', occupied: null, headcount: 14 };
    const beat: RawEventRow = { ...desk(sensorId, 13, 13), kind: 'heartbeat', occupied: null, batteryPct: 87 };
    expect(await writer.write([door, total, zone, beat])).toBe(4);
    const { rows } = await pool.query('SELECT kind, in_count, out_count, in_total, out_total, occupied, headcount, battery_pct FROM raw_event WHERE seq >= 10 ORDER BY seq');
    expect(rows).toEqual([
      { kind: 'door', in_count: 3, out_count: 1, in_total: null, out_total: null, occupied: null, headcount: null, battery_pct: null },
      { kind: 'door', in_count: null, out_count: null, in_total: '120456', out_total: '119980', occupied: null, headcount: null, battery_pct: null },
      { kind: 'zone', in_count: null, out_count: null, in_total: null, out_total: null, occupied: null, headcount: 14, battery_pct: null },
      { kind: 'heartbeat', in_count: null, out_count: null, in_total: null, out_total: null, occupied: null, headcount: null, battery_pct: 87 },
    ]);
  });

  it('sets apart the rows PostgreSQL refuses and stores the others, repeats included', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => desk(sensorId, 20 + (i % 30), 100 + i));
    rows[0] = { ...rows[0]!, capturedAt: '2026-11-22T10:20:00+20:00' };
    rows[17] = { ...rows[17]!, channel: 'seat\u00002' };
    rows[39] = { ...rows[39]!, capturedAt: '2026-11-22T10:20:00-16:00' };
    rows.push(desk(sensorId, 2, 3)); // stored by the first test
    const { stored, refused } = await writer.writeIsolating(rows);
    expect(stored).toBe(37);
    expect(refused.map((r) => r.index)).toEqual([0, 17, 39]);
    expect(refused[0]).toMatchObject({ code: '22009', message: expect.stringMatching(/time zone displacement out of range/) });
    expect(refused[1]!.code).toMatch(/^22/);
    expect((await pool.query('SELECT count(*)::int AS n FROM raw_event WHERE seq BETWEEN 100 AND 139')).rows[0].n).toBe(37);
    // Written again (a retry after a crash), nothing is new and the same rows are refused.
    expect(await writer.writeIsolating(rows)).toMatchObject({ stored: 0, refused: [{ index: 0 }, { index: 17 }, { index: 39 }] });
  });

  it('tells data PostgreSQL refuses from a database that cannot be reached', () => {
    expect(isDataError({ code: '22009' })).toBe(true);
    expect(isDataError({ code: '23502' })).toBe(true);
    expect(isDataError({ driverError: { code: '22021' } })).toBe(true);
    expect(isDataError({ code: '23505' })).toBe(false);
    expect(isDataError({ driverError: { code: '23505' } })).toBe(false);
    for (const code of ['ECONNREFUSED', 'ECONNRESET', '57P01', '08006', '53300', '40001', undefined]) expect({ code, data: isDataError({ code }) }).toEqual({ code, data: false });
    expect(isDataError(new Error('Connection terminated unexpectedly'))).toBe(false);
    expect(isDataError(undefined)).toBe(false);
  });
});
