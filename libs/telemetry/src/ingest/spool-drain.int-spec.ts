import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '@hearth/database';
import { createTestDatabase, startTcpProxy, waitFor, type TcpProxy, type TestDatabase } from '@hearth/testing';
import { SpoolDrain, type DrainStats } from './spool-drain.js';
import { Spool, SpoolReader } from './spool.js';

const LIMITS = { maxAgeMs: 168 * 3600_000, maxFutureMs: 10 * 60_000 };

/**
 * The storing thread's drain against a real PostgreSQL: a reading the
 * database refuses costs only itself, and an unreachable database costs
 * nothing (the readings wait in the spool until it is back).
 */
describe('SpoolDrain on PostgreSQL', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let pool: pg.Pool;
  let check: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase('hearth_drain');
    const { dataSource } = await openDatabase(db.url);
    await dataSource.destroy();
    const url = new URL(db.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(proxy.port);
    pool = new pg.Pool({ connectionString: url.toString(), max: 3 });
    // Connections the proxy cuts fail while idle; the next query opens a new one.
    pool.on('error', () => undefined);
    check = new pg.Pool({ connectionString: db.url, max: 1 });
  });
  afterAll(async () => {
    await pool?.end();
    await check?.end();
    await proxy?.close();
    await db?.drop();
  });

  /** A drain over a fresh spool, recording what it reports. */
  const startDrain = () => {
    const spool = Spool.open(fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-drain-')));
    const commits: { position: number; stats: DrainStats }[] = [];
    const database: boolean[] = [];
    const drain = new SpoolDrain({
      reader: new SpoolReader(spool.dir),
      sql: pool,
      limits: LIMITS,
      events: { committed: (position, stats) => commits.push({ position, stats }), database: (ok) => database.push(ok) },
    });
    drain.start(spool.committedPosition, spool.flushedEnd);
    const append = (sensor: string, payload: string | Buffer, at = Date.now()) => {
      const end = spool.append(at, `hearth/v1/drain/${sensor}`, Buffer.isBuffer(payload) ? payload : Buffer.from(payload));
      drain.extend(spool.flushedEnd);
      return end;
    };
    const committed = (end: number, timeoutMs = 20_000) => waitFor(() => (commits.at(-1)?.position ?? 0) >= end || undefined, timeoutMs, 'the spool drained');
    const stop = async () => {
      await drain.stop();
      spool.close();
    };
    return { append, commits, database, committed, stop };
  };
  const stored = async (prefix: string) =>
    (await check.query(`SELECT count(*)::int AS n FROM raw_event e JOIN sensor s ON s.id = e.sensor_id WHERE s.key LIKE $1`, [`${prefix}%`])).rows[0].n as number;
  const letters = async (prefix: string) =>
    (await check.query(`SELECT sensor_key, reason, detail, payload FROM dead_letter WHERE sensor_key LIKE $1 ORDER BY id`, [`${prefix}%`])).rows as { sensor_key: string; reason: string; detail: string; payload: Buffer }[];
  const desk = (at: number, seq: number, extra: Record<string, unknown> = {}) => JSON.stringify({ type: 'desk', ts: new Date(at).toISOString(), occupied: seq % 2 === 0, seq, ...extra });
  const sum = (commits: { stats: DrainStats }[], pick: (s: DrainStats) => number) => commits.reduce((n, c) => n + pick(c.stats), 0);

  it('stores the readings around ones PostgreSQL refuses and keeps those as db_rejected dead letters', async () => {
    const d = startDrain();
    const base = Date.now() - 3600_000;
    for (let i = 0; i < 600; i++) {
      if (i === 150) {
        // ISO 8601 allows it, but PostgreSQL's offsets stop at 15:59: the contract refuses it before the database sees it.
        const ts = new Date(base + i * 1000 + 20 * 3600_000).toISOString().replace('Z', '+20:00');
        d.append('poison-offset', JSON.stringify({ type: 'desk', ts, occupied: true, seq: i }));
      } else if (i === 300) {
        // A batch whose middle item has a NUL in its channel, which PostgreSQL text cannot hold.
        d.append('poison-channel', `[${desk(base + i * 1000, 1)},${desk(base + i * 1000, 2, { channel: 'seat\u00001' })},${desk(base + i * 1000, 3)}]`);
      } else if (i === 450) {
        // Broken JSON with a NUL: the parser's message quotes it.
        d.append('poison-nul', Buffer.from('{"type":"desk","ts":\u0000}'));
      } else d.append(`poison-ok-${i % 20}`, desk(base + i * 1000, i));
    }
    const end = d.append('poison-ok-last', desk(base + 600_000, 600));
    try {
      await d.committed(end);
      expect(await stored('poison-ok-')).toBe(598);
      expect(await stored('poison-channel')).toBe(2);
      expect(await stored('poison-offset')).toBe(0);
      const kept = await letters('poison-');
      expect(kept.map((l) => [l.sensor_key, l.reason])).toEqual(
        expect.arrayContaining([
          ['poison-offset', 'schema'],
          ['poison-channel', 'db_rejected'],
          ['poison-nul', 'invalid_json'],
        ]),
      );
      expect(kept).toHaveLength(3);
      const offset = kept.find((l) => l.sensor_key === 'poison-offset')!;
      expect(offset.detail).toMatch(/offset must be within ±15:59/);
      expect(JSON.parse(offset.payload.toString()).ts).toMatch(/\+20:00$/);
      expect(JSON.parse(kept.find((l) => l.sensor_key === 'poison-channel')!.payload.toString())).toMatchObject({ seq: 2, channel: 'seat\u00001' });
      const nul = kept.find((l) => l.sensor_key === 'poison-nul')!;
      expect(nul.detail).not.toContain('\u0000');
      // The payload is kept byte for byte.
      expect(nul.payload).toEqual(Buffer.from('{"type":"desk","ts":\u0000}'));
      expect(sum(d.commits, (s) => s.stored)).toBe(600);
      expect(sum(d.commits, (s) => s.deadLetters.db_rejected ?? 0)).toBe(1);
      expect(sum(d.commits, (s) => s.rejected.mqtt)).toBe(3);
      expect(d.database).toEqual([]);
    } finally {
      await d.stop();
    }
  });

  it('keeps retrying while PostgreSQL is unreachable, refusing nothing, and stores everything once it is back', async () => {
    const d = startDrain();
    const base = Date.now() - 1800_000;
    const first = d.append('outage-0', desk(base, 0));
    try {
      await d.committed(first);
      proxy.cut();
      let end = 0;
      for (let i = 1; i <= 500; i++) end = d.append(`outage-${i % 10}`, desk(base + i * 1000, i));
      await waitFor(() => (d.database.includes(false) ? true : undefined), 10_000, 'the drain noticed the outage');
      await new Promise((r) => setTimeout(r, 1500));
      expect(d.commits.at(-1)!.position).toBe(first);
      proxy.restore();
      await d.committed(end, 30_000);
      expect(await stored('outage-')).toBe(501);
      expect(await letters('outage-')).toEqual([]);
      expect(d.database.at(-1)).toBe(true);
    } finally {
      proxy.restore();
      await d.stop();
    }
  });
});
