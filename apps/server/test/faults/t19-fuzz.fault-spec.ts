import pg from 'pg';
import { createRng } from '@hearth/simulation';
import {
  adminApi,
  deskEvents,
  faultScale,
  publishMany,
  seconds,
  startDedicatedMosquitto,
  waitFor,
  type DedicatedMosquitto,
  type HearthProcess,
  type MqttMessage,
  type TestDatabase,
} from '@hearth/testing';
import { BRANCH_SITE, spawnFaultHearth } from './fault-site.js';
import { reportFigure } from './figures.js';
import { migratedDatabase } from './migrated-database.js';

/**
 * T19. Malformed payloads over MQTT and HTTP: truncated JSON, invalid UTF-8,
 * random binary, 10,000-deep nesting, huge numbers (1 MB, and 60 KB inside
 * the limit), `__proto__` and `constructor` keys, wrong types. Hearth must not
 * crash or restart, store no reading from them, count every one as refused
 * (a dead letter for each MQTT payload, a 4xx for each HTTP one), keep its
 * event loop responsive, and keep storing valid readings sent at the same
 * time as fast as without them.
 *
 * A slow test (`npm run test:faults` only). Default: 20,000 over MQTT and
 * 5,000 over HTTP; HEARTH_FAULTS_FULL=1: 40,000 and 10,000 (the matrix's
 * 50,000).
 */
const MQTT_FUZZ = faultScale(20_000, 40_000);
const HTTP_FUZZ = faultScale(5_000, 10_000);
const VALID = 10_000;
const VALID_RATE = 1_000;

/** One malformed payload of the given kind; `rng` picks its details. */
function malformed(kind: number, rng: { next(): number }, i: number): Buffer {
  const ts = new Date(Date.now() - 60_000).toISOString();
  const valid = JSON.stringify({ type: 'desk', ts, occupied: true, seq: i });
  switch (kind) {
    case 0: // truncated JSON
      return Buffer.from(valid.slice(0, 1 + Math.floor(rng.next() * (valid.length - 2))));
    case 1: {
      // invalid UTF-8 inside a key or a value
      const bytes = Buffer.from(valid);
      const at = 2 + Math.floor(rng.next() * (bytes.length - 4));
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), bytes.subarray(at)]);
    }
    case 2: // random binary
      return Buffer.from(Array.from({ length: 1 + Math.floor(rng.next() * 256) }, () => Math.floor(rng.next() * 256)));
    case 3: // 10,000-deep nesting, arrays or objects
      return Buffer.from(rng.next() < 0.5 ? `${'['.repeat(10_000)}${']'.repeat(10_000)}` : `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`);
    case 4: // a 60 KB number, inside the size limit
      return Buffer.from(`{"type":"zone","ts":"${ts}","count":${'9'.repeat(60_000)}}`);
    case 5: // prototype keys
      return Buffer.from(
        rng.next() < 0.5
          ? `{"type":"desk","ts":"${ts}","occupied":true,"seq":${i},"__proto__":{"polluted":true}}`
          : `{"type":"desk","ts":"${ts}","occupied":true,"seq":${i},"constructor":{"prototype":{"polluted":true}}}`,
      );
    case 6: {
      // wrong types and impossible values
      const bad = [`"occupied":"yes"`, `"occupied":null`, `"seq":-1`, `"seq":1.5`, `"seq":"7"`, `"ts":"yesterday"`, `"ts":1732300000`, `"count":-3`, `"type":"window"`];
      return Buffer.from(`{"type":"desk","ts":"${ts}",${bad[Math.floor(rng.next() * bad.length)]}}`.replace(/"type":"desk",(.*)"type":"window"/, '"type":"window",$1"x":0'));
    }
    default: // a 1 MB number: over the size limit
      return Buffer.from(`{"type":"zone","ts":"${ts}","count":${'1'.repeat(1024 * 1024)}}`);
  }
}
const KINDS = ['truncated', 'invalid UTF-8', 'binary', '10k-deep', '60 KB number', '__proto__/constructor', 'wrong types', '1 MB number'];
/** How often each kind comes up (the 1 MB ones are rare: they cost 1 MB each to send). */
const pickKind = (r: number) => (r < 0.002 ? 7 : r < 0.02 ? 3 : r < 0.03 ? 4 : [0, 1, 2, 5, 6][Math.min(4, Math.floor(((r - 0.03) / 0.97) * 5))]!);

describe('T19 malformed payload fuzzing', () => {
  let broker: DedicatedMosquitto;
  let db: TestDatabase;
  let sql: pg.Client;
  let proc: HearthProcess | undefined;

  beforeAll(async () => {
    broker = await startDedicatedMosquitto();
    ({ db, sql } = await migratedDatabase('hearth_t19'));
  });
  afterAll(async () => {
    await proc?.kill('SIGKILL');
    await sql?.end();
    await broker?.stop();
    await db?.drop();
  });

  it(`${MQTT_FUZZ + HTTP_FUZZ} malformed payloads: no crash, no row, every one refused, valid readings unaffected`, async () => {
    const started = await spawnFaultHearth(
      't19',
      {
        DATABASE_URL: db.url,
        MQTT_URL: broker.url,
        ROLLUP_INTERVAL_MS: '0',
        INGEST_HTTP_RATE_PER_SECOND: '100000',
        INGEST_HTTP_BURST: '100000',
      },
      { captureOutput: true, maxOutputBytes: 2_000_000 },
    );
    proc = started.proc;
    const { base } = started;
    const http = adminApi(base);
    await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(BRANCH_SITE.replace('id: branch', 'id: t19')).expect(200);
    const token = (await http.post('/api/v1/sites/t19/device-tokens').send({}).expect(201)).body.token as string;
    const metric = async (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(await (await fetch(`${base}/metrics`)).text())?.[1] ?? NaN);
    const startTime = await metric('hearth_process_start_time_seconds');
    const count = async (q: string) => (await sql.query(q)).rows[0].n as number;
    const validStored = (site: string) => count(`SELECT count(*)::int AS n FROM raw_event e JOIN sensor s ON s.id = e.sensor_id WHERE s.announced_site_key = '${site}'`);
    /** Publishes VALID readings at VALID_RATE and times them until every acknowledged one is stored. */
    const timeValid = async (site: string) => {
      const events = deskEvents(VALID, { site, sensors: 200 });
      const ledger = await publishMany(broker.url, events, { ratePerSecond: VALID_RATE, inflight: 100 });
      const published = Date.now();
      await waitFor(async () => ((await validStored(site)) >= ledger.acked ? true : undefined), 120_000, `${site}: valid readings stored`).catch(() => undefined);
      return { ms: ledger.ms + (Date.now() - published), publishMs: ledger.ms, storedAt: Date.now(), stored: await validStored(site) };
    };
    // Valid readings alone, for the baseline.
    const alone = await timeValid('valid-alone');

    // The fuzz: MQTT on one connection, HTTP with 8 requests in flight, valid readings alongside.
    const rng = createRng(19);
    const kinds = new Map<string, number>();
    const mqttFuzz: MqttMessage[] = Array.from({ length: MQTT_FUZZ }, (_, i) => {
      const kind = pickKind(rng.next());
      kinds.set(KINDS[kind]!, (kinds.get(KINDS[kind]!) ?? 0) + 1);
      return { topic: `hearth/v1/t19/fuzz-${i % 100}`, payload: malformed(kind, rng, i) };
    });
    const httpFuzz = Array.from({ length: HTTP_FUZZ }, (_, i) => {
      const kind = pickKind(rng.next());
      kinds.set(KINDS[kind]!, (kinds.get(KINDS[kind]!) ?? 0) + 1);
      return { sensor: `hfuzz-${i % 100}`, body: malformed(kind, rng, i) };
    });
    await metric('hearth_nodejs_eventloop_lag_max_seconds'); // starts a new lag measurement period
    const httpStatuses = new Map<number, number>();
    const fuzzing = (async () => {
      const mqttDone = publishMany(broker.url, mqttFuzz, { inflight: 200, timeoutMs: 300_000 });
      for (let i = 0; i < httpFuzz.length; i += 8) {
        const statuses = await Promise.all(
          httpFuzz.slice(i, i + 8).map(({ sensor, body }) =>
            fetch(`${base}/api/v1/ingest/t19/${sensor}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body, signal: AbortSignal.timeout(10_000) }).then(
              async (r) => (await r.arrayBuffer(), r.status),
              () => 0,
            ),
          ),
        );
        for (const s of statuses) httpStatuses.set(s, (httpStatuses.get(s) ?? 0) + 1);
        // Every request of a round unanswered for 10 s: Hearth has stopped answering pushes; sending more only waits.
        if (statuses.every((s) => s === 0)) break;
      }
      return mqttDone;
    })();
    const fuzzStarted = Date.now();
    const alongside = await timeValid('valid-fuzz');
    const mqttLedger = await fuzzing;
    // The valid readings must have been sent and stored while the fuzz was still arriving, or they did not run "alongside".
    const fuzzMs = Date.now() - fuzzStarted;
    const fuzzOutlasted = fuzzStarted + fuzzMs >= alongside.storedAt - 500;
    const lagMaxMs = (await metric('hearth_nodejs_eventloop_lag_max_seconds')) * 1000;

    const mqttLetters = () => count(`SELECT count(*)::int AS n FROM dead_letter WHERE source = 'mqtt' AND sensor_key LIKE 'fuzz-%'`);
    await waitFor(async () => ((await mqttLetters()) >= mqttLedger.acked ? true : undefined), 60_000, 'every MQTT payload dead-lettered').catch(() => undefined);
    const lettered = await mqttLetters();
    const fuzzRows = await count(`SELECT count(*)::int AS n FROM raw_event e JOIN sensor s ON s.id = e.sensor_id WHERE s.key LIKE 'fuzz-%' OR s.key LIKE 'hfuzz-%'`);
    const refusedHttp = [...httpStatuses].filter(([s]) => s >= 400 && s < 500).reduce((a, [, n]) => a + n, 0);
    const running = (await Promise.race([proc.exited.then(() => 'exited'), new Promise((r) => setTimeout(() => r('running'), 10))])) === 'running';
    const alive = running && (await fetch(`${base}/health`).then((r) => r.ok, () => false));
    const restarted = (await metric('hearth_process_start_time_seconds')) !== startTime;
    const drop = (alongside.ms - alone.ms) / alone.ms;
    const storeFailure = (() => {
      const line = /^.*storing readings failed.*$/m.exec(proc.output())?.[0];
      if (!line) return undefined;
      try {
        const entry = JSON.parse(line) as { err?: string | { message?: string } };
        return `storing readings failed: ${typeof entry.err === 'string' ? entry.err : (entry.err?.message ?? line)}`;
      } catch {
        return line;
      }
    })();

    reportFigure(
      'T19',
      `${MQTT_FUZZ} MQTT + ${HTTP_FUZZ} HTTP malformed payloads (${[...kinds].map(([k, n]) => `${n} ${k}`).join(', ')})${HTTP_FUZZ < 10_000 ? ' (matrix: 50000; HEARTH_FAULTS_FULL=1)' : ''}: ` +
        `${alive && !restarted ? 0 : 1} crashes or restarts, ${fuzzRows} rows; refused ${lettered}/${mqttLedger.acked} MQTT (dead letters) and ${refusedHttp}/${HTTP_FUZZ} HTTP (4xx${httpStatuses.get(0) ? `; ${httpStatuses.get(0)} unanswered after 10 s, then stopped` : ''}); ` +
        `event-loop lag max ${lagMaxMs.toFixed(0)} ms; ${VALID} valid readings at ${VALID_RATE}/s stored in ${seconds(alone.ms)} alone (publishing ${seconds(alone.publishMs)}), ${seconds(alongside.ms)} alongside the fuzz (publishing ${seconds(alongside.publishMs)}; the fuzz took ${seconds(fuzzMs)}) (${alongside.stored}/${VALID}, ${(drop * 100).toFixed(1)} % slower)` +
        (storeFailure ? `; the writer logged: ${storeFailure.slice(0, 300)}` : ''),
    );

    expect(mqttLedger.acked).toBe(MQTT_FUZZ);
    expect({ alive, restarted }).toEqual({ alive: true, restarted: false });
    expect(fuzzRows).toBe(0);
    expect(lettered).toBe(MQTT_FUZZ);
    expect(refusedHttp).toBe(HTTP_FUZZ);
    expect(alongside.stored).toBe(VALID);
    expect(lagMaxMs).toBeLessThanOrEqual(200);
    expect(fuzzOutlasted).toBe(true);
    expect(drop).toBeLessThanOrEqual(0.05);
  }, faultScale(240_000, 480_000));
});
