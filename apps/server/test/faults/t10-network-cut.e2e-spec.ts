import pg from 'pg';
import {
  brokerConnections,
  deskEvents,
  faultScale,
  publishMany,
  seconds,
  startDedicatedMosquitto,
  startTcpProxy,
  waitFor,
  type DedicatedMosquitto,
  type HearthProcess,
  type TcpProxy,
  type TestDatabase,
} from '@hearth/testing';
import { spawnFaultHearth } from './fault-site.js';
import { reportFigure } from './figures.js';
import { migratedDatabase } from './migrated-database.js';

/**
 * T10. The network between Hearth and its broker is cut (a TCP proxy in
 * between drops every connection and refuses new ones) while sensors keep
 * publishing to the broker at 100 readings/s. Nothing is lost: the broker
 * queues for Hearth's persistent session. Hearth retries at most once a
 * second during the cut and is connected again within 10 s of the network
 * coming back.
 *
 * Default: a 20 s cut. HEARTH_FAULTS_FULL=1: 2 minutes, as in the matrix.
 */
const CUT_MS = faultScale(20_000, 120_000);
const RATE = 100;

describe('T10 network cut between Hearth and the broker', () => {
  let broker: DedicatedMosquitto;
  let proxy: TcpProxy;
  let db: TestDatabase;
  let sql: pg.Client;
  let proc: HearthProcess | undefined;

  beforeAll(async () => {
    broker = await startDedicatedMosquitto();
    proxy = await startTcpProxy({ host: '127.0.0.1', port: broker.port });
    ({ db, sql } = await migratedDatabase('hearth_t10'));
  });
  afterAll(async () => {
    await proc?.kill('SIGKILL');
    await sql?.end();
    await proxy?.close();
    await broker?.stop();
    await db?.drop();
  });

  it(`a ${CUT_MS / 1000} s cut: nothing lost, at most one reconnection attempt a second, connected again within 10 s`, async () => {
    ({ proc } = await spawnFaultHearth(
      't10',
      {
        HEARTH_ROLE: 'ingest',
        DATABASE_URL: db.url,
        MQTT_URL: `mqtt://127.0.0.1:${proxy.port}`,
        LOG_LEVEL: 'info',
      },
      { captureOutput: true, maxOutputBytes: 2_000_000 },
    ));
    // Readings before, during and after the cut: 5 s, the cut, 10 s.
    const events = deskEvents(Math.round(((CUT_MS + 15_000) / 1000) * RATE), { site: 'netcut', sensors: 300 });
    const publishing = publishMany(broker.url, events, { ratePerSecond: RATE, inflight: 100, timeoutMs: CUT_MS + 120_000 });
    await new Promise((r) => setTimeout(r, 5_000));

    proxy.cut();
    const cutAt = Date.now();
    const attemptsBefore = proxy.attempts.length;
    await new Promise((r) => setTimeout(r, CUT_MS));
    const attempts = proxy.attempts.length - attemptsBefore;
    const healedAt = Date.now();
    proxy.restore();
    const connection = await waitFor(() => brokerConnections(proc!).find((c) => c.at > healedAt), 30_000, 'Hearth reconnected after the cut').catch((e: Error) => {
      throw new Error(`${e.message}; stderr: ${proc!.stderr()}`);
    });
    const reconnectMs = Math.max(0, connection.at - healedAt);

    const ledger = await publishing;
    const stored = async () => (await sql.query(`SELECT count(*)::int AS n, count(DISTINCT (sensor_id, captured_at, channel, seq))::int AS distinct FROM raw_event`)).rows[0] as { n: number; distinct: number };
    await waitFor(async () => ((await stored()).n >= ledger.acked ? true : undefined), 60_000, 'every acknowledged reading stored').catch(() => undefined);
    const settled = await stored();
    const lost = ledger.acked - settled.distinct;
    const perSecond = attempts / ((healedAt - cutAt) / 1000);
    reportFigure(
      'T10',
      `network cut ${seconds(CUT_MS)} between Hearth and broker${CUT_MS < 120_000 ? ' (matrix: 2 min; HEARTH_FAULTS_FULL=1)' : ''} during ${events.length} QoS 1 readings at ${RATE}/s: lost ${lost}, double-counted ${settled.n - settled.distinct}; ` +
        `${attempts} connection attempts during the cut (${perSecond.toFixed(2)}/s); reconnected ${seconds(reconnectMs)} after the heal, sessionPresent ${connection.sessionPresent ? 1 : 0}`,
    );

    expect(ledger.error).toBeUndefined();
    expect(ledger.acked).toBe(events.length);
    expect({ lost, doubleCounted: settled.n - settled.distinct }).toEqual({ lost: 0, doubleCounted: 0 });
    expect(attempts).toBeGreaterThan(0);
    expect(perSecond).toBeLessThanOrEqual(1);
    expect(reconnectMs).toBeLessThanOrEqual(10_000);
    expect(connection.sessionPresent).toBe(true);
  }, CUT_MS + 180_000);
});
