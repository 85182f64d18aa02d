import { openDatabase } from '@hearth/database';
import {
  ADMIN_HEADERS,
  TEST_ADMIN_KEY,
  adminApi,
  createTestDatabase,
  publishMany,
  startDedicatedMosquitto,
  waitFor,
  type DedicatedMosquitto,
  type HearthProcess,
  type TestDatabase,
} from '@hearth/testing';
import { BRANCH_SITE, spawnFaultHearth } from './fault-site.js';

/** An IPv4 address (four dotted numbers of 0-255, not part of a longer dotted run such as a version). */
const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.])/g;
/** An IPv6 address: at least three groups of hex digits with colons, or a "::" form with a group. */
const IPV6 = /(?<![\w:])(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}(?![\w:])|(?<![\w:])(?:[0-9a-f]{1,4}:)*::(?:[0-9a-f]{1,4}:?)+(?![\w:])/gi;
/** A MAC address: six pairs of hex digits separated by ':' or '-'. */
const MAC = /(?<![0-9a-f])(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}(?![0-9a-f])/gi;
/** A device token or an API key. */
const SECRET = /\b(?:hth|hka)_[A-Za-z0-9_-]{4,}/g;

/**
 * Hearth logs no patron identifier and no credential. The built server runs
 * at LOG_LEVEL=debug; it is called over HTTP with X-Forwarded-For and
 * X-Real-IP headers naming patrons' addresses (IPv4, IPv6, IPv4-mapped),
 * with device tokens and API keys (valid and invalid, in the header and in
 * the query string), pushes readings, receives MQTT readings and some bad
 * ones; then everything it wrote to stdout and stderr is scanned for IP
 * addresses, MAC-like strings, `hth_` tokens and `hka_` keys.
 */
describe('log privacy', () => {
  let broker: DedicatedMosquitto;
  let db: TestDatabase;
  let proc: HearthProcess | undefined;

  beforeAll(async () => {
    broker = await startDedicatedMosquitto();
    db = await createTestDatabase('hearth_logprivacy');
    const { dataSource } = await openDatabase(db.url);
    await dataSource.destroy();
  });
  afterAll(async () => {
    await proc?.kill('SIGKILL');
    await broker?.stop();
    await db?.drop();
  });

  it('writes no caller address, MAC, device token or API key to its logs at LOG_LEVEL=debug', async () => {
    const started = await spawnFaultHearth(
      'logprivacy',
      {
        DATABASE_URL: db.url,
        MQTT_URL: broker.url,
        LOG_LEVEL: 'debug',
        ROLLUP_INTERVAL_MS: '500',
      },
      { captureOutput: true },
    );
    proc = started.proc;
    const { base } = started;
    const http = adminApi(base);
    const patrons = ['203.0.113.77', '198.51.100.23, 192.0.2.41', '2001:db8:85a3::8a2e:370:7334', '::ffff:198.51.100.99', 'fe80::1ff:fe23:4567:890a'];
    const headers = (i: number) => ({ 'X-Forwarded-For': patrons[i % patrons.length]!, 'X-Real-IP': patrons[(i + 1) % patrons.length]!, Forwarded: `for="[2001:db8::17]";proto=http` });

    await http.post('/api/v1/sites/import').set(headers(0)).set('Content-Type', 'text/yaml').send(BRANCH_SITE.replace('id: branch', 'id: privacy')).expect(200);
    const token = (await http.post('/api/v1/sites/privacy/device-tokens').set(headers(1)).send({ sensor: 'desk-q1' }).expect(201)).body.token as string;
    const siteToken = (await http.post('/api/v1/sites/privacy/device-tokens').set(headers(2)).send({}).expect(201)).body.token as string;
    const now = () => new Date(Date.now() - 30_000).toISOString();
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      calls.push(
        // Readings pushed with good and bad tokens, a token in the query string, and broken bodies.
        http.post('/api/v1/ingest/privacy/desk-q1').set(headers(i)).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send({ type: 'desk', ts: now(), occupied: i % 2 === 0, seq: i }),
        http.post('/api/v1/ingest/privacy/desk-q1').set(headers(i + 1)).set('Authorization', 'Bearer hth_not-a-real-token-0123456789').set('Content-Type', 'application/json').send({ type: 'desk', ts: now(), occupied: true }),
        http.post(`/api/v1/ingest/privacy/cafe-count?token=${siteToken}`).set(headers(i + 2)).set('Authorization', `Bearer ${siteToken}`).set('Content-Type', 'application/json').send('{"type":"zone","ts":'),
        http.post('/api/v1/ingest/privacy/desk-q2').set(headers(i + 3)).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send({ type: 'desk', ts: now(), occupied: true, mac: 'a4:5e:60:c2:19:0b' }),
        // Reads with the administrator key, a wrong key, a key in the query string, and no key.
        http.get('/api/v1/sites/privacy/occupancy/live').set(headers(i + 4)),
        http.get(`/api/v1/sites/privacy/sensors?key=${TEST_ADMIN_KEY}`).set(headers(i)),
        fetch(`${base}/api/v1/sites/privacy/dead-letters`, { headers: { ...headers(i + 1), Authorization: 'Bearer hka_wrong-key-for-the-privacy-test' } }),
        fetch(`${base}/api/v1/sites/nowhere/occupancy`, { headers: { ...headers(i + 2), ...ADMIN_HEADERS } }),
        fetch(`${base}/api/v1/sites/privacy/occupancy?from=bad`, { headers: headers(i + 3) }),
      );
    }
    await Promise.all(calls);
    // Readings over MQTT, good and bad, one naming a MAC address in its topic and payload.
    await publishMany(broker.url, [
      ...Array.from({ length: 50 }, (_, i) => ({ topic: 'hearth/v1/privacy/desk-q3', payload: JSON.stringify({ type: 'desk', ts: now(), occupied: i % 3 === 0, seq: 100 + i }) })),
      { topic: 'hearth/v1/privacy/a4-5e-60-c2-19-0b', payload: JSON.stringify({ type: 'desk', ts: now(), occupied: true, mac: 'a4:5e:60:c2:19:0b', ip: '203.0.113.77' }) },
      { topic: 'hearth/v1/privacy/desk-q4', payload: `{"type":"desk","ip":"203.0.113.77","token":"${token}"` },
      { topic: 'not/hearth', payload: 'x' },
    ]);
    await waitFor(async () => ((await http.get('/api/v1/sites/privacy/dead-letters')).body.total >= 3 ? true : undefined), 20_000, 'dead letters written');
    await new Promise((r) => setTimeout(r, 1500)); // a rollup pass and the last-seen writer
    await proc.kill('SIGTERM');

    const log = proc.output();
    const lines = log.split('\n').filter(Boolean);
    const found = (re: RegExp) => [...new Set([...log.matchAll(re)].map((m) => m[0]))];
    // Hearth's own listening address and the broker's are configuration, not callers: allowed only as such.
    const own = new Set(['127.0.0.1', '0.0.0.0', '::1', '::']);
    const leaks = {
      ipv4: found(IPV4).filter((a) => !own.has(a)),
      ipv6: found(IPV6).filter((a) => !own.has(a)),
      mac: found(MAC),
      secrets: found(SECRET),
    };
    // Where each finding is: the log field it is in, and the line's message.
    const where = (found: string) => {
      const line = lines.find((l) => l.includes(found)) ?? '';
      const field = new RegExp(`"([^"]+)":"(?:[^"\\\\]|\\\\.)*${found.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).exec(line)?.[1];
      const msg = /"msg":"([^"]*)"/.exec(line)?.[1];
      return `${found} in ${field ? `"${field}"` : 'a line'}${msg ? ` of "${msg}"` : ''}`;
    };
    const report = Object.values(leaks).flat().map(where);
    process.stdout.write(`log privacy: ${lines.length} log lines at LOG_LEVEL=debug scanned; ${report.length ? `found ${report.join('; ')}` : 'no address, MAC, token or key found'}\n`);
    expect(lines.length).toBeGreaterThan(100);
    expect(log).toContain('"url":"/api/v1/ingest/privacy/desk-q1"'); // requests were logged
    expect(leaks).toEqual({ ipv4: [], ipv6: [], mac: [], secrets: [] });
  }, 120_000);
});
