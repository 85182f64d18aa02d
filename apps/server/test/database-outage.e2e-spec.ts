import pg from 'pg';
import { IngestPipeline } from '@hearth/telemetry';
import { createTestDatabase, deskEvents, publishMany, startDedicatedMosquitto, startTcpProxy, waitFor, type DedicatedMosquitto, type TcpProxy, type TestDatabase, adminApi } from '@hearth/testing';
import type { HearthHandle } from '../src/bootstrap.js';
import { startTestHearth } from './start-test-hearth.js';

/**
 * PostgreSQL goes away while readings keep arriving: Hearth keeps
 * acknowledging only what its spool can hold, reports itself not ready, and
 * catches up by itself when the database is back, losing nothing.
 */
describe('a database outage during QoS 1 load', () => {
  let broker: DedicatedMosquitto;
  let db: TestDatabase;
  let proxy: TcpProxy;
  let hearth: HearthHandle;

  beforeAll(async () => {
    broker = await startDedicatedMosquitto();
    db = await createTestDatabase('hearth_outage');
    const url = new URL(db.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(proxy.port);
    hearth = await startTestHearth('outage', { DATABASE_URL: url.toString(), MQTT_URL: broker.url, INGEST_SPOOL_MAX_MB: '1' });
  });
  afterAll(async () => {
    await hearth?.close();
    await proxy?.close();
    await broker?.stop();
    await db?.drop();
  });

  it('holds at most its spool, answers 503, and stores everything once PostgreSQL is back', async () => {
    const http = adminApi(hearth.url);
    await waitFor(async () => ((await http.get('/health/ready')).status === 200 ? true : undefined), 20_000, 'ready');
    const pipeline = hearth.app.get(IngestPipeline);

    proxy.cut();
    const events = deskEvents(30_000, { site: 'outage', sensors: 500 });
    const ledger = await publishMany(broker.url, events, { timeoutMs: 60_000 });
    expect(ledger.acked).toBe(events.length); // the broker took them all; Hearth holds what fits

    const unready = await waitFor(async () => {
      const res = await http.get('/health/ready');
      return res.status === 503 ? res.body : undefined;
    }, 20_000, 'readiness 503');
    expect(unready.checks.database.ok).toBe(false);
    let maxBacklog = 0;
    for (let i = 0; i < 20; i++) {
      maxBacklog = Math.max(maxBacklog, pipeline.backlogBytes);
      await new Promise((r) => setTimeout(r, 100));
    }
    // Full, but not past its limit by more than one message.
    expect(maxBacklog).toBeGreaterThan(0.9 * 1024 * 1024);
    expect(maxBacklog).toBeLessThan(1024 * 1024 + 1024);

    proxy.restore();
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    const stored = await waitFor(async () => {
      const { rows } = await sql.query(`SELECT count(*)::int AS n FROM raw_event`);
      return rows[0].n >= events.length ? rows[0].n : undefined;
    }, 90_000, 'every reading stored after the outage');
    await sql.end();
    expect(stored).toBe(events.length);
    await waitFor(async () => ((await http.get('/health/ready')).status === 200 ? true : undefined), 20_000, 'ready again');
  }, 180_000);
});
