import pg from 'pg';
import { openDatabase } from '@hearth/database';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { RawEventWriter, type RawEventRow } from './raw-event.writer.js';
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
});
