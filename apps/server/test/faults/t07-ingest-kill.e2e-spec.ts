import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createRng } from '@hearth/simulation';
import {
  brokerConnections,
  deskEvents,
  discardSession,
  faultScale,
  freePort,
  median,
  prequeue,
  publishMany,
  seconds,
  spawnHearth,
  startDedicatedMosquitto,
  waitFor,
  waitReady,
  type DedicatedMosquitto,
  type HearthProcess,
  type TestDatabase,
} from '@hearth/testing';
import { reportFigure } from './figures.js';
import { migratedDatabase } from './migrated-database.js';

/**
 * T07. What MQTT promises at QoS 1, kept across crashes: every reading the
 * broker acknowledged to the sensor ends up stored exactly once, however
 * often the ingest process is killed with SIGKILL along the way, and each
 * restart takes up its persistent session again (sessionPresent) and is
 * ready quickly.
 *
 * Default: 10 kills 0.3-2.5 s after each restart became ready, plus 3 kills
 * during start-up, while 100,000 readings are published as fast as the broker
 * takes them. HEARTH_FAULTS_FULL=1: a kill every 30 s, the readings paced to
 * last the whole run, as in the reliability matrix.
 */
const KILLS = 10;
const STARTUP_KILLS = 3;
const EVENTS = 100_000;
const RUN_MIN_MS = faultScale(300, 28_000);
const RUN_SPREAD_MS = faultScale(2_200, 4_000);

describe('T07 ingestion survives kill -9', () => {
  let broker: DedicatedMosquitto;
  let db: TestDatabase;
  let sql: pg.Client;
  const running: HearthProcess[] = [];

  beforeAll(async () => {
    broker = await startDedicatedMosquitto();
    ({ db, sql } = await migratedDatabase('hearth_t07'));
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.kill('SIGKILL')));
    await sql?.end();
    await broker?.stop();
    await db?.drop();
  });

  /** Readings stored, and how many distinct natural keys they have (equal unless something was counted twice). */
  const stored = async (): Promise<{ n: number; distinct: number }> =>
    (await sql.query(`SELECT count(*)::int AS n, count(DISTINCT (sensor_id, captured_at, channel, seq))::int AS distinct FROM raw_event`)).rows[0];

  it(`kill -9 x${KILLS} during ${EVENTS} QoS 1 readings: none lost, none counted twice, every restart resumes its session`, async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-t07-'));
    const clientId = 'hearth-t07';
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    // The session exists before publishing starts, as it would for a deployed service.
    await prequeue({ url: broker.url, clientId, topicFilter: 'hearth/v1/+/+', qos: 1 });
    const events = deskEvents(EVENTS, { site: 'crash', sensors: 2_000 });
    const start = () => {
      const p = spawnHearth(
        { HEARTH_ROLE: 'ingest', DATABASE_URL: db.url, MQTT_URL: broker.url, MQTT_CLIENT_ID: clientId, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'info' },
        { captureOutput: true, maxOutputBytes: 1_000_000 },
      );
      running.push(p);
      return p;
    };
    const rng = createRng(20261122);
    const runMs = (KILLS * (RUN_MIN_MS + RUN_SPREAD_MS / 2)) / 1000;
    const published = publishMany(broker.url, events, { inflight: 500, timeoutMs: 600_000, ...(RUN_MIN_MS > 1000 ? { ratePerSecond: EVENTS / runMs } : {}) });

    const readyMs: number[] = [];
    const sessions: (boolean | undefined)[] = [];
    let startupKills = 0;
    let proc = start();
    for (let k = 0; k < KILLS; k++) {
      // Some kills land while the process starts (before it is ready), replaying its spool or connecting.
      if (startupKills < STARTUP_KILLS && k % 3 === 1) {
        await new Promise((r) => setTimeout(r, 100 + rng.next() * 500));
        await proc.kill('SIGKILL');
        startupKills++;
        proc = start();
      }
      const spawnedAt = Date.now();
      await waitReady(base, 30_000).catch((e: Error) => {
        throw new Error(`${e.message}; stderr: ${proc.stderr()}`);
      });
      readyMs.push(Date.now() - spawnedAt);
      sessions.push(brokerConnections(proc).at(-1)?.sessionPresent);
      await new Promise((r) => setTimeout(r, RUN_MIN_MS + rng.next() * RUN_SPREAD_MS));
      await proc.kill('SIGKILL');
      proc = start();
    }
    const ledger = await published;
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
    const settled = await stored();
    const lost = ledger.acked - settled.distinct;
    const doubleCounted = settled.n - settled.distinct;
    const resumed = sessions.filter((s) => s === true).length;
    const interval = RUN_MIN_MS > 1000 ? `every ~${seconds(RUN_MIN_MS + RUN_SPREAD_MS / 2)}` : `0.3-2.5 s after each restart was ready; matrix: every 30 s, HEARTH_FAULTS_FULL=1`;
    reportFigure(
      'T07',
      `kill -9 x${KILLS} (${interval}) + ${startupKills} during start-up, during ${EVENTS} QoS 1 readings: lost ${lost}, double-counted ${doubleCounted}; ` +
        `${resumed}/${KILLS} reconnects with sessionPresent=1; ready after ${seconds(median(readyMs))} median, ${seconds(Math.max(...readyMs))} max`,
    );

    expect(ledger.error).toBeUndefined();
    expect(ledger.acked).toBe(events.length);
    expect(final.n).toBeGreaterThanOrEqual(events.length);
    expect({ lost, doubleCounted, resumed }).toEqual({ lost: 0, doubleCounted: 0, resumed: KILLS });
    expect(Math.max(...readyMs)).toBeLessThanOrEqual(15_000);
    await discardSession(broker.url, clientId);
  }, faultScale(300_000, 900_000));
});
