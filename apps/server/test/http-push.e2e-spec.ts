import fs from 'node:fs';
import { createTestDatabase, testMqttUrl, uniqueId, type TestDatabase, adminApi } from '@hearth/testing';
import type { HearthHandle } from '../src/bootstrap.js';
import { startTestHearth } from './start-test-hearth.js';

const siteFile = fs.readFileSync(new URL('../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');

describe('HTTP push with device tokens', () => {
  let db: TestDatabase;
  let hearth: HearthHandle;
  let http: ReturnType<typeof adminApi>;
  const site = uniqueId('push');

  beforeAll(async () => {
    db = await createTestDatabase('hearth_push');
    hearth = await startTestHearth('push', { DATABASE_URL: db.url, MQTT_URL: await testMqttUrl(), HEARTH_ROLE: 'api', INGEST_HTTP_RATE_PER_SECOND: '5', INGEST_HTTP_BURST: '5' });
    http = adminApi(hearth.url);
    await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(siteFile.replace('id: branch', `id: ${site}`)).expect(200);
  });
  afterAll(async () => {
    await hearth?.close();
    await db?.drop();
  });

  const now = () => new Date().toISOString();

  it('stores a pushed reading with a sensor token and reads it back', async () => {
    const { token } = (await http.post(`/api/v1/sites/${site}/device-tokens`).send({ sensor: 'desk-q1' }).expect(201)).body;
    expect(token).toMatch(/^hth_/);
    const ts = now();
    await http.post(`/api/v1/ingest/${site}/desk-q1`).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send({ type: 'desk', ts, occupied: true, seq: 77 }).expect(200, { accepted: 1, rejected: [] });
    const sensors = (await http.get(`/api/v1/sites/${site}/sensors`).expect(200)).body as { id: number; key: string }[];
    const events = (await http.get(`/api/v1/sensors/${sensors.find((s) => s.key === 'desk-q1')!.id}/events`).expect(200)).body.events;
    expect(events).toEqual([expect.objectContaining({ type: 'desk', ts, occupied: true, seq: 77 })]);
    // The list never shows the token itself.
    expect(JSON.stringify((await http.get(`/api/v1/sites/${site}/device-tokens`).expect(200)).body)).not.toContain(token);
  });

  it('refuses a missing, wrong, other-sensor or revoked token', async () => {
    const { id, token } = (await http.post(`/api/v1/sites/${site}/device-tokens`).send({ sensor: 'desk-q2' }).expect(201)).body;
    const body = { type: 'desk', ts: now(), occupied: true };
    await http.post(`/api/v1/ingest/${site}/desk-q2`).send(body).expect(401);
    await http.post(`/api/v1/ingest/${site}/desk-q2`).set('Authorization', 'Bearer hth_nope').send(body).expect(401);
    await http.post(`/api/v1/ingest/${site}/desk-q3`).set('Authorization', `Bearer ${token}`).send(body).expect(401);
    await http.delete(`/api/v1/device-tokens/${id}`).expect(204);
    await http.post(`/api/v1/ingest/${site}/desk-q2`).set('Authorization', `Bearer ${token}`).send(body).expect(401);
  });

  it('stores the valid items of a batch and names the ones that failed', async () => {
    const { token } = (await http.post(`/api/v1/sites/${site}/device-tokens`).send({}).expect(201)).body; // a site-wide token
    const res = await http
      .post(`/api/v1/ingest/${site}/cafe-count`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send([{ type: 'zone', ts: now(), count: 4, seq: 1 }, { type: 'zone', ts: now(), count: -2, seq: 2 }, { type: 'zone', ts: '2020-01-01T00:00:00Z', count: 3, seq: 3 }])
      .expect(400);
    expect(res.body.accepted).toBe(1);
    expect(res.body.rejected.map((r: { index: number; reason: string }) => [r.index, r.reason])).toEqual([
      [1, 'schema'],
      [2, 'stale_timestamp'],
    ]);
    const letters = await hearth.app.get((await import('typeorm')).DataSource).query(`SELECT reason FROM dead_letter WHERE sensor_key = 'cafe-count' AND source = 'http' ORDER BY reason`);
    expect(letters.map((l: { reason: string }) => l.reason)).toEqual(['schema', 'stale_timestamp']);
  });

  it('answers 413 over 64 KB and 429 over the rate, with Retry-After', async () => {
    const { token } = (await http.post(`/api/v1/sites/${site}/device-tokens`).send({ sensor: 'desk-q4' }).expect(201)).body;
    await http.post(`/api/v1/ingest/${site}/desk-q4`).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send(`[${'"x",'.repeat(20000)}"x"]`).expect(413);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await http.post(`/api/v1/ingest/${site}/desk-q4`).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send({ type: 'desk', ts: now(), occupied: i % 2 === 0, seq: 100 + i });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
  });
});
