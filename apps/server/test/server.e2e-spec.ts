import fs from 'node:fs';
import mqtt from 'mqtt';
import { zipSync } from 'fflate';
import { createTestDatabase, discardSession, testMqttUrl, uniqueId, waitFor, type TestDatabase, adminApi } from '@hearth/testing';
import type { HearthHandle } from '../src/bootstrap.js';
import { startTestHearth } from './start-test-hearth.js';

const siteFile = fs.readFileSync(new URL('../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');

describe('the Hearth server over HTTP and MQTT (real PostgreSQL and broker)', () => {
  let db: TestDatabase;
  let hearth: HearthHandle;
  let http: ReturnType<typeof adminApi>;
  let publisher: mqtt.MqttClient;
  const clientId = uniqueId('hearth-e2e-');
  // Topics carry a unique site key so parallel runs never see each other's readings.
  const siteKey = uniqueId('branch');

  beforeAll(async () => {
    db = await createTestDatabase('hearth_e2e');
    const mqttUrl = await testMqttUrl();
    hearth = await startTestHearth('e2e', { DATABASE_URL: db.url, MQTT_URL: mqttUrl, MQTT_CLIENT_ID: clientId });
    http = adminApi(hearth.url);
    publisher = await mqtt.connectAsync(mqttUrl, { clientId: uniqueId('pub-'), clean: true });
  });

  afterAll(async () => {
    await publisher?.endAsync();
    await hearth?.close();
    // Drop the persistent session this test created on the broker.
    await discardSession(await testMqttUrl(), clientId);
    await db?.drop();
  });

  it('answers liveness and readiness with the database and broker checked', async () => {
    await http.get('/health').expect(200, { status: 'ok' });
    const ready = await waitFor(async () => {
      const res = await http.get('/health/ready');
      return res.status === 200 ? res.body : undefined;
    });
    expect(ready).toEqual({ status: 'ready', checks: { broker: { ok: true }, database: { ok: true }, ingest: { ok: true } } });
  });

  it('imports a site file once, and the second import changes nothing', async () => {
    const yaml = siteFile.replace('id: branch', `id: ${siteKey}`);
    const first = await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(yaml).expect(200);
    expect(first.body).toMatchObject({ site: siteKey, siteChange: 'created', zones: { created: 3 }, sensors: { created: 6 } });
    const second = await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(yaml).expect(200);
    expect(second.body.unchanged).toBe(true);
  });

  it('refuses an invalid site file with field and line, changing nothing', async () => {
    const broken = siteFile.replace('id: branch', `id: ${siteKey}`).replace('capacity: 12', 'capacity: -1').replace('Branch Library', 'Renamed');
    const res = await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(broken).expect(400);
    expect(res.body.error).toBe('INVALID_SITE_FILE');
    expect(res.body.issues).toEqual([expect.objectContaining({ field: 'floors[0].zones[2].capacity', line: 40 })]);
    expect((await http.get(`/api/v1/sites/${siteKey}`).expect(200)).body.name).toBe('Branch Library');
  });

  it('serves the space model and edits it with validation', async () => {
    const floors = (await http.get(`/api/v1/sites/${siteKey}/floors`).expect(200)).body;
    expect(floors).toEqual([expect.objectContaining({ key: 'ground', size: { width: 30, height: 20 }, planFormat: 'svg' })]);
    const plan = await http.get(`/api/v1/floors/${floors[0].id}/plan`).expect(200);
    expect(plan.headers['content-type']).toMatch(/image\/svg\+xml/);

    const created = await http
      .post(`/api/v1/sites/${siteKey}/zones`)
      .send({ id: 'stacks-a', floor: 'ground', name: 'Stacks A', category: 'stacks', capacity: 0, polygon: [[0, 10], [8, 10], [8, 14], [0, 14]] })
      .expect(201);
    expect(created.body).toMatchObject({ key: 'stacks-a', floor: 'ground', areaM2: 32 });
    await http.patch(`/api/v1/zones/${created.body.id}`).send({ capacity: 6 }).expect(200);
    expect((await http.get(`/api/v1/zones/${created.body.id}`).expect(200)).body.capacity).toBe(6);

    const bad = await http.post(`/api/v1/sites/${siteKey}/zones`).send({ id: 'Bad Key!', floor: 'ground', name: 'x', category: 'lounge', capacity: 1, polygon: [[0, 0]] }).expect(400);
    expect(bad.body.issues.map((i: { field: string }) => i.field)).toEqual(expect.arrayContaining(['id', 'category', 'polygon']));
    const outside = await http.post(`/api/v1/sites/${siteKey}/zones`).send({ id: 'far', floor: 'ground', name: 'Far', category: 'other', capacity: 1, polygon: [[0, 0], [50, 0], [50, 5]] }).expect(400);
    expect(outside.body.message).toMatch(/outside floor "ground"/);
    // A zone a sensor still counts into cannot go: the sensor would point nowhere.
    await http.post(`/api/v1/sites/${siteKey}/sensors`).send({ id: 'stacks-desk', floor: 'ground', kind: 'desk', zone: 'stacks-a', position: [2, 12] }).expect(201);
    const refused = await http.delete(`/api/v1/zones/${created.body.id}`).expect(409);
    expect(refused.body.message).toMatch(/stacks-desk/);
    const sensor = (await http.get(`/api/v1/sites/${siteKey}/sensors`).expect(200)).body.find((s: { key: string }) => s.key === 'stacks-desk');
    await http.patch(`/api/v1/sensors/${sensor.id}`).send({ zone: 'quiet' }).expect(200);
    await http.delete(`/api/v1/zones/${created.body.id}`).expect(204);
    await http.get(`/api/v1/zones/${created.body.id}`).expect(404);
    await http.get('/api/v1/sites/no-such-site').expect(404);
  });

  it('stores readings published over MQTT and reads them back', async () => {
    const now = Date.now();
    const ts = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    await publisher.publishAsync(`hearth/v1/${siteKey}/door-main`, JSON.stringify({ type: 'door', ts: ts(10), in: 3, out: 1, seq: 1042 }), { qos: 1 });
    await publisher.publishAsync(`hearth/v1/${siteKey}/desk-q1`, JSON.stringify([{ type: 'desk', ts: ts(9), occupied: true, seq: 77 }, { type: 'desk', ts: ts(4), occupied: false, seq: 78 }]), { qos: 1 });
    await publisher.publishAsync(`hearth/v1/${siteKey}/cafe-count`, JSON.stringify({ type: 'zone', ts: ts(3), count: 14, seq: 9 }), { qos: 1 });

    const sensors = (await http.get(`/api/v1/sites/${siteKey}/sensors`).expect(200)).body as { id: number; key: string }[];
    const id = (key: string) => sensors.find((s) => s.key === key)!.id;
    const desk = await waitFor(async () => {
      const res = await http.get(`/api/v1/sensors/${id('desk-q1')}/events`).expect(200);
      return res.body.events.length === 2 ? res.body : undefined;
    });
    expect(desk.events.map((e: { occupied: boolean; seq: number }) => [e.occupied, e.seq])).toEqual([[true, 77], [false, 78]]);
    const door = (await http.get(`/api/v1/sensors/${id('door-main')}/events`).expect(200)).body;
    expect(door.events).toEqual([expect.objectContaining({ type: 'door', in: 3, out: 1, seq: 1042, ts: ts(10) })]);

    // A redelivery of the same reading is stored once.
    await publisher.publishAsync(`hearth/v1/${siteKey}/door-main`, JSON.stringify({ type: 'door', ts: ts(10), in: 3, out: 1, seq: 1042 }), { qos: 1 });
    await new Promise((r) => setTimeout(r, 500));
    expect((await http.get(`/api/v1/sensors/${id('door-main')}/events`).expect(200)).body.events).toHaveLength(1);
  });

  it('keeps readings of an undeclared sensor and lists it as unclaimed', async () => {
    const key = uniqueId('stray-');
    await publisher.publishAsync(`hearth/v1/${siteKey}/${key}`, JSON.stringify({ type: 'desk', ts: new Date().toISOString(), occupied: true }), { qos: 1 });
    const stray = await waitFor(async () =>
      ((await http.get('/api/v1/sensors/unclaimed').expect(200)).body as { key: string; id: number; status: string; announcedSite: string; latestReadings: unknown[] }[]).find((s) => s.key === key && s.latestReadings.length > 0),
    );
    expect(stray).toMatchObject({ status: 'unclaimed', announcedSite: siteKey, latestReadings: [expect.objectContaining({ type: 'desk', occupied: true })] });
    const events = await waitFor(async () => {
      const res = await http.get(`/api/v1/sensors/${stray.id}/events`).expect(200);
      return res.body.events.length ? res.body.events : undefined;
    });
    expect(events[0]).toMatchObject({ type: 'desk', occupied: true });

    // Claiming it places it in the site, and its readings stay with it.
    const claimed = await http.post(`/api/v1/sensors/${stray.id}/claim`).send({ site: siteKey, floor: 'ground', kind: 'desk', zone: 'quiet', position: [5, 5] }).expect(201);
    expect(claimed.body).toMatchObject({ id: stray.id, site: siteKey, status: 'active', zone: 'quiet' });
    expect((await http.get(`/api/v1/sensors/${stray.id}/events`).expect(200)).body.events).toEqual(events);
    expect(((await http.get('/api/v1/sensors/unclaimed').expect(200)).body as { id: number }[]).map((s) => s.id)).not.toContain(stray.id);
  });

  it('dead-letters an invalid payload with its reason and counts it', async () => {
    await publisher.publishAsync(`hearth/v1/${siteKey}/desk-q2`, '{"type":"desk","ts":"yesterday","occupied":"yes"}', { qos: 1 });
    await publisher.publishAsync(`hearth/v1/${siteKey}/desk-q2`, 'not json', { qos: 1 });
    const metrics = await waitFor(async () => {
      const text = (await http.get('/metrics').expect(200)).text;
      return /hearth_dead_letters_total\{reason="invalid_json"\} [1-9]/.test(text) && /hearth_dead_letters_total\{reason="schema"\} [1-9]/.test(text) ? text : undefined;
    });
    expect(metrics).toMatch(/hearth_ingest_write_batch_seconds_count/);
    const letters = await waitFor(async () => {
      const body = (await http.get(`/api/v1/sites/${siteKey}/dead-letters`).expect(200)).body;
      return body.total >= 2 ? body : undefined;
    });
    expect(letters.byReason.map((r: { reason: string }) => r.reason).sort()).toEqual(['invalid_json', 'schema']);
  });

  it('imports an IMDF archive as a library', async () => {
    const dir = new URL('../../../libs/imdf/test-fixtures/small-library/', import.meta.url);
    const files = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, new Uint8Array(fs.readFileSync(new URL(f, dir)))]));
    const res = await http.post(`/api/v1/sites/import/imdf?timeZone=Europe/London&site=${siteKey}-imdf`).set('Content-Type', 'application/zip').send(Buffer.from(zipSync(files))).expect(200);
    expect(res.body).toMatchObject({ site: `${siteKey}-imdf`, siteChange: 'created', floors: { created: 2 } });
    expect(res.body.zones.created).toBeGreaterThan(3);
    expect(res.body.warnings.length).toBeGreaterThan(0);
    await http.post('/api/v1/sites/import/imdf?timeZone=Europe/London').set('Content-Type', 'application/zip').send(Buffer.from('not a zip')).expect(400);
  });

  it('documents the API in OpenAPI', async () => {
    const doc = (await http.get('/api/docs/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/sites', '/api/v1/sites/import', '/api/v1/sensors/{id}/events', '/health/ready']));
    expect(doc.paths['/api/v1/sites/{site}/zones'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['id', 'floor', 'polygon']));
  });
});
