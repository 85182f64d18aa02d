import { DataSource } from 'typeorm';
import { adminApi, createTestDatabase, publishMany, seconds, startDedicatedMosquitto, waitFor, type DedicatedMosquitto, type MqttMessage, type TestDatabase } from '@hearth/testing';
import type { HearthHandle } from '../../src/bootstrap.js';
import { startTestHearth } from '../start-test-hearth.js';
import { reportFigure } from './figures.js';

/**
 * T12. A poison message among 10,000 must cost exactly itself: the other
 * 9,999 are stored, the poison is kept as a dead letter with its reason, and
 * consumption never stalls more than 5 s. Two kinds of poison: one Hearth's
 * own validation refuses (broken JSON), and one that passes validation but
 * that PostgreSQL refuses (a NUL character in its channel, which JSON
 * allows and PostgreSQL's text does not), so the batch it is in
 * fails at the INSERT. And a third: broken JSON holding a NUL byte, which
 * PostgreSQL text cannot hold, so the dead letter's own INSERT fails.
 */
describe('T12 a poison message', () => {
  let broker: DedicatedMosquitto;
  let db: TestDatabase;
  let hearth: HearthHandle | undefined;
  let sql: DataSource;
  const site = 't12';
  const figure: string[] = [];

  beforeAll(async () => {
    broker = await startDedicatedMosquitto();
    db = await createTestDatabase('hearth_t12');
  });
  // A fresh Hearth for each poison: one that stalls its writer must not hold up the next case.
  beforeEach(async () => {
    hearth = await startTestHearth('t12', { DATABASE_URL: db.url, MQTT_URL: broker.url, ROLLUP_INTERVAL_MS: '0' });
    sql = hearth.app.get(DataSource);
    const http = adminApi(hearth.url);
    await waitFor(async () => ((await http.get('/health/ready')).status === 200 ? true : undefined), 20_000, 'ready');
  });
  afterEach(async () => {
    await hearth?.close();
    hearth = undefined;
  });
  afterAll(async () => {
    if (figure.length) reportFigure('T12', figure.join('; '));
    await broker?.stop();
    await db?.drop();
  });

  const count = async (prefix: string) =>
    (await sql.query(`SELECT count(*)::int AS n FROM raw_event e JOIN sensor s ON s.id = e.sensor_id WHERE s.key LIKE $1`, [`${prefix}%`]))[0].n as number;
  const base = Date.now() - 3600_000;
  const recent = (i: number) => new Date(base + i * 100).toISOString();
  const tenThousand = (prefix: string): MqttMessage[] =>
    Array.from({ length: 10_000 }, (_, i) => ({ topic: `hearth/v1/${site}/${prefix}-${i % 50}`, payload: JSON.stringify({ type: 'desk', ts: recent(i), occupied: true, seq: i }) }));

  /** Publishes, then measures how long after the last PUBACK the good readings are all stored (or how many were after `limitMs`). */
  const run = async (prefix: string, msgs: MqttMessage[], limitMs: number) => {
    const ledger = await publishMany(broker.url, msgs);
    const published = Date.now();
    const done = await waitFor(async () => ((await count(prefix)) >= 9_999 ? Date.now() - published : undefined), limitMs, `9,999 readings of ${prefix}-*`).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    const stored = await count(prefix);
    const letters: { reason: string; sensor_key: string }[] = await sql.query(`SELECT reason, sensor_key FROM dead_letter WHERE sensor_key LIKE $1`, [`${prefix}-%`]);
    return { ledger, done, stored, letters };
  };

  it('one invalid payload among 10,000 leaves 9,999 stored and 1 dead-lettered', async () => {
    const msgs = tenThousand('bad');
    msgs[4_321] = { topic: `hearth/v1/${site}/bad-21`, payload: '{"type":"desk","ts":"2026-11-22T10:15:00Z","occupied":"maybe"' };
    const r = await run('bad', msgs, 30_000);
    figure.push(`invalid JSON among 10000: ${r.stored} stored, ${r.letters.length} dead-lettered (${r.letters.map((l) => l.reason).join(', ') || 'none'}), all stored ${r.done === undefined ? 'NOT within 30 s' : `${seconds(r.done)} after the last PUBACK`}`);
    expect(r.ledger.acked).toBe(10_000);
    expect(r.stored).toBe(9_999);
    expect(r.letters).toEqual([{ reason: 'invalid_json', sensor_key: 'bad-21' }]);
    expect(r.done).toBeLessThanOrEqual(5_000);
  });

  it('one reading PostgreSQL refuses among 10,000 leaves 9,999 stored, 1 dead-lettered, and consumption does not stall', async () => {
    const msgs = tenThousand('db');
    // Valid by the contract (a channel is any string of 1-64 characters), but PostgreSQL text cannot hold U+0000.
    const at = new Date(base + 4_321 * 100).toISOString();
    msgs[4_321] = { topic: `hearth/v1/${site}/db-21`, payload: JSON.stringify({ type: 'desk', ts: at, occupied: true, seq: 4_321, channel: 'seat\u00001' }) };
    const r = await run('db', msgs, 30_000);
    figure.push(
      `a reading PostgreSQL refuses (a NUL in its channel) among 10000: ${r.stored} stored, ${r.letters.length} dead-lettered (${r.letters.map((l) => l.reason).join(', ') || 'none'}), ` +
        (r.done === undefined ? `ingestion STALLED (${r.stored} of 9999 stored after 30 s)` : `all stored ${seconds(r.done)} after the last PUBACK`),
    );
    expect(r.ledger.acked).toBe(10_000);
    expect(r.stored).toBe(9_999);
    expect(r.letters).toHaveLength(1);
    expect(r.done).toBeLessThanOrEqual(5_000);
  }, 90_000);

  it('one payload with a NUL byte among 10,000 leaves 9,999 stored and 1 dead-lettered', async () => {
    const msgs = tenThousand('nul');
    // JSON.parse quotes the text around an unexpected character in its message, which becomes the dead letter's detail.
    msgs[4_321] = { topic: `hearth/v1/${site}/nul-21`, payload: Buffer.from('{"type":"desk","ts":\u0000}') };
    const r = await run('nul', msgs, 30_000);
    figure.push(
      `broken JSON with a NUL byte among 10000: ${r.stored} stored, ${r.letters.length} dead-lettered (${r.letters.map((l) => l.reason).join(', ') || 'none'}), ` +
        (r.done === undefined ? `ingestion STALLED (${r.stored} of 9999 stored after 30 s)` : `all stored ${seconds(r.done)} after the last PUBACK`),
    );
    expect(r.ledger.acked).toBe(10_000);
    expect(r.stored).toBe(9_999);
    expect(r.letters).toEqual([{ reason: 'invalid_json', sensor_key: 'nul-21' }]);
    expect(r.done).toBeLessThanOrEqual(5_000);
  }, 90_000);
});
