import fs from 'node:fs';
import mqtt from 'mqtt';
import { createTestDatabase, testMqttUrl, uniqueId, waitFor, type TestDatabase, adminApi } from '@hearth/testing';
import type { HearthHandle } from '../src/bootstrap.js';
import { startTestHearth } from './start-test-hearth.js';

const siteFile = fs.readFileSync(new URL('../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');
const MIN_COUNT = 5;

/** Every number anywhere in a JSON value. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

describe('the public "how busy is it" figures', () => {
  let db: TestDatabase;
  let hearth: HearthHandle;
  let http: ReturnType<typeof adminApi>;
  let client: mqtt.MqttClient;
  const base = uniqueId('pub');

  /** A copy of the branch library whose cafe headcount sensor reports `cafe` people now and whose first `desks` quiet-study desks are taken. */
  async function siteWith(suffix: string, cafe: number, desks = 0) {
    const site = `${base}-${suffix}`;
    await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(siteFile.replace('id: branch', `id: ${site}`)).expect(200);
    const ts = new Date().toISOString();
    await client.publishAsync(`hearth/v1/${site}/cafe-count`, JSON.stringify({ type: 'zone', ts, count: cafe, seq: 1 }), { qos: 1 });
    for (let d = 1; d <= desks; d++) await client.publishAsync(`hearth/v1/${site}/desk-q${d}`, JSON.stringify({ type: 'desk', ts, occupied: true, seq: 1 }), { qos: 1 });
    // The public answer is cached for 15 s: ask for it only once the readings are in the (uncached) live figures.
    await waitFor(async () => {
      const live = (await http.get(`/api/v1/sites/${site}/occupancy/live`).expect(200)).body as { zones: { zone: string; occupancy: number | null }[] };
      const at = (zone: string) => live.zones.find((z) => z.zone === zone)?.occupancy;
      return at('cafe') === cafe && (desks === 0 || at('quiet') === desks) ? true : undefined;
    }, 15_000);
    const res = await http.get(`/api/v1/public/sites/${site}/busy`).expect(200);
    return { text: res.text, body: res.body, headers: res.headers };
  }

  beforeAll(async () => {
    db = await createTestDatabase('hearth_public');
    const mqttUrl = await testMqttUrl();
    hearth = await startTestHearth('pub', { DATABASE_URL: db.url, MQTT_URL: mqttUrl });
    http = adminApi(hearth.url);
    client = await mqtt.connectAsync(mqttUrl, { clientId: uniqueId('pub-pub-') });
  });
  afterAll(async () => {
    await client?.endAsync();
    await hearth?.close();
    await db?.drop();
  });

  it("withholds a viewer's small counts in live and rolled-up figures (VIEWER_MIN_COUNT), not a planner's", async () => {
    const viewer = (await http.post('/api/v1/api-keys').send({ label: 'front desk screen', role: 'viewer', sites: '*' }).expect(201)).body as { key: string };
    const planner = (await http.post('/api/v1/api-keys').send({ label: 'facilities', role: 'planner', sites: '*' }).expect(201)).body as { key: string };
    await siteWith('viewer', 3);
    const live = async (key: string) => {
      const res = await fetch(`${hearth.url}/api/v1/sites/${base}-viewer/occupancy/live`, { headers: { Authorization: `Bearer ${key}` } });
      const body = (await res.json()) as { zones: { zone: string; occupancy: number | null }[] };
      return { header: res.headers.get('x-hearth-suppressed-below'), cafe: body.zones.find((z) => z.zone === 'cafe')?.occupancy };
    };
    expect(await live(viewer.key)).toEqual({ header: '5', cafe: null });
    expect(await live(planner.key)).toEqual({ header: null, cafe: 3 });
    // Rolled-up answers are cached and served as JSON text: withheld all the same.
    type Series = { zones: { zone: string; points: { peak: number }[] }[] };
    const peaks = async (key: string) => {
      const res = await fetch(`${hearth.url}/api/v1/sites/${base}-viewer/occupancy?resolution=15m`, { headers: { Authorization: `Bearer ${key}` } });
      return ((await res.json()) as Partial<Series>).zones?.find((z) => z.zone === 'cafe')?.points.map((p) => p.peak).filter((p) => p !== 0);
    };
    const plannerPeaks = await waitFor(async () => ((await peaks(planner.key))?.length ? peaks(planner.key) : undefined), 20_000, 'the cafe rolled up');
    expect(plannerPeaks).toContain(3);
    expect(new Set(await peaks(viewer.key))).toEqual(new Set([null]));
  });

  it('says "few" for 3 people, and no small count appears anywhere in the body', async () => {
    const { text, body, headers } = await siteWith('three', 3);
    const ground = body.floors.find((f: { key: string }) => f.key === 'ground');
    expect(ground.zones.find((z: { key: string }) => z.key === 'cafe')).toMatchObject({ name: 'Cafe', people: 'few', level: 'quiet' });
    // The cafe is the only zone with data, so the floor is "few" too.
    expect(ground).toMatchObject({ people: 'few' });
    expect(ground.zones.find((z: { key: string }) => z.key === 'quiet')).toMatchObject({ people: null, level: null });
    // Not as a count, a share, free seats or anything else: no JSON number below the threshold in the raw text.
    expect(text).not.toMatch(/[:[,]\s*-?[0-4](\.\d+)?\s*[,\]}]/);
    expect(numbersIn(body).every((n) => n >= MIN_COUNT)).toBe(true);
    expect(text).not.toMatch(/capacity|share|free/i);
    // Names and keys only: no sensor ids.
    expect(text).not.toMatch(/cafe-count|desk-q/);
    expect(body).toMatchObject({ name: 'Branch Library', minCount: MIN_COUNT, open: expect.any(Boolean), asOf: expect.any(String) });
    expect(headers['cache-control']).toBe('public, max-age=15');
    // The page patrons see may be framed by the library's own website; its data is an API answer like any other.
    const page = await fetch(`${hearth.url}/public/${base}-three`);
    expect(page.headers.get('x-frame-options')).toBeNull();
    expect(page.headers.get('content-security-policy')).toContain('frame-ancestors *');
  });

  it('shows 7 people as 7', async () => {
    const { body } = await siteWith('seven', 7);
    const ground = body.floors.find((f: { key: string }) => f.key === 'ground');
    // 7 of the cafe's 12 seats: 58 %.
    expect(ground.zones.find((z: { key: string }) => z.key === 'cafe')).toMatchObject({ people: 7, level: 'some space' });
    expect(ground).toMatchObject({ people: 7 });
    expect(ground.atLeast).toBeUndefined();
  });

  it('keeps a floor total from giving away a small zone count by subtraction', async () => {
    // Cafe 7, quiet study 2: the floor's exact 9 minus the cafe's 7 would reveal the 2.
    const { text, body } = await siteWith('mixed', 7, 2);
    const ground = body.floors.find((f: { key: string }) => f.key === 'ground');
    expect(ground.zones.find((z: { key: string }) => z.key === 'quiet')).toMatchObject({ people: 'few' });
    expect(ground).toMatchObject({ people: 7, atLeast: true });
    expect(text).not.toMatch(/[:[,]\s*-?[0-4](\.\d+)?\s*[,\]}]/);
    expect(text).not.toMatch(/"people":9\b/);
  });

  it('answers 404 for an unknown site and 400 for a malformed key, without a login', async () => {
    await http.get('/api/v1/public/sites/nowhere/busy').expect(404);
    await http.get('/api/v1/public/sites/Not_A_Key/busy').expect(400);
  });
});
