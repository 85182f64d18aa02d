import mqtt from 'mqtt';
import pg from 'pg';
import { IngestPipeline } from '@hearth/telemetry';
import {
  adminApi,
  createTestDatabase,
  deskEvents,
  faultScale,
  publishMany,
  seconds,
  startDedicatedMosquitto,
  startTcpProxy,
  waitFor,
  type DedicatedMosquitto,
  type TcpProxy,
  type TestDatabase,
} from '@hearth/testing';
import type { HearthHandle } from '../../src/bootstrap.js';
import { startTestHearth } from '../start-test-hearth.js';
import { reportFigure } from './figures.js';

/**
 * T05. PostgreSQL goes away while readings keep arriving at QoS 1: Hearth
 * acknowledges only what its spool can hold (so the broker keeps the rest,
 * which proves no PUBACK is sent for a reading Hearth could lose), reports
 * itself not ready, and catches up by itself when the database is back,
 * losing nothing and storing nothing twice.
 *
 * Default: the database is down 20 s while 700 readings/s arrive (14,000,
 * more than the 1 MB spool holds). HEARTH_FAULTS_FULL=1: 10 minutes at
 * 100 readings/s, as in the reliability matrix.
 */
const OUTAGE_MS = faultScale(20_000, 600_000);
const RATE = faultScale(700, 100);

describe('T05 a database outage during QoS 1 load', () => {
  let broker: DedicatedMosquitto;
  let db: TestDatabase;
  let proxy: TcpProxy;
  let hearth: HearthHandle;
  let sql: pg.Client;

  beforeAll(async () => {
    broker = await startDedicatedMosquitto();
    db = await createTestDatabase('hearth_t05');
    const url = new URL(db.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(proxy.port);
    hearth = await startTestHearth('t05', { DATABASE_URL: url.toString(), MQTT_URL: broker.url, INGEST_SPOOL_MAX_MB: '1', ROLLUP_INTERVAL_MS: '0' });
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await hearth?.close();
    await proxy?.close();
    await broker?.stop();
    await db?.drop();
  });

  const stored = async (): Promise<{ n: number; distinct: number }> =>
    (await sql.query(`SELECT count(*)::int AS n, count(DISTINCT (sensor_id, captured_at, channel, seq))::int AS distinct FROM raw_event`)).rows[0];

  it(`holds at most its spool, answers 503, and stores everything once PostgreSQL is back`, async () => {
    const http = adminApi(hearth.url);
    await waitFor(async () => ((await http.get('/health/ready')).status === 200 ? true : undefined), 20_000, 'ready');
    const pipeline = hearth.app.get(IngestPipeline);

    // The broker's own count of the messages it holds (queued for Hearth's session), reported every 10 s.
    const sys = await mqtt.connectAsync(broker.url, { clean: true, protocolVersion: 4 });
    let brokerHeldMax = 0;
    let brokerReports = 0;
    sys.on('message', (_topic, payload) => {
      brokerReports++;
      brokerHeldMax = Math.max(brokerHeldMax, Number(payload.toString()));
    });
    await sys.subscribeAsync('$SYS/broker/store/messages/count', { qos: 0 });

    const events = deskEvents(Math.round((OUTAGE_MS / 1000) * RATE), { site: 'outage', sensors: 500 });
    const cutAt = Date.now();
    proxy.cut();
    const publishing = publishMany(broker.url, events, { ratePerSecond: RATE, inflight: 200, timeoutMs: OUTAGE_MS + 60_000 });
    const unreadyAfterMs = await waitFor(async () => ((await http.get('/health/ready')).status === 503 ? Date.now() - cutAt : undefined), 30_000, 'readiness 503');
    const unready = (await http.get('/health/ready')).body;

    let maxBacklog = 0;
    while (Date.now() - cutAt < OUTAGE_MS) {
      maxBacklog = Math.max(maxBacklog, pipeline.backlogBytes);
      await new Promise((r) => setTimeout(r, 200));
    }
    const ledger = await publishing;
    // The broker reports its store every sys_interval (10 s by default): wait for the next report.
    const reportsBefore = brokerReports;
    await waitFor(() => (brokerReports > reportsBefore ? true : undefined), 15_000, 'a $SYS report of the broker').catch(() => undefined);
    const heldDuringOutage = brokerHeldMax;
    maxBacklog = Math.max(maxBacklog, pipeline.backlogBytes);

    const restoredAt = Date.now();
    proxy.restore();
    const final = await waitFor(async () => {
      const s = await stored();
      return s.n >= ledger.acked ? s : undefined;
    }, faultScale(120_000, 300_000), 'every reading stored after the outage').catch(async (e) => {
      throw new Error(`${(e as Error).message}; stored ${(await stored()).n} of ${ledger.acked}`);
    });
    const catchUpMs = Date.now() - restoredAt;
    const readyAgainMs = await waitFor(async () => ((await http.get('/health/ready')).status === 200 ? Date.now() - restoredAt : undefined), 30_000, 'ready again');
    await sys.endAsync();
    await new Promise((r) => setTimeout(r, 500));
    const settled = await stored();

    const lost = ledger.acked - settled.distinct;
    const doubleCounted = settled.n - settled.distinct;
    const scaled = OUTAGE_MS < 600_000 ? ' (matrix: 10 min at 100/s; HEARTH_FAULTS_FULL=1)' : '';
    reportFigure(
      'T05',
      `DB down ${seconds(OUTAGE_MS)} during ${events.length} QoS 1 readings at ${RATE}/s${scaled}: lost ${lost}, double-counted ${doubleCounted}; ` +
        `503 after ${seconds(unreadyAfterMs)}; spool held ${(maxBacklog / 1048576).toFixed(2)} MB (limit 1 MB), broker held up to ${heldDuringOutage} unacknowledged by Hearth; ` +
        `caught up ${seconds(catchUpMs)} after restore, ready again after ${seconds(readyAgainMs)}`,
    );

    expect(ledger.error).toBeUndefined();
    expect(ledger.acked).toBe(events.length);
    expect(unready.checks.database.ok).toBe(false);
    expect(unreadyAfterMs).toBeLessThanOrEqual(10_000);
    // Full, but not past its limit by more than one message; the broker kept the rest.
    expect(maxBacklog).toBeGreaterThan(0.9 * 1024 * 1024);
    expect(maxBacklog).toBeLessThan(1024 * 1024 + 1024);
    expect(heldDuringOutage).toBeGreaterThan(1000);
    expect({ lost, doubleCounted, stored: final.n >= events.length }).toEqual({ lost: 0, doubleCounted: 0, stored: true });
    expect(catchUpMs).toBeLessThanOrEqual(300_000);
  }, OUTAGE_MS + 420_000);
});
