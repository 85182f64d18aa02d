import pg from 'pg';
import { adminApi, createTestDatabase, testMqttUrl, type TestDatabase } from '@hearth/testing';
import type { HearthHandle } from '../src/bootstrap.js';
import { startTestHearth } from './start-test-hearth.js';

/** The session cookie a response set, as a Cookie header value. */
const sessionCookie = (res: Response): string => {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('hearth_session='));
  if (!set) throw new Error(`no session cookie in ${JSON.stringify(res.headers.getSetCookie())}`);
  return set.split(';')[0]!;
};

describe('signing in: sessions, CSRF, links, limits and the first start', () => {
  let db: TestDatabase;
  let hearth: HearthHandle;
  const json = { 'Content-Type': 'application/json' };

  beforeAll(async () => {
    db = await createTestDatabase('hearth_access');
    hearth = await startTestHearth('access', {
      DATABASE_URL: db.url,
      MQTT_URL: await testMqttUrl(),
      HEARTH_ADMIN_EMAIL: 'head@library.example.org',
      HEARTH_ADMIN_PASSWORD: 'correct horse battery staple',
      SIGN_IN_ATTEMPTS_PER_MINUTE: '5',
    });
  }, 60_000);

  afterAll(async () => {
    await hearth?.close();
    await db?.drop();
  });

  const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${hearth.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify({ email, password }) });

  it('creates the first administrator from HEARTH_ADMIN_EMAIL, with a hashed password and a strict, HttpOnly cookie', async () => {
    const res = await signIn('Head@Library.example.org', 'correct horse battery staple');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { principal: { role: string; sites: string }; csrfToken: string };
    expect(body.principal).toMatchObject({ kind: 'session', role: 'admin', sites: '*' });
    const cookie = res.headers.getSetCookie()[0]!;
    expect(cookie).toMatch(/^hearth_session=hss_[\w-]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query(`SELECT email, password_hash FROM account`);
    await client.end();
    expect(rows).toEqual([{ email: 'head@library.example.org', password_hash: expect.stringMatching(/^\$argon2id\$/) }]);
  });

  it('answers a wrong password and an unknown account alike, and limits attempts with 429 and Retry-After', async () => {
    const wrong = await signIn('head@library.example.org', 'not the password at all');
    const unknown = await signIn('nobody@library.example.org', 'not the password at all');
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(((await wrong.json()) as { message: string }).message).toBe(((await unknown.json()) as { message: string }).message);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await signIn('head@library.example.org', 'guess number ' + i)).status);
    expect(statuses).toContain(429);
    const limited = await signIn('head@library.example.org', 'correct horse battery staple');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('needs the CSRF token and the same origin for changes made with a session', async () => {
    // A second account, signed in from a one-time link (the first one is rate-limited by now).
    const made = (await adminApi(hearth.url).post('/api/v1/accounts').send({ email: 'planner@library.example.org', role: 'planner', sites: '*' }).expect(201)).body as { signInLink: { url: string } };
    const token = new URL(made.signInLink.url.replace('/#/', '/')).searchParams.get('link')!;
    const linked = await fetch(`${hearth.url}/api/v1/auth/link`, { method: 'POST', headers: json, body: JSON.stringify({ token }) });
    expect(linked.status).toBe(200);
    const { csrfToken, mustSetPassword } = (await linked.json()) as { csrfToken: string; mustSetPassword: boolean };
    expect(mustSetPassword).toBe(true);
    const cookie = sessionCookie(linked);
    // The link works once.
    expect((await fetch(`${hearth.url}/api/v1/auth/link`, { method: 'POST', headers: json, body: JSON.stringify({ token }) })).status).toBe(401);

    const me = await fetch(`${hearth.url}/api/v1/auth/me`, { headers: { Cookie: cookie } });
    expect(me.status).toBe(200);
    const change = (headers: Record<string, string>) =>
      fetch(`${hearth.url}/api/v1/sites`, { method: 'POST', headers: { ...json, Cookie: cookie, ...headers }, body: JSON.stringify({}) }).then((r) => r.status);
    expect(await change({})).toBe(403);
    expect(await change({ 'X-CSRF-Token': 'forged' })).toBe(403);
    expect(await change({ 'X-CSRF-Token': csrfToken, Origin: 'https://evil.example.com' })).toBe(403);
    // With the token and from the page's own origin the planner gets past access control (and is refused as a planner creating a site).
    expect(await change({ 'X-CSRF-Token': csrfToken, Origin: hearth.url })).toBe(403);
    const importSite = await fetch(`${hearth.url}/api/v1/sites/import`, { method: 'POST', headers: { 'Content-Type': 'text/yaml', Cookie: cookie, 'X-CSRF-Token': csrfToken, Origin: hearth.url }, body: '' });
    expect(importSite.status).toBe(400);

    // Choosing a password from the link session, then signing in with it.
    const set = await fetch(`${hearth.url}/api/v1/auth/password`, { method: 'POST', headers: { ...json, Cookie: cookie, 'X-CSRF-Token': csrfToken }, body: JSON.stringify({ password: 'a long enough passphrase' }) });
    expect(set.status).toBe(204);
    expect((await signIn('planner@library.example.org', 'a long enough passphrase')).status).toBe(200);

    // Signing out ends the session.
    const out = await fetch(`${hearth.url}/api/v1/auth/sign-out`, { method: 'POST', headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken } });
    expect(out.status).toBe(204);
    expect((await fetch(`${hearth.url}/api/v1/auth/me`, { headers: { Cookie: cookie } })).status).toBe(401);
  });

  it('refuses expired sessions, revoked keys, disabled accounts, and removing the last administrator', async () => {
    const api = adminApi(hearth.url);
    const viewer = (await api.post('/api/v1/accounts').send({ email: 'viewer@library.example.org', role: 'viewer', sites: '*', password: 'viewer passphrase 1' }).expect(201)).body as { id: number };
    const signedIn = await signIn('viewer@library.example.org', 'viewer passphrase 1');
    const cookie = sessionCookie(signedIn);
    expect((await fetch(`${hearth.url}/api/v1/sites`, { headers: { Cookie: cookie } })).status).toBe(200);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(`UPDATE auth_session SET expires_at = now() - interval '1 second'`);
    expect((await fetch(`${hearth.url}/api/v1/sites`, { headers: { Cookie: cookie } })).status).toBe(401);

    const again = sessionCookie(await signIn('viewer@library.example.org', 'viewer passphrase 1'));
    await api.patch(`/api/v1/accounts/${viewer.id}`).send({ disabled: true }).expect(200);
    expect((await fetch(`${hearth.url}/api/v1/sites`, { headers: { Cookie: again } })).status).toBe(401);
    expect((await signIn('viewer@library.example.org', 'viewer passphrase 1')).status).toBe(401);

    const key = (await api.post('/api/v1/api-keys').send({ label: 'report tool', role: 'viewer', sites: '*' }).expect(201)).body as { id: number; key: string };
    expect((await fetch(`${hearth.url}/api/v1/sites`, { headers: { Authorization: `Bearer ${key.key}` } })).status).toBe(200);
    await api.delete(`/api/v1/api-keys/${key.id}`).expect(204);
    expect((await fetch(`${hearth.url}/api/v1/sites`, { headers: { Authorization: `Bearer ${key.key}` } })).status).toBe(401);
    const { rows } = await client.query(`SELECT key_hash FROM api_key WHERE id = $1`, [key.id]);
    await client.end();
    expect(rows[0].key_hash).not.toContain(key.key.slice(4, 20));

    const admins = ((await api.get('/api/v1/accounts').expect(200)).body as { id: number; role: string }[]).filter((a) => a.role === 'admin');
    expect(admins).toHaveLength(1);
    expect((await api.delete(`/api/v1/accounts/${admins[0]!.id}`)).status).toBe(409);
    expect((await api.patch(`/api/v1/accounts/${admins[0]!.id}`).send({ role: 'viewer' })).status).toBe(409);
  });
});

describe('the first start without credentials in the environment', () => {
  it('creates "admin" without a password and a one-time link that sets one', async () => {
    const db = await createTestDatabase('hearth_first_start');
    const hearth = await startTestHearth('first-start', { DATABASE_URL: db.url, MQTT_URL: await testMqttUrl() });
    try {
      const accounts = (await adminApi(hearth.url).get('/api/v1/accounts').expect(200)).body as { email: string; role: string; hasPassword: boolean }[];
      expect(accounts).toEqual([expect.objectContaining({ email: 'admin', role: 'admin', hasPassword: false })]);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM sign_in_link WHERE used_at IS NULL AND expires_at > now()`);
      await client.end();
      expect(rows[0].n).toBe(1);
      // No password means no way in by password.
      const res = await fetch(`${hearth.url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'admin', password: '' }) });
      expect(res.status).toBe(400);
    } finally {
      await hearth.close();
      await db.drop();
    }
  });
});
