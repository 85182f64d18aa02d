import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { adminApi, createTestDatabase, freePort, spawnHearth, testMqttUrl, uniqueId, waitReady, type HearthProcess, type TestDatabase } from '@hearth/testing';

const siteFile = fs.readFileSync(new URL('../../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');

/**
 * HTTP push names its sensor in the path. A sensor key becomes a row of the
 * sensor table and part of the spool's topic, so control characters are
 * refused at the door: PostgreSQL text cannot hold NUL, and a key it cannot
 * store would hold up every reading spooled after it.
 */
describe('HTTP push: the sensor in the path', () => {
  let db: TestDatabase;
  let proc: HearthProcess;
  let sql: pg.Client;
  let base: string;
  let token: string;
  const site = uniqueId('pushkey');

  beforeAll(async () => {
    db = await createTestDatabase('hearth_pushkey');
    base = `http://127.0.0.1:${await freePort()}`;
    proc = spawnHearth({
      DATABASE_URL: db.url,
      MQTT_URL: await testMqttUrl(),
      MQTT_CLIENT_ID: uniqueId('hearth-pushkey-'),
      DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-pushkey-')),
      PORT: new URL(base).port,
      ROLLUP_INTERVAL_MS: '0',
    });
    await waitReady(base);
    const http = adminApi(base);
    await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(siteFile.replace('id: branch', `id: ${site}`)).expect(200);
    token = (await http.post(`/api/v1/sites/${site}/device-tokens`).send({}).expect(201)).body.token as string;
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await proc?.kill('SIGKILL');
    await db?.drop();
  });

  const push = (sensor: string) =>
    fetch(`${base}/api/v1/ingest/${site}/${sensor}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ type: 'desk', ts: new Date().toISOString(), occupied: true }),
      signal: AbortSignal.timeout(10_000),
    }).then((r) => r.status);

  it('refuses a sensor key with a control character, and keeps storing the readings after it', async () => {
    for (const sensor of ['desk%00a', 'desk%01a', 'desk%09a', 'desk%0Aa', 'desk%1Fa', 'desk%7Fa', '%00']) expect({ sensor, status: await push(sensor) }).toEqual({ sensor, status: 400 });
    for (const sensor of ['desk-ok', 'desk%20space', 'caf%C3%A9']) expect({ sensor, status: await push(sensor) }).toEqual({ sensor, status: 200 });
    const keys = (await sql.query(`SELECT key FROM sensor WHERE announced_site_key = $1 ORDER BY key`, [site])).rows.map((r: { key: string }) => r.key);
    expect(keys).toEqual(['café', 'desk space', 'desk-ok']);
  });
});
