import fs from 'node:fs';
import mqtt from 'mqtt';
import pg from 'pg';
import { ADMIN_HEADERS, createTestDatabase, startDedicatedMosquitto, uniqueId, waitFor, type DedicatedMosquitto, type TestDatabase } from '@hearth/testing';
import type { HearthHandle } from '../../src/bootstrap.js';
import { startTestHearth } from '../start-test-hearth.js';
import { reportFigure } from './figures.js';

/**
 * T28: injection on every parameter. Every route of the OpenAPI document
 * with path or query parameters gets SQL, NoSQL, path-traversal, NUL-byte,
 * time-based and oversized payloads, and arrays where a single value is
 * expected, in each parameter in turn (the others at working values). The
 * server must never answer 5xx, never answer with more rows than the same
 * request with a working value (a tautology that widened a WHERE), never
 * take a sleep payload's seconds, and leave the database as it was.
 * Parameters that pick from a fixed list (resolution, detail, format,
 * baseline, ...) must refuse anything else with 400, and every parameter
 * whose name says it sorts, orders, groups or sets an interval must have
 * such a list.
 */
const SITE = uniqueId('t28').replace(/_/g, '-');
const SLEEP_S = 3;
const PAYLOADS: Record<string, string> = {
  tautology: "' OR 1=1--",
  'stacked drop': '1;DROP TABLE site',
  'stacked drop (quoted)': "x'; DROP TABLE sensor; --",
  'case when': 'CASE WHEN (1=1) THEN 1 ELSE 1/0 END',
  union: "' UNION SELECT key, name, null FROM site--",
  'time-based': `1' AND pg_sleep(${SLEEP_S}) IS NULL--`,
  'time-based (numeric)': `1 AND 1=(SELECT 1 FROM pg_sleep(${SLEEP_S}))`,
  'mongo $where': '$where',
  'mongo operator': '{"$where":"sleep(3000)"}',
  'path traversal': '../../etc/passwd',
  'NUL byte': 'a\u0000b',
  'very long': 'a'.repeat(5_000),
  'order by column': 'name DESC',
};
/** Ways to send something other than one value: the parameter twice, and bracket forms an extended query parser turns into arrays or objects. */
const SHAPES = ['repeated', 'brackets', 'object'] as const;
const ALLOWLIST_NAME = /sort|order|group|interval|resolution|granularity|detail|baseline|format|by$/i;

type Param = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: { enum?: string[]; type?: string } };
type Operation = { parameters?: Param[]; responses?: Record<string, { content?: Record<string, unknown> }> };
type Attempt = { route: string; param: string; payload: string; status: number; ms: number; rows?: number };

/** Rows in an answer: elements of every JSON array in it, or lines of a CSV. */
function rowsIn(type: string, body: string): number {
  if (type.includes('json')) {
    const count = (v: unknown): number => (Array.isArray(v) ? v.length + v.reduce((s: number, x) => s + count(x), 0) : v && typeof v === 'object' ? Object.values(v).reduce((s: number, x) => s + count(x), 0) : 0);
    try {
      return count(JSON.parse(body));
    } catch {
      return 0;
    }
  }
  return body.split('\n').length;
}

describe('T28: injection attempts on every parameter', () => {
  let db: TestDatabase;
  let broker: DedicatedMosquitto;
  let hearth: HearthHandle;
  let sql: pg.Client;
  const ids: Record<string, number> = {};
  const attempts: Attempt[] = [];

  beforeAll(async () => {
    // A broker of its own: readings other tests publish must not change this database while it is watched.
    [db, broker] = await Promise.all([createTestDatabase('hearth_t28'), startDedicatedMosquitto()]);
    const mqttUrl = broker.url;
    hearth = await startTestHearth('t28', { DATABASE_URL: db.url, MQTT_URL: mqttUrl });
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    const yaml = fs.readFileSync(new URL('../../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8').replace('id: branch', `id: ${SITE}`);
    await call('POST', '/api/v1/sites/import', { body: yaml, type: 'text/yaml' }, 200);
    const first = async (route: string) => ((await (await call('GET', route)).json()) as { id: number }[])[0]!.id;
    ids.floor = await first(`/api/v1/sites/${SITE}/floors`);
    ids.zone = await first(`/api/v1/sites/${SITE}/zones`);
    ids.sensor = await first(`/api/v1/sites/${SITE}/sensors`);
    ids.period = ((await (await call('GET', `/api/v1/sites/${SITE}`)).json()) as { periods: { id: number }[] }).periods[0]!.id;
    ids.token = ((await (await call('POST', `/api/v1/sites/${SITE}/device-tokens`, { body: '{}', type: 'application/json' }, 201)).json()) as { id: number }).id;
    // A few readings, so the analytics answer with rows a tautology could multiply.
    const client = await mqtt.connectAsync(mqttUrl, { clientId: uniqueId('t28-') });
    const ts = new Date().toISOString();
    await client.publishAsync(`hearth/v1/${SITE}/cafe-count`, JSON.stringify({ type: 'zone', ts, count: 7, seq: 1 }), { qos: 1 });
    await client.publishAsync(`hearth/v1/${SITE}/desk-q1`, JSON.stringify({ type: 'desk', ts, occupied: true, seq: 1 }), { qos: 1 });
    await client.publishAsync(`hearth/v1/${SITE}/door-main`, JSON.stringify({ type: 'door', ts, inTotal: 100, outTotal: 90, seq: 1 }), { qos: 1 });
    await client.endAsync();
    await waitFor(async () => {
      const live = (await (await call('GET', `/api/v1/sites/${SITE}/occupancy/live`)).json()) as { zones: { zone: string; occupancy: number | null }[] };
      return live.zones.find((z) => z.zone === 'cafe')?.occupancy === 7 ? true : undefined;
    }, 15_000);
  }, 60_000);

  afterAll(async () => {
    await sql?.end();
    await hearth?.close();
    await broker?.stop();
    await db?.drop();
  });

  async function call(method: string, route: string, opts: { body?: string; type?: string; timeoutMs?: number } = {}, expected?: number): Promise<Response> {
    const res = await fetch(`${hearth.url}${route}`, {
      method,
      headers: { ...ADMIN_HEADERS, ...(opts.type ? { 'Content-Type': opts.type } : {}) },
      body: opts.body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
    });
    if (expected !== undefined && res.status !== expected) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
    return res;
  }

  /** A working value for each parameter (left out when optional and nothing better is known). */
  function workingValue(path: string, p: Param): string | undefined {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    if (p.in === 'path') {
      if (p.name === 'site') return SITE;
      if (p.name === 'sensor') return 'desk-q1';
      if (p.name === 'integration') return 'none';
      if (p.name === 'floor') return String(ids.floor);
      const kind = /\/(floors|zones|sensors|periods|device-tokens)\/\{id\}/.exec(path)?.[1];
      return String({ floors: ids.floor, zones: ids.zone, sensors: ids.sensor, periods: ids.period, 'device-tokens': ids.token }[kind ?? ''] ?? 1);
    }
    if (p.name === 'from') return day(-7);
    if (p.name === 'to') return day(1);
    if (p.name === 'date') return day(-1);
    if (p.name === 'sites') return SITE;
    if (p.name === 'timeZone') return 'Europe/London';
    if (p.name === 'entrance') return 'door-main';
    if (p.name === 'dryRun') return 'true';
    return undefined;
  }

  /** Bodies for the routes that read one, so a payload gets past "no body" to whatever uses the parameter. */
  function bodyFor(method: string, path: string): { body?: string; type?: string } {
    if (path.endsWith('/history/gate-counts')) return { body: 'Date,Hour,door-main\n2026-03-02,09:00,12\n2026-03-02,10:00,30\n', type: 'text/csv' };
    if (path === '/api/v1/sites/import') return { body: fs.readFileSync(new URL('../../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8').replace('id: branch', `id: ${SITE}`), type: 'text/yaml' };
    if (method !== 'get' && method !== 'delete') return { body: '{}', type: 'application/json' };
    return {};
  }

  function url(path: string, params: Param[], values: Map<string, string | string[]>, shape?: (typeof SHAPES)[number], shaped?: string): string {
    let route = path;
    const query: string[] = [];
    for (const p of params) {
      const v = values.get(p.name);
      if (v === undefined) continue;
      if (p.in === 'path') route = route.replace(`{${p.name}}`, encodeURIComponent(String(v)));
      else if (p.in === 'query') {
        const key = encodeURIComponent(p.name);
        if (p.name === shaped && shape === 'repeated') query.push(`${key}=${encodeURIComponent(String(v))}`, `${key}=${encodeURIComponent("' OR 1=1--")}`);
        else if (p.name === shaped && shape === 'brackets') query.push(`${key}[]=${encodeURIComponent(String(v))}`, `${key}[]=${encodeURIComponent('1;DROP TABLE site')}`);
        else if (p.name === shaped && shape === 'object') query.push(`${key}[$where]=1`, `${key}[$ne]=x`);
        else query.push(`${key}=${encodeURIComponent(String(v))}`);
      }
    }
    return query.length ? `${route}?${query.join('&')}` : route;
  }

  /** Exact row counts of every table, the schema's table count among them. */
  async function snapshot(): Promise<Record<string, number>> {
    const tables = (await sql.query<{ name: string }>(`SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`)).rows.map((r) => r.name);
    const counts: Record<string, number> = { '(tables)': tables.length };
    for (const t of tables) counts[t] = Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`)).rows[0]!.n);
    return counts;
  }

  it('refuses or ignores every payload in every parameter: no 5xx, no extra rows, no sleeping, no change', async () => {
    const doc = (await (await call('GET', '/api/docs/openapi.json', {}, 200)).json()) as { paths: Record<string, Record<string, Operation>> };
    const targets = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => (op.parameters ?? []).some((p) => p.in === 'path' || p.in === 'query'))
        .map(([method, op]) => ({ method, path, params: (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query'), stream: Object.values(op.responses ?? {}).some((r) => Object.keys(r.content ?? {}).includes('text/event-stream')) || path.endsWith('/stream') })),
    );
    expect(targets.length).toBeGreaterThan(30);

    // The rollups of the readings above done: the database holds still before the payloads go in.
    let before = await snapshot();
    await waitFor(async () => {
      await new Promise((r) => setTimeout(r, 2_500));
      const now = await snapshot();
      const still = JSON.stringify(now) === JSON.stringify(before);
      before = now;
      return still ? true : undefined;
    }, 30_000, 'the database at rest');
    const problems: string[] = [];
    const notAllowlisted: string[] = [];
    const enumRefusals: string[] = [];
    let parameters = 0;

    for (const t of targets) {
      const route = `${t.method.toUpperCase()} ${t.path}`;
      const working = new Map<string, string>();
      for (const p of t.params) {
        const v = workingValue(t.path, p);
        if (v !== undefined) working.set(p.name, v);
      }
      const send = async (values: Map<string, string | string[]>, shape?: (typeof SHAPES)[number], shaped?: string) => {
        const started = performance.now();
        const res = await call(t.method.toUpperCase(), url(t.path, t.params, values, shape, shaped), { ...bodyFor(t.method, t.path), timeoutMs: t.stream ? 2_000 : 30_000 }).catch((err: Error) => ({ status: err.name === 'TimeoutError' ? 0 : -1, headers: new Headers(), text: () => Promise.resolve(err.message) }));
        const text = await res.text().catch(() => '');
        return { status: res.status, ms: performance.now() - started, rows: rowsIn(res.headers.get('content-type') ?? '', text), text };
      };
      // The answer to working values: what a payload's answer is compared with. Only safe methods, and never a stream.
      const baseline = t.method === 'get' && !t.stream ? await send(working) : undefined;
      if (baseline && baseline.status >= 500) problems.push(`${route} answers ${baseline.status} to working values: ${baseline.text.slice(0, 200)}`);

      for (const p of t.params) {
        parameters++;
        // A value the server cannot read as this parameter (a bracket form the query parser keeps apart) leaves it out: the answer then
        // has the default's rows, which may be more than the working value's (a longer default window) without any injection.
        const withoutIt = baseline && p.in === 'query' && working.has(p.name) ? await send(new Map([...working].filter(([k]) => k !== p.name))) : undefined;
        const allowedRows = Math.max(baseline?.rows ?? 0, withoutIt && withoutIt.status < 300 ? withoutIt.rows : 0);
        // A number (a limit such as maxPerInterval) is checked as a number, not against a list.
        if (p.in === 'query' && ALLOWLIST_NAME.test(p.name) && !p.schema?.enum && !['integer', 'number'].includes(String(p.schema?.type))) notAllowlisted.push(`${route} ?${p.name}`);
        const tries: { payload: string; values: Map<string, string | string[]>; shape?: (typeof SHAPES)[number] }[] = Object.entries(PAYLOADS).map(([payload, value]) => ({ payload, values: new Map(working).set(p.name, value) }));
        if (p.in === 'query') for (const shape of SHAPES) tries.push({ payload: `shape: ${shape}`, values: new Map(working).set(p.name, working.get(p.name) ?? 'x'), shape });
        for (const attempt of tries) {
          const r = await send(attempt.values, attempt.shape, p.name);
          attempts.push({ route, param: p.name, payload: attempt.payload, status: r.status, ms: r.ms, rows: r.rows });
          const where = `${route} ${p.in === 'path' ? `{${p.name}}` : `?${p.name}`} <- ${attempt.payload}`;
          // 0: a stream that stayed open (it accepted the value); -1: the connection failed.
          if (r.status >= 500 || r.status === -1) problems.push(`${where}: ${r.status} ${r.text.slice(0, 200)}`);
          if (r.status === 0) problems.push(`${where}: the event stream accepted the value`);
          if (baseline && r.status >= 200 && r.status < 300 && r.rows > allowedRows) problems.push(`${where}: ${r.rows} rows where working values give ${allowedRows}`);
          if (r.ms > (baseline?.ms ?? 0) + (SLEEP_S - 0.5) * 1000) problems.push(`${where}: took ${Math.round(r.ms)} ms`);
        }
        // A parameter with a fixed list of values takes nothing else.
        if (p.schema?.enum) {
          for (const value of ['CASE WHEN (1=1) THEN 1 ELSE 1/0 END', 'name', 'id DESC', `${p.schema.enum[0]} `, p.schema.enum[0]!.toUpperCase() === p.schema.enum[0] ? 'x' : p.schema.enum[0]!.toUpperCase()]) {
            const r = await send(new Map(working).set(p.name, value));
            enumRefusals.push(r.status === 400 ? 'refused' : `${route} ?${p.name}=${value}: ${r.status}`);
            if (r.status !== 400) problems.push(`${route} ?${p.name}=${JSON.stringify(value)} (not one of ${p.schema.enum.join(', ')}): ${r.status}, not 400`);
          }
        }
      }
    }

    const after = await snapshot();
    const changed = Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
    const routes = new Set(targets.map((t) => `${t.method} ${t.path}`)).size;
    const fivexx = attempts.filter((a) => a.status >= 500).length;
    const injectable = new Set(problems.filter((p) => !/: 5\d\d /.test(p)).map((p) => p.split(' <- ')[0])).size;
    reportFigure(
      'T28',
      `injection: ${parameters} parameters x ${Object.keys(PAYLOADS).length} payloads (+${SHAPES.length} shapes on query parameters) on ${routes} routes, ${attempts.length} requests: ${fivexx} answered 5xx, ${injectable} injectable, ${changed.length} database changes; ${enumRefusals.filter((e) => e === 'refused').length}/${enumRefusals.length} out-of-list values on allowlisted parameters refused with 400`,
    );
    expect(problems).toEqual([]);
    expect(notAllowlisted).toEqual([]);
    expect(changed.map((t) => `${t}: ${before[t]} -> ${after[t]}`)).toEqual([]);
    expect(before['public.site']).toBe(1);
  }, 600_000);
});
