import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import {
  deskEvents,
  freePort,
  publishMany,
  spawnHearth,
  startDedicatedMosquitto,
  waitFor,
  type DedicatedMosquitto,
  type HearthProcess,
  type TestDatabase,
} from '@hearth/testing';
import { migratedDatabase } from './faults/migrated-database.js';

/**
 * The ingest role as a process of its own: two of them share a subscription
 * and store each reading once, and one stops in order on SIGTERM. (Killing it
 * with SIGKILL mid-stream is fault test T07, faults/t07-ingest-kill.) Each
 * test runs its own Mosquitto and real PostgreSQL.
 */
describe('ingest processes share a subscription and stop in order', () => {
  let broker: DedicatedMosquitto;
  let db: TestDatabase;
  let sql: pg.Client;

  beforeAll(async () => {
    broker = await startDedicatedMosquitto();
    ({ db, sql } = await migratedDatabase('hearth_crash'));
  });
  const running: HearthProcess[] = [];
  afterAll(async () => {
    await Promise.all(running.map((p) => p.kill('SIGKILL')));
    await sql?.end();
    await broker?.stop();
    await db?.drop();
  });

  /** Readings stored, and how many distinct natural keys they have (equal unless something was counted twice). */
  const stored = async (): Promise<{ n: number; distinct: number }> => {
    const { rows } = await sql.query(`SELECT count(*)::int AS n, count(DISTINCT (sensor_id, captured_at, channel, seq))::int AS distinct FROM raw_event`);
    return rows[0];
  };

  const ready = (port: number) =>
    waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined);
      return res?.ok ? true : undefined;
    }, 30_000, `ingest process on port ${port} ready`);

  const ingestEnv = (clientId: string, dataDir: string, extra: Record<string, string> = {}) => ({
    HEARTH_ROLE: 'ingest',
    DATABASE_URL: db.url,
    MQTT_URL: broker.url,
    MQTT_CLIENT_ID: clientId,
    DATA_DIR: dataDir,
    PORT: extra.PORT ?? '0',
    ...extra,
  });

  it('two ingest processes on a shared subscription store 100,000 readings exactly once', async () => {
    await sql.query(`TRUNCATE raw_event`);
    const group = 'hearth-share-test';
    const ports = [await freePort(), await freePort()];
    const procs = ['a', 'b'].map((name, i) =>
      spawnHearth(ingestEnv(`hearth-share-${name}`, fs.mkdtempSync(path.join(os.tmpdir(), `hearth-share-${name}-`)), { MQTT_SHARE_GROUP: group, PORT: String(ports[i]) })),
    );
    running.push(...procs);
    // Both connected and subscribed before publishing: readiness includes the broker connection.
    await Promise.all(ports.map(ready));
    await new Promise((r) => setTimeout(r, 500));
    const events = deskEvents(100_000, { site: 'share', sensors: 5_000, start: new Date(Date.now() - 2 * 3600_000) });
    const ledger = await publishMany(broker.url, events, { inflight: 1000, timeoutMs: 120_000 });
    expect(ledger.acked).toBe(events.length);
    const final = await waitFor(async () => {
      const s = await stored();
      return s.n >= events.length ? s : undefined;
    }, 120_000);
    // Each process took a share: the metrics of both count stored readings.
    const shares = await Promise.all(
      ports.map(async (port) => {
        const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        const line = text.split('\n').find((l) => l.startsWith('hearth_ingest_messages_total{') && l.includes('result="stored"'));
        return Number(line?.split(' ').pop() ?? 0);
      }),
    );
    await Promise.all(procs.map((p) => p.kill('SIGTERM')));
    await new Promise((r) => setTimeout(r, 500));
    expect(await stored()).toEqual({ n: events.length, distinct: events.length });
    expect(final.n).toBe(events.length);
    expect(shares[0]! + shares[1]!).toBe(events.length);
    expect(Math.min(...shares)).toBeGreaterThan(events.length * 0.2);
  }, 300_000);

  it('stops in order on SIGTERM: says offline on its status topic and exits 0', async () => {
    const port = await freePort();
    const proc = spawnHearth(ingestEnv('hearth-sigterm', fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-sigterm-')), { PORT: String(port) }));
    running.push(proc);
    await ready(port);
    await proc.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    const client = await mqtt.connectAsync(broker.url, { clean: true });
    const status = await new Promise<string>((resolve) => {
      client.on('message', (_t, payload) => resolve(payload.toString()));
      void client.subscribeAsync('hearth/status/hearth-sigterm', { qos: 1 });
    });
    await client.endAsync();
    expect(status).toBe('offline');
  }, 60_000);
});
