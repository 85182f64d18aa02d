import pg from 'pg';
import {
  brokerConnections,
  deskEvents,
  faultScale,
  median,
  publishDurably,
  seconds,
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
 * T08. The broker is restarted gracefully (SIGTERM, then started again with
 * its persistence file) 5 times while 100,000 QoS 1 readings are published.
 * The publisher behaves as a gateway does: it reconnects and sends again
 * whatever was not acknowledged. Every acknowledged reading is stored once,
 * and Hearth is connected again within 10 s of the broker coming back, with
 * its session (sessionPresent) each time.
 *
 * The readings are paced over the whole run. Default: a restart every 4 s
 * (a slow test: `npm run test:faults` only). HEARTH_FAULTS_FULL=1: every
 * 60 s, as in the reliability matrix.
 */
const RESTARTS = 5;
const EVENTS = 100_000;
const INTERVAL_MS = faultScale(4_000, 60_000);

describe('T08 broker restarts', () => {
  let broker: DedicatedMosquitto;
  let db: TestDatabase;
  let sql: pg.Client;
  let proc: HearthProcess | undefined;

  beforeAll(async () => {
    broker = await startDedicatedMosquitto({ persistence: true });
    ({ db, sql } = await migratedDatabase('hearth_t08'));
  });
  afterAll(async () => {
    await proc?.kill('SIGKILL');
    await sql?.end();
    await broker?.stop();
    await db?.drop();
  });

  const stored = async (): Promise<{ n: number; distinct: number }> =>
    (await sql.query(`SELECT count(*)::int AS n, count(DISTINCT (sensor_id, captured_at, channel, seq))::int AS distinct FROM raw_event`)).rows[0];

  it(`${RESTARTS} graceful broker restarts during ${EVENTS} QoS 1 readings: none lost, none counted twice, reconnected within 10 s`, async () => {
    ({ proc } = await spawnFaultHearth(
      't08',
      {
        HEARTH_ROLE: 'ingest',
        DATABASE_URL: db.url,
        MQTT_URL: broker.url,
        LOG_LEVEL: 'info',
      },
      { captureOutput: true, maxOutputBytes: 2_000_000 },
    ));
    const events = deskEvents(EVENTS, { site: 'restart', sensors: 2_000 });
    const runMs = (RESTARTS + 1) * INTERVAL_MS;
    // Paced so that publishing spans every restart.
    const publishing = publishDurably(broker.url, events, { inflight: 500, timeoutMs: runMs + 300_000, ratePerSecond: EVENTS / (runMs / 1000) });

    const reconnectMs: number[] = [];
    const sessions: boolean[] = [];
    for (let k = 0; k < RESTARTS; k++) {
      await new Promise((r) => setTimeout(r, INTERVAL_MS));
      const began = Date.now();
      await broker.restart();
      const back = Date.now();
      const connection = await waitFor(() => brokerConnections(proc!).find((c) => c.at > began), 30_000, `Hearth reconnected after restart ${k + 1}`).catch((e: Error) => {
        throw new Error(`${e.message}; stderr: ${proc!.stderr()}`);
      });
      reconnectMs.push(Math.max(0, connection.at - back));
      sessions.push(connection.sessionPresent);
    }
    const ledger = await publishing;
    const final = await waitFor(async () => {
      const s = await stored();
      return s.n >= ledger.acked ? s : undefined;
    }, 120_000, 'every acknowledged reading stored').catch(async (e) => {
      throw new Error(`${(e as Error).message}; stored ${(await stored()).n} of ${ledger.acked}`);
    });
    await new Promise((r) => setTimeout(r, 500));
    const settled = await stored();
    const lost = ledger.acked - settled.distinct;
    const doubleCounted = settled.n - settled.distinct;
    reportFigure(
      'T08',
      `broker restarted x${RESTARTS} (SIGTERM + start, every ${seconds(INTERVAL_MS)}${INTERVAL_MS < 60_000 ? '; matrix: every 60 s, HEARTH_FAULTS_FULL=1' : ''}) during ${EVENTS} QoS 1 readings ` +
        `(publisher reconnected ${ledger.reconnects} times, resent ${ledger.resent}): lost ${lost}, double-counted ${doubleCounted}; ` +
        `Hearth reconnected ${seconds(median(reconnectMs))} median, ${seconds(Math.max(...reconnectMs))} max after the broker was back; sessionPresent ${sessions.filter(Boolean).length}/${RESTARTS}`,
    );

    expect(ledger.timedOut).toBe(false);
    expect(ledger.acked).toBe(EVENTS);
    expect(final.n).toBeGreaterThanOrEqual(EVENTS);
    expect({ lost, doubleCounted }).toEqual({ lost: 0, doubleCounted: 0 });
    expect(Math.max(...reconnectMs)).toBeLessThanOrEqual(10_000);
    expect(sessions.every(Boolean)).toBe(true);
  }, faultScale(240_000, 900_000));
});
