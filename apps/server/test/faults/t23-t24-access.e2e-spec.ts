import fs from 'node:fs';
import { ADMIN_HEADERS, adminApi, createTestDatabase, testMqttUrl, type TestDatabase } from '@hearth/testing';
import type { HearthHandle } from '../../src/bootstrap.js';
import { startTestHearth } from '../start-test-hearth.js';
import { reportFigure } from './figures.js';

/**
 * T23 and T24: every route the OpenAPI document lists, called by every kind
 * of caller (nobody, a device token, an API key of each role limited to site
 * A, the administrator), on site A and on site B. The expected answer of each
 * cell follows from the table below, written independently of the
 * controllers: a route missing from it, or listed but not served, fails.
 */
const SITE_A = 'branch';
const SITE_B = 'other';
const ROLES = ['viewer', 'planner', 'director', 'admin'] as const;
type Role = (typeof ROLES)[number];
type Scope = 'site' | 'entity' | 'query' | 'filtered' | 'all-sites';
type Rule = 'public' | 'device' | 'metrics' | { role: Role; scope: Scope };

const r = (role: Role, scope: Scope = 'site'): Rule => ({ role, scope });
const ROUTES: Record<string, Rule> = {
  'GET /health': 'public',
  'GET /health/ready': 'public',
  'GET /metrics': 'metrics',
  'POST /api/v1/auth/sign-in': 'public',
  'POST /api/v1/auth/link': 'public',
  'GET /api/v1/auth/me': r('viewer', 'filtered'),
  'POST /api/v1/auth/password': r('viewer', 'filtered'),
  'POST /api/v1/auth/sign-out': r('viewer', 'filtered'),
  'GET /api/v1/accounts': r('admin', 'all-sites'),
  'POST /api/v1/accounts': r('admin', 'all-sites'),
  'PATCH /api/v1/accounts/{id}': r('admin', 'all-sites'),
  'DELETE /api/v1/accounts/{id}': r('admin', 'all-sites'),
  'POST /api/v1/accounts/{id}/sign-in-link': r('admin', 'all-sites'),
  'GET /api/v1/api-keys': r('admin', 'all-sites'),
  'POST /api/v1/api-keys': r('admin', 'all-sites'),
  'DELETE /api/v1/api-keys/{id}': r('admin', 'all-sites'),
  'POST /api/v1/ingest/{site}/{sensor}': 'device',
  'POST /api/v1/push/{site}/{integration}': 'device',
  'GET /api/v1/adapters': r('viewer', 'filtered'),
  'POST /api/v1/sites/{site}/device-tokens': r('planner'),
  'GET /api/v1/sites/{site}/device-tokens': r('planner'),
  'DELETE /api/v1/device-tokens/{id}': r('planner', 'entity'),
  'GET /api/v1/sensors/{id}/events': r('planner', 'entity'),
  'GET /api/v1/sites/{site}/stats': r('viewer'),
  'GET /api/v1/sites/{site}/dead-letters': r('planner'),
  'POST /api/v1/sites/{site}/history/gate-counts': r('planner'),
  'GET /api/v1/sites/{site}/history/imports': r('planner'),
  'GET /api/v1/sites/{site}/floors': r('viewer'),
  'POST /api/v1/sites/{site}/floors': r('planner'),
  'GET /api/v1/floors/{id}': r('viewer', 'entity'),
  'GET /api/v1/floors/{id}/plan': r('viewer', 'entity'),
  'PATCH /api/v1/floors/{id}': r('planner', 'entity'),
  'DELETE /api/v1/floors/{id}': r('planner', 'entity'),
  'GET /api/v1/sites/{site}/sensors': r('viewer'),
  'POST /api/v1/sites/{site}/sensors': r('planner'),
  'GET /api/v1/sensors/unclaimed': r('planner', 'all-sites'),
  'GET /api/v1/sensors/{id}': r('viewer', 'entity'),
  'POST /api/v1/sensors/{id}/claim': r('planner', 'all-sites'),
  'PATCH /api/v1/sensors/{id}': r('planner', 'entity'),
  'DELETE /api/v1/sensors/{id}': r('planner', 'entity'),
  'GET /api/v1/sites/{site}/zones': r('viewer'),
  'POST /api/v1/sites/{site}/zones': r('planner'),
  'GET /api/v1/zones/{id}': r('viewer', 'entity'),
  'PATCH /api/v1/zones/{id}': r('planner', 'entity'),
  'DELETE /api/v1/zones/{id}': r('planner', 'entity'),
  'GET /api/v1/sites': r('viewer', 'filtered'),
  'POST /api/v1/sites': r('admin', 'all-sites'),
  'POST /api/v1/sites/import': r('planner', 'filtered'),
  'POST /api/v1/sites/import/imdf': r('planner', 'all-sites'),
  'GET /api/v1/sites/{site}': r('viewer'),
  'GET /api/v1/sites/{site}/site-file': r('planner'),
  'PATCH /api/v1/sites/{site}': r('planner'),
  'DELETE /api/v1/sites/{site}': r('admin'),
  'POST /api/v1/sites/{site}/periods': r('planner'),
  'DELETE /api/v1/periods/{id}': r('planner', 'entity'),
  'GET /api/v1/public/sites/{site}/poll': 'public',
  'POST /api/v1/public/sites/{site}/poll': 'public',
  'GET /api/v1/sites/{site}/poll/results': r('viewer'),
  'GET /api/v1/public/sites/{site}/busy': 'public',
  'GET /api/v1/sites/{site}/compare/periods': r('viewer'),
  'GET /api/v1/sites/{site}/compare/before-after': r('viewer'),
  'GET /api/v1/compare/branches': r('viewer', 'query'),
  'GET /api/v1/sites/{site}/patterns': r('viewer'),
  'GET /api/v1/floors/{floor}/density': r('viewer', 'entity'),
  'GET /api/v1/sites/{site}/forecast': r('viewer'),
  'GET /api/v1/sites/{site}/occupancy/live': r('viewer'),
  'GET /api/v1/sites/{site}/occupancy/live/stream': r('viewer'),
  'GET /api/v1/sites/{site}/occupancy': r('viewer'),
  'POST /api/v1/sites/{site}/rollups/rebuild': r('planner'),
  'GET /api/v1/sites/{site}/dwell': r('viewer'),
  'GET /api/v1/sites/{site}/profiles': r('viewer'),
  'GET /api/v1/sites/{site}/day-types': r('viewer'),
  'GET /api/v1/sites/{site}/recommendations': r('director'),
  'GET /api/v1/sites/{site}/exports/zones.geojson': r('director'),
  'GET /api/v1/sites/{site}/exports/zone-days.csv': r('director'),
  'GET /api/v1/sites/{site}/exports/statistics-returns.csv': r('director'),
};

type Caller = { name: string; headers: Record<string, string>; role?: Role; allSites?: boolean; device?: string };
type Cell = { route: string; caller: string; site: string; expected: string; status: number };

const ROLE_ORDER: Role[] = [...ROLES];

/** The answer a cell must give: 'allow' (neither 401 nor 403 nor a scope 404), or a status. */
function expectation(rule: Rule, caller: Caller, site: string): 'allow' | 401 | 403 | 404 {
  if (rule === 'public' || rule === 'metrics') return 'allow';
  if (rule === 'device') return caller.device === site ? 'allow' : 401;
  if (!caller.role) return 401;
  if (ROLE_ORDER.indexOf(caller.role) < ROLE_ORDER.indexOf(rule.role)) return 403;
  if (caller.allSites || rule.scope === 'filtered') return 'allow';
  if (rule.scope === 'all-sites') return 403;
  if (site === SITE_A) return 'allow';
  return rule.scope === 'entity' ? 404 : 403;
}

describe('T23/T24: every route x every caller x two sites', () => {
  let db: TestDatabase;
  let hearth: HearthHandle;
  let openapiRoutes: string[];
  const callers: Caller[] = [];
  const ids: Record<string, Record<string, number>> = {};
  let seq = 0;

  beforeAll(async () => {
    db = await createTestDatabase('hearth_t23');
    hearth = await startTestHearth('t23', { DATABASE_URL: db.url, MQTT_URL: await testMqttUrl(), ROLLUP_INTERVAL_MS: '0' });
    const api = adminApi(hearth.url);
    const yaml = fs.readFileSync(new URL('../../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');
    for (const site of [SITE_A, SITE_B]) {
      await api.post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(yaml.replace('id: branch', `id: ${site}`)).expect(200);
      const floors = (await api.get(`/api/v1/sites/${site}/floors`).expect(200)).body as { id: number }[];
      const zones = (await api.get(`/api/v1/sites/${site}/zones`).expect(200)).body as { id: number }[];
      const sensors = (await api.get(`/api/v1/sites/${site}/sensors`).expect(200)).body as { id: number }[];
      const period = (await api.post(`/api/v1/sites/${site}/periods`).send({ kind: 'closure', name: 'Stocktake', from: '2027-02-01', to: '2027-02-02' }).expect(201)).body as { id: number };
      const token = (await api.post(`/api/v1/sites/${site}/device-tokens`).send({}).expect(201)).body as { id: number; token: string };
      ids[site] = { floor: floors[0]!.id, zone: zones[0]!.id, sensor: sensors[0]!.id, period: period.id, 'device-token': token.id };
      if (site === SITE_A) callers.push({ name: 'device (site A)', headers: { Authorization: `Bearer ${token.token}` }, device: SITE_A });
    }
    callers.unshift({ name: 'nobody', headers: {} });
    for (const role of ['viewer', 'planner', 'director'] as const) {
      const key = (await api.post('/api/v1/api-keys').send({ label: `${role} of A`, role, sites: [SITE_A] }).expect(201)).body as { key: string };
      callers.push({ name: `${role} (site A)`, headers: { Authorization: `Bearer ${key.key}` }, role });
    }
    callers.push({ name: 'admin', headers: { ...ADMIN_HEADERS }, role: 'admin', allSites: true });
    const doc = (await api.get('/api/docs/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    openapiRoutes = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
  }, 120_000);

  afterAll(async () => {
    await hearth?.close();
    await db?.drop();
  });

  /** Something of `site` to delete, made afresh by the administrator for each DELETE cell. */
  async function throwaway(route: string, site: string): Promise<number> {
    const api = adminApi(hearth.url);
    const n = ++seq;
    const made = async (path: string, body: object) => ((await api.post(path).send(body).expect(201)).body as { id: number }).id;
    if (route.includes('/floors/')) return made(`/api/v1/sites/${site}/floors`, { id: `tmp-${n}`, name: 'Temporary', ordinal: 9, size: { width: 1, height: 1 } });
    if (route.includes('/zones/')) return made(`/api/v1/sites/${site}/zones`, { floor: 'ground', id: `tmp-${n}`, name: 'Temporary', category: 'quiet_study', capacity: 1, polygon: [[0, 0], [1, 0], [1, 1]] });
    if (route.includes('/sensors/')) return made(`/api/v1/sites/${site}/sensors`, { floor: 'ground', id: `tmp-${n}`, kind: 'desk', zone: 'quiet', position: [1, 1] });
    if (route.includes('/periods/')) return made(`/api/v1/sites/${site}/periods`, { kind: 'closure', name: `Temporary ${n}`, from: '2027-03-01', to: '2027-03-01' });
    if (route.includes('/device-tokens/')) return made(`/api/v1/sites/${site}/device-tokens`, {});
    if (route.includes('/accounts/')) return made('/api/v1/accounts', { email: `tmp${n}@example.org`, role: 'viewer', sites: [SITE_A] });
    if (route.includes('/api-keys/')) return made('/api/v1/api-keys', { label: `tmp ${n}`, role: 'viewer', sites: [SITE_A] });
    throw new Error(`no throwaway for ${route}`);
  }

  async function call(route: string, caller: Caller, site: string): Promise<number> {
    const [method, template] = route.split(' ') as [string, string];
    let siteKey = site;
    if (route === 'DELETE /api/v1/sites/{site}' && expectation(ROUTES[route]!, caller, site) === 'allow') {
      // The administrator's cell deletes a site made for it, not A or B.
      siteKey = `tmp-site-${++seq}`;
      const yaml = fs.readFileSync(new URL('../../../../test/fixtures/branch.site.yaml', import.meta.url), 'utf8');
      await adminApi(hearth.url).post('/api/v1/sites/import').set('Content-Type', 'text/yaml').send(yaml.replace('id: branch', `id: ${siteKey}`)).expect(200);
    }
    const entity = ['floor', 'zone', 'sensor', 'period', 'device-token'].find((e) => template.includes(`/${e}s/`)) ?? (template.includes('/accounts/') || template.includes('/api-keys/') ? 'global' : undefined);
    const id = method === 'DELETE' || entity === 'global' ? (entity ? await throwaway(template, site) : 0) : entity ? ids[site]![entity]! : 0;
    const path = template
      .replace('{site}', siteKey)
      .replace('{sensor}', 'desk-q1')
      .replace('{integration}', 'gateway')
      .replace('{floor}', String(ids[site]!.floor))
      .replace('{id}', String(id));
    const query = template === '/api/v1/compare/branches' ? `?sites=${site},${site}&from=2026-11-01&to=2026-11-08` : '';
    const res = await fetch(`${hearth.url}${path}${query}`, {
      method,
      headers: { ...caller.headers, ...(method === 'GET' ? {} : { 'Content-Type': 'application/json' }) },
      body: method === 'GET' ? undefined : method === 'PATCH' ? '{}' : '{"unexpected": true}',
      signal: AbortSignal.timeout(20_000),
    });
    if (res.headers.get('content-type')?.startsWith('text/event-stream')) await res.body?.cancel();
    else await res.arrayBuffer();
    return res.status;
  }

  it('lists exactly the routes the application serves, each with a rule', () => {
    expect([...openapiRoutes].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('answers every cell as the table says', async () => {
    const cells: Cell[] = [];
    for (const route of Object.keys(ROUTES)) {
      for (const caller of callers) {
        for (const site of [SITE_A, SITE_B]) {
          const expected = expectation(ROUTES[route]!, caller, site);
          const status = await call(route, caller, site);
          cells.push({ route, caller: caller.name, site, expected: String(expected), status });
        }
      }
    }
    const wrong = cells.filter((c) => (c.expected === 'allow' ? [401, 403].includes(c.status) || c.status >= 500 || (c.status === 404 && c.route.includes('{id}')) : c.status !== Number(c.expected)));
    expect(wrong).toEqual([]);
    const denied = cells.filter((c) => c.expected !== 'allow');
    const anonymous = denied.filter((c) => c.caller === 'nobody' || c.caller.startsWith('device'));
    reportFigure('T23', `unauthenticated (no key, device token) on ${Object.keys(ROUTES).length} routes x 2 sites: ${anonymous.filter((c) => c.status === 401).length}/${anonymous.length} answered 401; OpenAPI routes without a rule: 0`);
    const roleCells = cells.filter((c) => c.caller !== 'nobody' && !c.caller.startsWith('device'));
    reportFigure('T24', `role x route x site: ${roleCells.length} cells (4 roles, ${Object.keys(ROUTES).length} routes, 2 sites), ${roleCells.filter((c) => c.expected !== 'allow').length} denied as expected (403 role or site, 404 other site's ids), 0 wrong`);
  }, 600_000);

  it('lists only the caller’s sites, and refuses mass assignment of role or site', async () => {
    const viewer = callers.find((c) => c.role === 'viewer')!;
    const sites = (await (await fetch(`${hearth.url}/api/v1/sites`, { headers: viewer.headers })).json()) as { key: string }[];
    expect(sites.map((s) => s.key)).toEqual([SITE_A]);
    const planner = callers.find((c) => c.role === 'planner')!;
    const zone = await fetch(`${hearth.url}/api/v1/zones/${ids[SITE_A]!.zone}`, { method: 'PATCH', headers: { ...planner.headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ siteId: 2, site: SITE_B }) });
    expect(zone.status).toBe(400);
    const self = await fetch(`${hearth.url}/api/v1/api-keys`, { method: 'POST', headers: { ...planner.headers, 'Content-Type': 'application/json' }, body: JSON.stringify({ label: 'escalate', role: 'admin', sites: '*' }) });
    expect(self.status).toBe(403);
    const made = (await adminApi(hearth.url).post('/api/v1/accounts').send({ email: 'someone@example.org', role: 'viewer', sites: [SITE_A] }).expect(201)).body as { id: number };
    const sneaky = await adminApi(hearth.url).patch(`/api/v1/accounts/${made.id}`).send({ passwordHash: 'x', role: 'viewer' });
    expect(sneaky.status).toBe(400);
  });
});
