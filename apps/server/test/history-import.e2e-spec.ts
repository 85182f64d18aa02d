import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { createTestDatabase, testMqttUrl, uniqueId, type TestDatabase, adminApi } from '@hearth/testing';
import { DAYS, DEFECTS, trueCount } from '../../../libs/history/src/fixtures/dirty-daily-cumulative.js';
import type { HearthHandle } from '../src/bootstrap.js';
import { startTestHearth } from './start-test-hearth.js';

const branchYaml = fs.readFileSync(new URL('../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');
const dirtyYear = fs.readFileSync(new URL('../../../libs/history/src/fixtures/dirty-daily-cumulative.csv', import.meta.url));

/**
 * A library's own history, as it keeps it: a year of daily readings of a
 * six-digit gate counter, with junk, a wrap at 999,999, a replaced counter
 * and a reset; and a day of hourly counts. Uploaded to the real server,
 * stored in the real PostgreSQL, read back through the exports.
 */
describe('importing historical gate counts', () => {
  let db: TestDatabase;
  let hearth: HearthHandle;
  let http: ReturnType<typeof adminApi>;
  let sql: pg.Client;
  const site = uniqueId('history');
  const upload = (query: string, body: Buffer | string) => http.post(`/api/v1/sites/${site}/history/gate-counts?${query}`).set('Content-Type', 'text/csv').send(body);
  const gateCounts = async () =>
    (await sql.query(`SELECT count(*)::int AS rows, sum(in_count)::int AS visits, min(in_count) AS least FROM gate_count g JOIN sensor s ON s.id = g.sensor_id WHERE s.key = 'door-main'`)).rows[0];

  beforeAll(async () => {
    db = await createTestDatabase('hearth_history');
    hearth = await startTestHearth('history', { DATABASE_URL: db.url, MQTT_URL: await testMqttUrl() });
    http = adminApi(hearth.url);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    await http.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(branchYaml.replace('id: branch', `id: ${site}`)).expect(200);
  });
  afterAll(async () => {
    await sql?.end();
    await hearth?.close();
    await db?.drop();
  });

  it('imports a dirty year of daily cumulative readings: no negative day, the wrap bridged, every spurious jump flagged, and says so', async () => {
    const { body } = await upload('entrance=door-main&name=gate-2021-22.csv', dirtyYear).expect(200);
    const { report, stored } = body;
    expect(report.format).toMatchObject({ readings: 'cumulative', granularity: 'day', entrances: ['door-main'] });
    expect(report.rolloversBridged).toBe(1);
    expect(report.issues.filter((i: { kind: string }) => i.kind === 'flagged').map((i: { line: number }) => i.line)).toEqual([131, 323]);
    const skipped = report.issues.filter((i: { kind: string }) => i.kind === 'skipped');
    expect(skipped.map((i: { line: number; text?: string }) => [i.line, i.text])).toEqual(expect.arrayContaining([[21, 'NA'], [47, 'Gate broken'], [87, 'Gate Closed'], [203, 'NA']]));
    expect(report.rows).toMatchObject({ imported: 357 });
    expect(stored).toMatchObject({ gateCounts: 357, readings: 0 });
    expect(body.alreadyImported).toBe(false);

    let truth = 0;
    for (let d = 1; d < DAYS; d++) if (d !== DEFECTS.jump && d !== DEFECTS.reset) truth += trueCount(d);
    expect(await gateCounts()).toEqual({ rows: 357, visits: truth, least: expect.any(Number) });
    expect((await gateCounts()).least).toBeGreaterThanOrEqual(0);
    expect(report.totals['door-main'].in).toBe(truth);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await gateCounts();
    const { body } = await upload('entrance=door-main', dirtyYear).expect(200);
    expect(body).toMatchObject({ alreadyImported: true, stored: { gateCounts: 0, readings: 0 } });
    expect(await gateCounts()).toEqual(before);
    const { body: imports } = await http.get(`/api/v1/sites/${site}/history/imports`).expect(200);
    expect(imports).toEqual([expect.objectContaining({ fileName: 'gate-2021-22.csv', fileSha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
  });

  it('puts the imported days in the statistics returns, labelled as imported', async () => {
    const { text } = await http.get(`/api/v1/sites/${site}/exports/statistics-returns.csv?from=2021-09-02&to=2022-09-01`).expect(200);
    const lines: string[][] = parse(text).slice(1);
    const months = lines.filter((l) => l[3] === 'month');
    expect(months.map((l) => l[2])).toEqual(['2021-09', '2021-10', '2021-11', '2021-12', '2022-01', '2022-02', '2022-03', '2022-04', '2022-05', '2022-06', '2022-07', '2022-08']);
    // Days with no count (flagged readings) are estimated from the same weekdays, and labelled so.
    expect(new Set(months.map((l) => l[6]))).toEqual(new Set(['imported gate counts', 'imported gate counts, gaps estimated']));
    // Statistics count open days: the branch is closed on Sundays, so their visits are not in the returns.
    const { rows } = await sql.query(
      `SELECT to_char(d, 'YYYY-MM') AS month, sum(g.in_count::float8 / (g.last_date - g.first_date + 1))::float8 AS v FROM gate_count g JOIN sensor s ON s.id = g.sensor_id, generate_series(g.first_date, g.last_date, '1 day') d
       WHERE s.key = 'door-main' AND extract(isodow FROM d) <> 7 GROUP BY 1`,
    );
    const imported = new Map(rows.map((r) => [r.month as string, r.v as number]));
    for (const [, , month, , visits, , source] of months) {
      // A month whose days were all counted is exactly what was imported; a day left out (flagged) is estimated on top.
      if (source === 'imported gate counts') expect(Math.abs(Number(visits) - imported.get(month!)!)).toBeLessThanOrEqual(1);
      else expect(Number(visits)).toBeGreaterThan(imported.get(month!)!);
    }
    expect(months.filter((l) => l[6] === 'imported gate counts').length).toBeGreaterThanOrEqual(6);
  });

  it('stores hourly counts as door readings that the rollups turn into arrivals per hour', async () => {
    const csv = 'Date,Hour,door-main\n2026-03-02,09:00,12\n2026-03-02,10:00,30\n2026-03-02,11:00,NA\n2026-03-02,12:00,25\n';
    const { body } = await upload('', csv).expect(200);
    expect(body.stored).toMatchObject({ readings: 3, days: 1 });
    expect(body.report.issues).toEqual([expect.objectContaining({ line: 4, kind: 'skipped', text: 'NA' })]);
    const { rows } = await sql.query(
      `SELECT to_char(e.captured_at AT TIME ZONE 'UTC', 'HH24:MI') AS at, e.in_count, e.channel FROM raw_event e JOIN sensor s ON s.id = e.sensor_id WHERE s.key = 'door-main' ORDER BY 1`,
    );
    expect(rows).toEqual([
      { at: '09:30', in_count: 12, channel: 'import' },
      { at: '10:30', in_count: 30, channel: 'import' },
      { at: '12:30', in_count: 25, channel: 'import' },
    ]);
    await http.post(`/api/v1/sites/${site}/rollups/rebuild`).send({ from: '2026-03-02', to: '2026-03-02' }).expect(200);
    const [day] = (await sql.query(`SELECT arrivals FROM site_day d JOIN site s ON s.id = d.site_id WHERE s.key = $1 AND d.service_date = '2026-03-02'`, [site])).rows;
    expect(day.arrivals.reduce((a: number, b: number) => a + b, 0)).toBe(67);
  });

  it('refuses a file whose entrances are not door sensors of the site, naming the doors it has', async () => {
    const res = await upload('', 'Date,Front Gate\n2026-01-05,100\n2026-01-06,120\n').expect(400);
    expect(res.body.message).toMatch(/no entrance in the file is a door sensor.*Front Gate.*door-main/);
    await http.post(`/api/v1/sites/${site}/history/gate-counts`).set('Content-Type', 'application/json').send({}).expect(400);
  });
});
