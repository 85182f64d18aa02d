import fs from 'node:fs';
import pg from 'pg';
import { serviceDateOf } from '@hearth/analytics';
import { siteFileSchema } from '@hearth/contracts';
import { SiteModelService } from '@hearth/insights';
import { createTestDatabase, testMqttUrl, uniqueId, type TestDatabase, adminApi } from '@hearth/testing';
import { parse } from 'yaml';
import { PollService } from '../../../libs/insights/src/poll/poll.service.js';
import type { HearthHandle } from '../src/bootstrap.js';
import { startTestHearth } from './start-test-hearth.js';

const siteYaml = fs.readFileSync(new URL('../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');
const branch = siteFileSchema.parse(parse(siteYaml));
const MIN_ANSWERS = 3;
const NO_SCORES = { convenience: null, comfort: null, hospitality: null, quality: null, trust: null, wow: null };

describe("the patrons' anonymous poll", () => {
  let db: TestDatabase;
  let hearth: HearthHandle;
  let http: ReturnType<typeof adminApi>;
  let sql: pg.Client;
  const base = uniqueId('poll');

  /** A copy of the branch library (lobby, quiet study, cafe) under a new key. */
  async function newSite(suffix: string): Promise<string> {
    const site = `${base}-${suffix}`;
    await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(siteYaml.replace('id: branch', `id: ${site}`)).expect(200);
    return site;
  }
  const answer = (site: string, body: unknown) => http.post(`/api/v1/public/sites/${site}/poll`).send(body as object);
  /** The staff's results, with each zone by its key. */
  const results = async (site: string, query = '') => {
    const body = (await http.get(`/api/v1/sites/${site}/poll/results${query}`).expect(200)).body;
    return { ...body, zone: (key: string) => body.zones.find((z: { zone: string }) => z.zone === key) };
  };
  const tallyRows = async (site: string) =>
    (
      await sql.query(
        `SELECT t.*, to_char(t.service_date, 'YYYY-MM-DD') AS day FROM poll_tally t JOIN site s ON s.id = t.site_id WHERE s.key = $1 ORDER BY t.dimension`,
        [site],
      )
    ).rows as Record<string, unknown>[];

  beforeAll(async () => {
    db = await createTestDatabase('hearth_poll');
    hearth = await startTestHearth('poll', { DATABASE_URL: db.url, MQTT_URL: await testMqttUrl(), POLL_MIN_ANSWERS: String(MIN_ANSWERS) });
    http = adminApi(hearth.url);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await hearth?.close();
    await db?.drop();
  });

  it('asks six questions about the areas people use (not the lobby), without a login', async () => {
    const site = await newSite('ask');
    const res = await http.get(`/api/v1/public/sites/${site}/poll`).expect(200);
    expect(res.body).toEqual({
      site,
      name: 'Branch Library',
      dimensions: ['convenience', 'comfort', 'hospitality', 'quality', 'trust', 'wow'].map((key) => ({ key, question: expect.stringMatching(/\?$/) })),
      zones: expect.arrayContaining([
        { key: 'quiet', name: 'Quiet study', floor: 'ground' },
        { key: 'cafe', name: 'Cafe', floor: 'ground' },
      ]),
      floors: [{ key: 'ground', name: 'Ground floor' }],
      minAnswers: MIN_ANSWERS,
    });
    expect(res.body.zones).toHaveLength(2);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    await http.get('/api/v1/public/sites/nowhere/poll').expect(404);
  });

  it('publishes no score below the threshold of people who answered, and the means from it', async () => {
    const site = await newSite('means');
    const first = await answer(site, { zone: 'cafe', scores: { comfort: 4, wow: 5 } }).expect(202);
    expect(first.body).toEqual({ accepted: true });
    expect(first.headers['set-cookie']).toBeUndefined();
    expect(first.headers['cache-control']).toBe('no-store');
    await answer(site, { zone: 'cafe', scores: { comfort: 5, trust: 2, quality: null } }).expect(202);

    // Two people answered: staff see the count, but no score.
    let body = await results(site);
    expect(body).toMatchObject({ site, minAnswers: MIN_ANSWERS });
    expect(body.zones).toHaveLength(2);
    expect(body.zone('quiet')).toEqual({ zone: 'quiet', name: 'Quiet study', floor: 'ground', answers: 0, suppressed: true, scores: NO_SCORES });
    expect(body.zone('cafe')).toEqual({ zone: 'cafe', name: 'Cafe', floor: 'ground', answers: 2, suppressed: true, scores: NO_SCORES });

    // The third reaches the threshold: comfort (4, 5, 3) has a mean; trust and wow, scored twice and once, do not.
    await answer(site, { zone: 'cafe', scores: { comfort: 3, trust: 4, convenience: 2 } }).expect(202);
    body = await results(site);
    expect(body.zone('cafe')).toEqual({ zone: 'cafe', name: 'Cafe', floor: 'ground', answers: 3, suppressed: false, scores: { ...NO_SCORES, comfort: 4 } });

    // A fourth: trust (2, 4, 3) now has a mean too; means are to one decimal.
    await answer(site, { zone: 'cafe', scores: { trust: 3, wow: 1, comfort: 4 } }).expect(202);
    body = await results(site);
    expect(body.zone('cafe')).toMatchObject({ answers: 4, suppressed: false, scores: { ...NO_SCORES, comfort: 4, trust: 3 } });
    await answer(site, { zone: 'cafe', scores: { wow: 4 } }).expect(202);
    body = await results(site, '?floor=ground');
    // comfort 4, 5, 3, 4 → 4; wow 5, 1, 4 → 3.3.
    expect(body.zone('cafe').scores).toEqual({ ...NO_SCORES, comfort: 4, trust: 3, wow: 3.3 });

    // What the recommendations read: the same, null where too few answered, for every zone of the site.
    const model = await hearth.app.get(SiteModelService).get(site);
    const evidence = await hearth.app.get(PollService).evidence(model, { from: Date.now() - 28 * 86_400_000, to: Date.now() + 1 });
    expect(Object.fromEntries(evidence)).toEqual({ lobby: null, quiet: null, cafe: { answers: 5, scores: { ...NO_SCORES, comfort: 4, trust: 3, wow: 3.3 } } });

    // A window that ended before today counts none of them.
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    const twoWeeksAgo = new Date(Date.now() - 14 * 86_400_000).toISOString().slice(0, 10);
    body = await results(site, `?from=${twoWeeksAgo}&to=${lastWeek}`);
    expect(body.zone('cafe')).toMatchObject({ answers: 0, suppressed: true });
  });

  it('keeps nothing but counters: one row per zone, day and question, however many answer', async () => {
    const site = await newSite('rows');
    const before = serviceDateOf(branch.site, Date.now());
    for (const scores of [{ comfort: 4 }, { comfort: 2, wow: 5 }, { comfort: 4 }, { quality: 1 }]) await answer(site, { zone: 'quiet', scores }).expect(202);
    const today = serviceDateOf(branch.site, Date.now());

    const columns = await sql.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'poll_tally' ORDER BY ordinal_position`);
    expect(columns.rows).toEqual([
      { column_name: 'site_id', data_type: 'integer' },
      { column_name: 'zone_id', data_type: 'integer' },
      { column_name: 'service_date', data_type: 'date' },
      { column_name: 'dimension', data_type: 'text' },
      { column_name: 'answers', data_type: 'integer' },
      ...[1, 2, 3, 4, 5].map((n) => ({ column_name: `count_${n}`, data_type: 'integer' })),
    ]);

    const rows = await tallyRows(site);
    const dates = new Set(rows.map((r) => r.day as string));
    expect([...dates].every((d) => d === before || d === today)).toBe(true);
    expect(rows.map(({ dimension, answers, count_1, count_2, count_3, count_4, count_5 }) => ({ dimension, answers, counts: [count_1, count_2, count_3, count_4, count_5] }))).toEqual([
      { dimension: 'any', answers: 4, counts: [0, 0, 0, 0, 0] },
      { dimension: 'comfort', answers: 3, counts: [0, 1, 0, 2, 0] },
      { dimension: 'quality', answers: 1, counts: [1, 0, 0, 0, 0] },
      { dimension: 'wow', answers: 1, counts: [0, 0, 0, 0, 1] },
    ]);
    // The database refuses a row that is not a consistent counter.
    await expect(sql.query(`UPDATE poll_tally SET answers = answers + 1 WHERE dimension = 'comfort' AND zone_id = $1`, [rows[0]!.zone_id])).rejects.toThrow(/chk_poll_tally_sum/);
  });

  it('refuses bad answers with a clear 400 (or 404 for an area without a poll), counting nothing', async () => {
    const site = await newSite('bad');
    const refused = async (body: unknown) => (await answer(site, body).expect(400)).body as { error: string; issues: { field: string; message: string }[] };

    expect(await refused({ zone: 'cafe', scores: { comfort: 6 } })).toMatchObject({
      error: 'INVALID_INPUT',
      issues: [{ field: 'scores.comfort', message: expect.stringMatching(/^must be a whole number from 1 \(poor\) to 5 \(excellent\)/) }],
    });
    expect((await refused({ zone: 'cafe', scores: { trust: 2.5 } })).issues).toEqual([{ field: 'scores.trust', message: expect.stringMatching(/whole number from 1/) }]);
    expect((await refused({ zone: 'cafe', scores: {} })).issues).toEqual([{ field: 'scores', message: 'answer at least one question with a score from 1 to 5' }]);
    expect((await refused({ zone: 'cafe', scores: { comfort: 3, noise: 3 } })).issues).toEqual([{ field: 'scores', message: expect.stringMatching(/^the questions are convenience, comfort/) }]);
    expect((await refused({ zone: 'cafe', scores: { comfort: 3 }, email: 'someone@example.org' })).issues).toEqual([{ field: '', message: 'an answer holds only "zone" and "scores"' }]);
    await http.post(`/api/v1/public/sites/${site}/poll`).set('Content-Type', 'application/json').send('{"zone": "cafe", ').expect(400);

    const attic = await answer(site, { zone: 'attic', scores: { comfort: 3 } }).expect(404);
    expect(attic.body.message).toMatch(/no area "attic"/);
    await answer(site, { zone: 'lobby', scores: { comfort: 3 } }).expect(404);
    await answer('nowhere', { zone: 'cafe', scores: { comfort: 3 } }).expect(404);
    await http.get(`/api/v1/sites/${site}/poll/results?from=2026-02-01&to=2026-01-01`).expect(400);
    await http.get(`/api/v1/sites/${site}/poll/results?floor=attic`).expect(404);
    expect(await tallyRows(site)).toEqual([]);
  });

  it('takes at most 60 answers a minute per site, telling the rest to try again', async () => {
    const site = await newSite('flood');
    const other = await newSite('calm');
    const started = Date.now();
    const statuses = await Promise.all(Array.from({ length: 90 }, (_, i) => answer(site, { zone: 'cafe', scores: { comfort: (i % 5) + 1 } }).then((r) => r.status)));
    const seconds = (Date.now() - started) / 1000;
    const accepted = statuses.filter((s) => s === 202).length;
    expect(statuses.filter((s) => s !== 202 && s !== 429)).toEqual([]);
    expect(statuses).toContain(429);
    // A burst of 60, and one more for each second the burst took to arrive.
    expect(accepted).toBeGreaterThanOrEqual(60);
    expect(accepted).toBeLessThanOrEqual(60 + Math.ceil(seconds));
    const busy = await answer(site, { zone: 'cafe', scores: { comfort: 3 } });
    if (busy.status === 429) expect(busy.body).toMatchObject({ error: 'TOO_MANY_ANSWERS', message: expect.stringMatching(/try again in a minute/) });
    const counted = (await tallyRows(site)).find((r) => r.dimension === 'any')!.answers;
    expect(counted).toBe(accepted + (busy.status === 202 ? 1 : 0));
    // Another site's patrons are not held up.
    await answer(other, { zone: 'cafe', scores: { comfort: 3 } }).expect(202);
  });
});
