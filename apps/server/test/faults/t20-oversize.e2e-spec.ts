import fs from 'node:fs';
import mqtt from 'mqtt';
import pg from 'pg';
import { MAX_PAYLOAD_BYTES } from '@hearth/contracts';
import {
  publishMany,
  startDedicatedMosquitto,
  waitFor,
  type DedicatedMosquitto,
  type HearthProcess,
  type TestDatabase,
} from '@hearth/testing';
import { spawnFaultHearth } from './fault-site.js';
import { reportFigure } from './figures.js';
import { migratedDatabase } from './migrated-database.js';

/**
 * T20. Oversize messages: 100 KB, 1 MB and 10 MB payloads published with
 * MQTT 3.1.1 and MQTT 5, and 1 MB and 10 MB bodies pushed over HTTP. Hearth's
 * limit is 64 KB: HTTP answers 413 before reading the body, and an oversize
 * MQTT message is kept as a `too_large` dead letter of its first 16 KB,
 * never parsed and never stored as a reading. Ten more 10 MB payloads over
 * each transport must not make the server keep memory.
 *
 * The test broker sets no `message_size_limit`, so it passes every size on:
 * this checks Hearth's own limit, the one that holds whatever the broker is
 * configured to do.
 */
describe('T20 oversize messages', () => {
  let broker: DedicatedMosquitto;
  let db: TestDatabase;
  let sql: pg.Client;
  let proc: HearthProcess | undefined;

  beforeAll(async () => {
    broker = await startDedicatedMosquitto();
    ({ db, sql } = await migratedDatabase('hearth_t20'));
  });
  afterAll(async () => {
    await proc?.kill('SIGKILL');
    await sql?.end();
    await broker?.stop();
    await db?.drop();
  });

  it('dead-letters oversize MQTT payloads (v3.1.1 and v5), answers 413 over HTTP, and keeps no memory', async () => {
    // Rollups are off: this measures what ingestion keeps.
    const started = await spawnFaultHearth('t20', {
      HEARTH_ROLE: 'all',
      DATABASE_URL: db.url,
      MQTT_URL: broker.url,
      ROLLUP_INTERVAL_MS: '0',
    });
    proc = started.proc;
    const { base } = started;
    const pid = proc.pid;
    const rssNowMb = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
    // What the server keeps, not garbage it has yet to collect: the lowest RSS over two seconds.
    const rssMb = async () => {
      let low = Infinity;
      for (let i = 0; i < 20; i++) {
        low = Math.min(low, rssNowMb());
        await new Promise((r) => setTimeout(r, 100));
      }
      return low;
    };
    const letters = async (sensor: string) =>
      (await sql.query(`SELECT reason, payload_bytes, length(payload) AS kept FROM dead_letter WHERE sensor_key = $1 ORDER BY payload_bytes`, [sensor])).rows as { reason: string; payload_bytes: number; kept: number }[];
    const push = (bytes: number) =>
      fetch(`${base}/api/v1/ingest/oversize/desk-1`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer hth_x' }, body: Buffer.alloc(bytes, 0x20) }).then((r) => r.status);

    // Each size once per protocol version.
    const sizes = [100 * 1024, 1024 * 1024, 10 * 1024 * 1024];
    for (const version of [4, 5] as const) {
      const client = await mqtt.connectAsync(broker.url, { clean: true, protocolVersion: version });
      for (const size of sizes) await client.publishAsync(`hearth/v1/oversize/v${version}`, Buffer.alloc(size, 0x7b), { qos: 1 });
      await client.endAsync();
    }
    const byVersion = await waitFor(async () => {
      const [v4, v5] = [await letters('v4'), await letters('v5')];
      return v4.length === sizes.length && v5.length === sizes.length ? { v4, v5 } : undefined;
    }, 30_000, 'oversize MQTT messages dead-lettered');
    const httpStatuses = [await push(1024 * 1024), await push(10 * 1024 * 1024)];

    // Warm up both paths (the allocator keeps and reuses freed large buffers), then ten more of each.
    const big = Buffer.alloc(10 * 1024 * 1024, 0x20);
    const round = async (n: number, expected: number) => {
      for (let i = 0; i < n; i++) expect(await push(big.length)).toBe(413);
      await publishMany(broker.url, Array.from({ length: n }, () => ({ topic: 'hearth/v1/oversize/huge', payload: big })), { inflight: 1 });
      await waitFor(async () => ((await letters('huge')).length === expected ? true : undefined), 30_000);
      await new Promise((r) => setTimeout(r, 1000));
    };
    await round(5, 5);
    const before = await rssMb();
    await round(10, 15);
    const after = await rssMb();
    const rows = (await sql.query(`SELECT count(*)::int AS n FROM raw_event`)).rows[0].n as number;
    const huge = await letters('huge');
    await proc.kill('SIGTERM');

    const mqttLetters = [...byVersion.v4, ...byVersion.v5];
    const deadLettered = mqttLetters.filter((l) => l.reason === 'too_large' && l.kept === 16 * 1024).length;
    reportFigure(
      'T20',
      `100 KB, 1 MB, 10 MB over MQTT v3.1.1 and v5: ${deadLettered}/${mqttLetters.length} dead-lettered as too_large (first 16 KB kept, limit ${MAX_PAYLOAD_BYTES / 1024} KB), ${rows} rows; ` +
        `HTTP 1 MB and 10 MB: ${httpStatuses.join(', ')}; RSS ${before.toFixed(0)} -> ${after.toFixed(0)} MB over 10 more 10 MB payloads per transport`,
    );

    expect(byVersion.v4.map((l) => l.payload_bytes)).toEqual(sizes);
    expect(byVersion.v5.map((l) => l.payload_bytes)).toEqual(sizes);
    expect(deadLettered).toBe(mqttLetters.length);
    expect(huge.every((l) => l.reason === 'too_large' && l.kept === 16 * 1024 && l.payload_bytes === big.length)).toBe(true);
    expect(httpStatuses).toEqual([413, 413]);
    expect(rows).toBe(0);
    // 20 more payloads of 10 MB (200 MB) went through; keeping any of them would show as well over 100 MB. Below that the
    // garbage collector's timing decides (a run measured 254 -> 182 MB, another 196 -> 249 MB).
    expect(after - before).toBeLessThan(100);
  }, 180_000);
});
