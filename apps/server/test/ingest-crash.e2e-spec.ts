import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import { openDatabase } from '@hearth/database';
import { createRng } from '@hearth/simulation';
import {
  createTestDatabase,
  deskEvents,
  discardSession,
  freePort,
  prequeue,
  publishMany,
  spawnHearth,
  startDedicatedMosquitto,
  waitFor,
  type DedicatedMosquitto,
  type HearthProcess,
  type TestDatabase,
} from '@hearth/testing';

/**
 * What MQTT promises at QoS 1, kept across crashes: every reading the broker
 * acknowledged to the sensor ends up stored exactly once, however often the
 * ingest process is killed with SIGKILL along the way. Each test runs its own
 * Mosquitto (the machine's keeps only 1,000 queued messages per client) and
 * real PostgreSQL.
 */
describe('ingestion survives kill -9 and shares a subscription', () => {
  let broker: DedicatedMosquitto;
  let db: TestDatabase;
  let sql: pg.Client;

  beforeAll(async () => {
    broker = await startDedicatedMosquitto();
    db = await createTestDatabase('hearth_crash');
    const { dataSource } = await openDatabase(db.url);
    await dataSource.destroy();
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
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

  it('kill -9 at random moments during 100,000 QoS 1 readings: none lost, none counted twice', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-crash-'));
    const clientId = 'hearth-crash-test';
    // The session exists before publishing starts, as it would for a deployed service.
    await prequeue({ url: broker.url, clientId, topicFilter: 'hearth/v1/+/+', qos: 1 });
    const events = deskEvents(100_000, { site: 'crash', sensors: 2_000 });

    const start = () => {
      const p = spawnHearth(ingestEnv(clientId, dataDir));
      running.push(p);
      return p;
    };
    let proc = start();
    const rng = createRng(20261122);
    let kills = 0;
    let publishing = true;
    const published = publishMany(broker.url, events, { inflight: 500, timeoutMs: 120_000 }).finally(() => (publishing = false));
    // Kill while publishing, and at least 10 times in all (some land while it replays its spool).
    while (publishing || kills < 10) {
      // Between 0.3 and 2.5 s: sometimes while it starts, sometimes in full flow.
      await new Promise((r) => setTimeout(r, 300 + rng.next() * 2200));
      await proc.kill('SIGKILL');
      kills++;
      proc = start();
    }
    const ledger = await published;
    expect(ledger.error).toBeUndefined();
    expect(ledger.acked).toBe(events.length);

    const final = await waitFor(
      async () => {
        const s = await stored();
        return s.n >= ledger.acked ? s : undefined;
      },
      120_000,
      'every acknowledged reading stored',
    ).catch(async (e) => {
      throw new Error(`${(e as Error).message}; stored ${(await stored()).n} of ${ledger.acked}. stderr: ${proc.stderr()}`);
    });
    await proc.kill('SIGTERM');
    const lost = ledger.acked - final.n;
    const doubleCounted = final.n - final.distinct;
    process.stdout.write(`kill -9 x${kills} during ${events.length} events: lost ${lost}, double-counted ${doubleCounted}\n`);
    expect({ kills: kills >= 10, lost, doubleCounted }).toEqual({ kills: true, lost: 0, doubleCounted: 0 });
    await discardSession(broker.url, clientId);
  }, 300_000);

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

  it('refuses 10 MB payloads over HTTP and MQTT without the server keeping the memory', async () => {
    // Rollups are off here: this measures what ingestion keeps. (A rollup pass holds a whole service day's
    // readings while it recomputes it; the 200,000 readings earlier tests stored in this database cost ~60 MB.)
    const port = await freePort();
    const proc = spawnHearth(ingestEnv('hearth-oversize', fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-oversize-')), { HEARTH_ROLE: 'all', PORT: String(port), ROLLUP_INTERVAL_MS: '0' }));
    running.push(proc);
    await ready(port);
    const rssNowMb = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${proc.pid}/status`, 'utf8'))![1]) / 1024;
    // What the server keeps, not garbage it has yet to collect: the lowest RSS over two seconds.
    const rssMb = async () => {
      let low = Infinity;
      for (let i = 0; i < 20; i++) {
        low = Math.min(low, rssNowMb());
        await new Promise((r) => setTimeout(r, 100));
      }
      return low;
    };
    const big = Buffer.alloc(10 * 1024 * 1024, 0x20);
    const letters = async () => (await sql.query(`SELECT count(*)::int AS n FROM dead_letter WHERE sensor_key = 'huge'`)).rows[0].n as number;
    // Warm up both paths first (the allocator keeps and reuses freed large buffers), then check
    // that ten more oversize payloads do not make the server keep more memory.
    const push = () => fetch(`http://127.0.0.1:${port}/api/v1/ingest/oversize/desk-1`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer hth_x' }, body: big }).then((r) => r.status);
    const round = async (n: number, expectedLetters: number) => {
      for (let i = 0; i < n; i++) expect(await push()).toBe(413);
      await publishMany(broker.url, Array.from({ length: n }, () => ({ topic: 'hearth/v1/oversize/huge', payload: big })), { inflight: 1 });
      await waitFor(async () => ((await letters()) === expectedLetters ? true : undefined), 30_000);
      await new Promise((r) => setTimeout(r, 1000));
    };
    await round(5, 5);
    const before = await rssMb();
    await round(10, 15);
    const after = await rssMb();
    const [letter] = (await sql.query(`SELECT reason, payload_bytes, length(payload) AS kept FROM dead_letter WHERE sensor_key = 'huge' LIMIT 1`)).rows;
    await proc.kill('SIGTERM');
    process.stdout.write(`10 MB payloads x10 after a warm-up of 5 (HTTP 413, MQTT dead-lettered): server RSS ${before.toFixed(0)} -> ${after.toFixed(0)} MB\n`);
    expect(letter).toEqual({ reason: 'too_large', payload_bytes: big.length, kept: 16 * 1024 });
    expect(after - before).toBeLessThan(50);
  }, 120_000);
});
