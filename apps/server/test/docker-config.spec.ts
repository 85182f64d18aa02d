// Keeps docker/ (the production Dockerfile, the two compose files and the proxy and broker
// configuration) consistent with the code: the environment Hearth reads, the routes it serves,
// the files it needs at run time and the way ingest workers share the broker and keep their spools.
// It reads the real files; no Docker engine is needed.
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PATH_METADATA, SSE_METADATA } from '@nestjs/common/constants.js';
import YAML from 'yaml';
import { envSchema, loadConfig, type HearthConfig } from '@hearth/config';
import { MOSQUITTO_FILES } from '@hearth/broker';
import { HealthController } from '../../../libs/observability/src/health.controller.js';
import { OccupancyController } from '../../../libs/insights/src/http/occupancy.controller.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DOCKER = path.join(ROOT, 'docker');
const read = (...p: string[]) => fs.readFileSync(path.join(ROOT, ...p), 'utf8');

/** Values for the variables a compose file requires (`${X:?...}`), as an operator would set them. */
const SAMPLES: Record<string, string> = {
  POSTGRES_PASSWORD: '4f1c0e9a7b2d44c1a0e3',
  HEARTH_DOMAIN: 'hearth.library.example.org',
  HEARTH_ADMIN_EMAIL: 'facilities@library.example.org',
  HEARTH_ADMIN_PASSWORD: 'a-long-admin-passphrase',
  HEARTH_MQTT_PASSWORD: 'broker-service-secret',
  EMQX_DASHBOARD_PASSWORD: 'emqx-dashboard-secret',
  EMQX_NODE_COOKIE: 'emqx-node-cookie-secret',
};
/** Files an operator writes after checkout (bind-mount sources that are not in the repository). */
const GENERATED_BIND_SOURCES = new Set(['mosquitto/hearth']);

type Env = Record<string, string>;
interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string };
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  ports?: (string | { published?: string | number; target: number; host_ip?: string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  deploy?: { replicas?: number; resources?: { limits?: { cpus?: string | number; memory?: string } } };
  restart?: string;
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

// ---------------------------------------------------------------- compose helpers

/** Replaces `${X}`, `${X:-default}` and `${X:?message}` as `docker compose` would with SAMPLES set. */
function interpolate(value: string, where: string): string {
  return value
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g, (_m, name: string, op: string | undefined, arg: string) => {
      if (op === ':-' || op === '-') return arg;
      if (name in SAMPLES) return SAMPLES[name]!;
      throw new Error(`${where}: \${${name}} has no default and the test has no sample value for it; add one to SAMPLES`);
    })
    .replace(/\$\$/g, '$');
}

function envOf(service: Service, where: string): Env {
  const raw = service.environment ?? {};
  const pairs: [string, string][] = Array.isArray(raw)
    ? raw.map((line) => [line.split('=')[0]!, line.slice(line.indexOf('=') + 1)])
    : Object.entries(raw).map(([k, v]) => [k, v === null ? '' : String(v)]);
  return Object.fromEntries(pairs.map(([k, v]) => [k, interpolate(v, `${where} ${k}`)]));
}

interface Mount {
  kind: 'bind' | 'volume';
  source: string;
  target: string;
}
function mountsOf(service: Service): Mount[] {
  return (service.volumes ?? []).map((v) => {
    const [source, target] = typeof v === 'string' ? v.split(':') : [v.source ?? '', v.target];
    const kind = /^[./~]/.test(source!) ? 'bind' : 'volume';
    return { kind, source: source!, target: target! };
  });
}

const dependencies = (s: Service): Record<string, { condition?: string }> =>
  Array.isArray(s.depends_on) ? Object.fromEntries(s.depends_on.map((d) => [d, {}])) : (s.depends_on ?? {});

function hostPorts(s: Service): string[] {
  return (s.ports ?? []).map((p) => (typeof p === 'string' ? p : `${p.host_ip ? `${p.host_ip}:` : ''}${p.published ?? ''}:${p.target}`));
}

// ---------------------------------------------------------------- Dockerfile helpers

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  name?: string;
  instructions: Instruction[];
}
function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, op, args] = /^(\w+)\s+([\s\S]*)$/.exec(line) ?? [];
    if (!op) continue;
    const instruction = { op: op.toUpperCase(), args: args!.trim() };
    if (instruction.op === 'FROM') stages.push({ name: /\bAS\s+(\S+)/i.exec(instruction.args)?.[1], instructions: [] });
    stages.at(-1)?.instructions.push(instruction);
  }
  return stages;
}
const all = (stage: Stage, op: string) => stage.instructions.filter((i) => i.op === op);
const last = (stage: Stage, op: string) => all(stage, op).at(-1);

/** `ENV A=1 B=2` (and the older `ENV A 1`) of one stage. */
function stageEnv(stage: Stage): Env {
  const env: Env = {};
  for (const { args } of all(stage, 'ENV')) {
    if (!args.includes('=')) {
      const [k, ...v] = args.split(/\s+/);
      env[k!] = v.join(' ');
      continue;
    }
    for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) env[m[1]!] = m[3] ?? m[2]!;
  }
  return env;
}

/** Paths a .dockerignore file leaves out of the build context (last matching line wins). */
function dockerIgnored(patterns: string[], file: string): boolean {
  let ignored = false;
  for (const line of patterns) {
    const negate = line.startsWith('!');
    const glob = (negate ? line.slice(1) : line).replace(/^\/+|\/+$/g, '');
    const re = new RegExp(`^${glob.split('**').map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')).join('.*')}(/.*)?$`);
    if (re.test(file)) ignored = !negate;
  }
  return ignored;
}

// ---------------------------------------------------------------- what the code says

const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const schemaKeys = new Set(Object.keys(envSchema.shape));
const roles: readonly string[] = envSchema.shape.HEARTH_ROLE.unwrap().options;

/** Routes of a controller method, as Nest serves them (no global prefix: checked below). */
function routeOf(controller: Function, method: string): string {
  const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
  const sub = String(Reflect.getMetadata(PATH_METADATA, (controller.prototype as Record<string, unknown>)[method] as object) ?? '');
  return `/${[base, sub].flatMap((p) => p.split('/')).filter(Boolean).join('/')}`;
}
const HEALTH_ROUTES = new Set(['live', 'ready'].map((m) => routeOf(HealthController, m)));
const LIVE_STREAM_ROUTE = routeOf(OccupancyController, 'liveStream');

// ---------------------------------------------------------------- the files under test

const dockerfileText = read('docker/Dockerfile');
const stages = parseDockerfile(dockerfileText);
const runtime = stages.at(-1)!;
const imageEnv = stageEnv(runtime);
const dockerignore = read('.dockerignore')
  .split(/\r?\n/)
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

const COMPOSE_FILES = ['compose.yml', 'compose.mosquitto.yml'] as const;
const composeText = (file: string) => fs.readFileSync(path.join(DOCKER, file), 'utf8');
const compose = (file: string) => YAML.parse(composeText(file), { merge: true }) as ComposeFile;

interface HearthService {
  name: string;
  service: Service;
  env: Env;
  config: HearthConfig;
}
/** The services that run the image built from docker/Dockerfile, with their effective environment. */
function hearthServices(file: string): HearthService[] {
  const { services } = compose(file);
  const dockerfile = path.join(DOCKER, 'Dockerfile');
  const builtImages = new Set(
    Object.values(services)
      .filter((s) => s.build && path.resolve(DOCKER, s.build.context, s.build.dockerfile ?? 'Dockerfile') === dockerfile)
      .map((s) => s.image),
  );
  return Object.entries(services)
    .filter(([, s]) => (s.build && path.resolve(DOCKER, s.build.context, s.build.dockerfile ?? 'Dockerfile') === dockerfile) || (s.image && builtImages.has(s.image)))
    .map(([name, service]) => {
      const env = envOf(service, `${file} ${name}`);
      let config: HearthConfig;
      try {
        config = loadConfig({ ...imageEnv, ...env });
      } catch (e) {
        throw new Error(`${file} ${name}: ${(e as Error).message}`);
      }
      return { name, service, env, config };
    });
}
const ingests = (list: HearthService[]) => list.filter((h) => h.config.role !== 'api');
const apis = (list: HearthService[]) => list.filter((h) => h.config.role !== 'ingest');

/** The upstreams a Caddy service proxies to: its Caddyfile's reverse_proxy lines, with {$VAR} from its environment. */
function caddy(file: string) {
  const { services } = compose(file);
  const found = Object.entries(services).filter(([, s]) => s.image?.startsWith('caddy:'));
  expect(found).toHaveLength(1);
  const [name, service] = found[0]!;
  const mount = mountsOf(service).find((m) => m.target === '/etc/caddy/Caddyfile');
  expect(mount?.kind).toBe('bind');
  const caddyfile = fs.readFileSync(path.resolve(DOCKER, mount!.source), 'utf8');
  const env = envOf(service, `${file} ${name}`);
  const expand = (text: string) => text.replace(/\{\$([A-Z0-9_]+)(?::([^}]*))?\}/g, (_m, k: string, d?: string) => env[k] ?? d ?? '');
  const upstreams = [...caddyfile.matchAll(/^\s*reverse_proxy\s+(.*?)\s*(?:\s\{)?\s*$/gm)].map((m) => expand(m[1]!).trim().split(/\s+/).filter(Boolean));
  return { name, service, caddyfile, expand, upstreams };
}

/** The text of the `{ ... }` block that follows `opener` in a Caddyfile. */
function blockAfter(text: string, opener: RegExp): string | undefined {
  const m = opener.exec(text);
  if (!m) return undefined;
  let depth = 0;
  for (let i = m.index + m[0].length - 1; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(m.index, i + 1);
  }
  return undefined;
}

// ================================================================= tests

describe('docker/Dockerfile', () => {
  it('builds in stages: npm ci without install scripts, the build, then dev dependencies pruned', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages.find((s) => s.name === 'build')!;
    const runs = all(build, 'RUN').map((i) => i.args);
    const ci = runs.find((r) => /\bnpm ci\b/.test(r));
    expect(ci).toMatch(/--ignore-scripts/);
    expect(runs.some((r) => /\bnpm run build\b/.test(r))).toBe(true);
    expect(runs.some((r) => /\bnpm prune\b.*--omit=dev/.test(r))).toBe(true);
    expect(pkg.scripts.build).toMatch(/build:server/);
  });

  it('runs as a user other than root', () => {
    const user = last(runtime, 'USER')?.args.split(':')[0];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
  });

  it('starts with exactly the command of `npm start`', () => {
    const cmd = JSON.parse(last(runtime, 'CMD')!.args) as string[];
    expect(cmd).toEqual(pkg.scripts.start!.trim().split(/\s+/));
  });

  it('checks its health on a route the server serves', () => {
    const check = last(runtime, 'HEALTHCHECK');
    expect(check?.args).toMatch(/\bCMD\b/);
    const paths = [...check!.args.matchAll(/['"](\/[^'"\s]*)['"]/g)].map((m) => m[1]);
    expect(paths).toEqual(['/health/ready']);
    for (const p of paths) expect(HEALTH_ROUTES).toContain(p);
    // Routes are served as declared: no global prefix in front of them.
    expect(read('apps/server/src/bootstrap.ts')).not.toMatch(/setGlobalPrefix/);
  });

  it('sets only variables Hearth reads (and NODE_ENV), listening on every interface', () => {
    for (const key of Object.keys(imageEnv)) if (key !== 'NODE_ENV') expect(schemaKeys).toContain(key);
    expect(loadConfig(imageEnv).http.host).toBe('0.0.0.0');
  });

  it('copies into the runtime stage only what the build produced or the repository holds, and all Hearth reads at run time', () => {
    const workdir = (s: Stage) => last(s, 'WORKDIR')!.args;
    const copied: string[] = [];
    for (const { args } of all(runtime, 'COPY')) {
      const words = args.split(/\s+/).filter((w) => !w.startsWith('--'));
      const from = /--from=(\S+)/.exec(args)?.[1];
      const dest = path.posix.resolve(workdir(runtime), words.at(-1)!);
      for (const source of words.slice(0, -1)) {
        let rel: string;
        if (from) {
          const stage = stages.find((s) => s.name === from);
          expect(stage).toBeDefined();
          expect(source.startsWith(`${workdir(stage!)}/`)).toBe(true);
          rel = path.posix.relative(workdir(stage!), source);
        } else rel = path.posix.normalize(source);
        // node_modules comes from `npm ci`; dist/ from `npm run build` (swc -d dist, and the dashboard into dist/dashboards).
        const produced = rel === 'node_modules' || (rel.split('/')[0] === 'dist' && / -d dist\b/.test(pkg.scripts['build:server']!));
        if (!produced) {
          expect({ rel, exists: fs.existsSync(path.join(ROOT, rel)) }).toEqual({ rel, exists: true });
          expect({ rel, ignored: dockerIgnored(dockerignore, rel) }).toEqual({ rel, ignored: false });
        }
        copied.push(path.posix.relative(workdir(runtime), dest));
      }
    }
    const covered = (p: string) => copied.some((c) => p === c || p.startsWith(`${c}/`));
    const cmdScript = (JSON.parse(last(runtime, 'CMD')!.args) as string[]).find((a) => a.endsWith('.js'))!;
    const needed = [
      'package.json', // "type": "module", and how Hearth finds its own files
      'node_modules',
      cmdScript,
      'dist/dashboards', // served at /
      'dist/libs/telemetry/src/ingest/spool-drain.worker.js', // the ingest storing thread
      String(envSchema.shape.RECOMMENDATIONS_FILE.parse(undefined)),
      String(envSchema.shape.DEMO_SITE_FILE.parse(undefined)),
    ];
    for (const p of needed) expect({ p, covered: covered(p) }).toEqual({ p, covered: true });
    // ... and the build really makes the dist/ files from these sources.
    expect(fs.existsSync(path.join(ROOT, cmdScript.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, 'libs/telemetry/src/ingest/spool-drain.worker.ts'))).toBe(true);
    expect(read('dashboards/build.mjs')).toMatch(/'dist', 'dashboards'/);
  });

  it('keeps secrets and local data out of the build context', () => {
    for (const p of ['.env', 'node_modules', 'dist', 'data', 'docker/mosquitto/hearth/credentials.csv']) expect({ p, ignored: dockerIgnored(dockerignore, p) }).toEqual({ p, ignored: true });
  });
});

describe.each(COMPOSE_FILES)('docker/%s', (file) => {
  const { services, volumes = {} } = compose(file);
  // Read in each test, so that a configuration Hearth refuses fails the tests rather than the file.
  let hearth: HearthService[] = [];
  beforeEach(() => {
    hearth = hearthServices(file);
  });

  it('runs Hearth services built from docker/Dockerfile at the repository root', () => {
    expect(hearth.length).toBeGreaterThan(0);
    for (const { service } of hearth.filter((h) => h.service.build)) expect(path.resolve(DOCKER, service.build!.context)).toBe(ROOT);
  });

  it('sets on Hearth services only variables Hearth reads, in a configuration Hearth accepts', () => {
    for (const { name, env, config } of hearth) {
      for (const key of Object.keys(env)) expect({ service: name, key, read: schemaKeys.has(key) }).toEqual({ service: name, key, read: true });
      // The role is set explicitly and valid; real servers, no demo, reachable from the other containers.
      expect(roles).toContain(env.HEARTH_ROLE);
      expect(config.role).toBe(env.HEARTH_ROLE);
      expect({ service: name, database: !!config.database.url, broker: !!config.mqtt.url }).toEqual({ service: name, database: true, broker: true });
      expect(config.demo.enabled).toBe(false);
      expect(config.http.host).toBe('0.0.0.0');
      expect(config.http.publicUrl).toMatch(/^https:\/\//);
    }
  });

  it('points Hearth at the PostgreSQL and broker services of this file', () => {
    for (const { name, config } of hearth) {
      const db = new URL(config.database.url!);
      const pg = services[db.hostname];
      expect({ service: name, postgres: db.hostname, declared: !!pg }).toEqual({ service: name, postgres: db.hostname, declared: true });
      const pgEnv = envOf(pg!, `${file} ${db.hostname}`);
      expect(decodeURIComponent(db.username)).toBe(pgEnv.POSTGRES_USER);
      expect(decodeURIComponent(db.password)).toBe(pgEnv.POSTGRES_PASSWORD);
      expect(db.pathname.slice(1)).toBe(pgEnv.POSTGRES_DB);
      expect(services[new URL(config.mqtt.url!).hostname]).toBeDefined();
      // The API listens on PORT; nothing publishes it past the proxy.
      expect(hostPorts(services[name]!)).toEqual([]);
    }
  });

  it('gives every ingest process its own client id and its own volume at DATA_DIR, sharing one subscription', () => {
    const workers = ingests(hearth);
    expect(workers.length).toBeGreaterThan(0);
    if (file === 'compose.yml') expect(workers.length).toBeGreaterThanOrEqual(3);
    const ids = workers.map((w) => w.config.mqtt.clientId);
    expect(new Set(ids).size).toBe(ids.length);
    if (workers.length > 1) {
      const groups = new Set(workers.map((w) => w.config.mqtt.shareGroup));
      expect(groups.size).toBe(1);
      expect([...groups][0]).toBeTruthy();
    }
    const owners = new Map<string, string[]>();
    for (const [name, s] of Object.entries(services)) for (const m of mountsOf(s)) if (m.kind === 'volume') owners.set(m.source, [...(owners.get(m.source) ?? []), name]);
    for (const { name, service, config } of workers) {
      // One process per spool directory (DATA_DIR/spool/<client id>): its own named volume, never a scaled service.
      const mount = mountsOf(service).find((m) => m.target === config.dataDir);
      expect({ service: name, kind: mount?.kind }).toEqual({ service: name, kind: 'volume' });
      expect(owners.get(mount!.source)).toEqual([name]);
      expect(service.deploy?.replicas ?? 1).toBe(1);
      expect(service.restart).toBe('unless-stopped');
      // The broker admits no anonymous client.
      expect({ service: name, user: !!config.mqtt.username, password: !!config.mqtt.password }).toEqual({ service: name, user: true, password: true });
    }
  });

  it('keeps API services out of the shared subscription, behind a proxy they trust for one hop', () => {
    for (const { name, env, config } of apis(hearth)) {
      if (config.role === 'api') expect({ service: name, MQTT_SHARE_GROUP: env.MQTT_SHARE_GROUP }).toEqual({ service: name, MQTT_SHARE_GROUP: undefined });
      expect({ service: name, trustProxy: config.http.trustProxy }).toEqual({ service: name, trustProxy: true });
      // The first administrator is created by a process that serves the API.
      expect(config.auth.adminEmail).toBeDefined();
      expect(config.auth.adminPassword).toBeDefined();
    }
    if (file === 'compose.yml') expect(apis(hearth).length).toBeGreaterThanOrEqual(2);
  });

  it('sets the same HEARTH_ADMIN_API_KEY on every service that serves the API (one without it revokes it), and none on ingest workers', () => {
    const keyOf = (h: (typeof hearth)[number]) => (h.service.environment && !Array.isArray(h.service.environment) ? h.service.environment.HEARTH_ADMIN_API_KEY : undefined);
    expect(new Set(hearth.filter((h) => h.config.role !== 'ingest').map((h) => String(keyOf(h) ?? ''))).size).toBe(1);
    expect(hearth.filter((h) => h.config.role === 'ingest' && keyOf(h) !== undefined).map((h) => h.name)).toEqual([]);
  });

  it('never gives a secret a default value', () => {
    const text = composeText(file);
    for (const m of text.matchAll(/\$\{([A-Z0-9_]*(?:PASSWORD|SECRET|COOKIE)[A-Z0-9_]*)([^}]*)\}/g)) expect({ variable: m[1], form: m[2]!.slice(0, 2) }).toEqual({ variable: m[1], form: ':?' });
    expect(text).toMatch(/\$\{POSTGRES_PASSWORD:\?/);
    if (hearth.some((h) => h.config.role !== 'ingest')) expect(text).toMatch(/\$\{HEARTH_ADMIN_PASSWORD:\?/);
  });

  it('gives every service a health check and CPU and memory limits', () => {
    const imageChecks = !!last(runtime, 'HEALTHCHECK');
    for (const [name, s] of Object.entries(services)) {
      const isHearth = hearth.some((h) => h.name === name);
      const test = s.healthcheck?.test;
      const disabled = s.healthcheck?.disable === true || (Array.isArray(test) && test[0] === 'NONE');
      expect({ service: name, healthcheck: !disabled && (!!test || (isHearth && imageChecks)) }).toEqual({ service: name, healthcheck: true });
      if (isHearth && test) for (const m of JSON.stringify(test).matchAll(/(\/health[^'"\s\\]*)/g)) expect(HEALTH_ROUTES).toContain(m[1]);
      const limits = s.deploy?.resources?.limits;
      expect({ service: name, cpus: Number(limits?.cpus) > 0, memory: /^\d+(\.\d+)?[bkmg]?b?$/i.test(String(limits?.memory ?? '')) }).toEqual({ service: name, cpus: true, memory: true });
      expect({ service: name, restart: s.restart }).toEqual({ service: name, restart: 'unless-stopped' });
    }
  });

  it('depends only on services it declares, waiting for health only where there is a health check', () => {
    for (const [name, s] of Object.entries(services)) {
      for (const [target, { condition }] of Object.entries(dependencies(s))) {
        expect({ service: name, dependsOn: target, declared: target in services }).toEqual({ service: name, dependsOn: target, declared: true });
        if (condition === 'service_healthy') expect(services[target]!.healthcheck?.test).toBeDefined();
      }
    }
  });

  it('declares every named volume it uses, uses every one it declares, and mounts files that exist', () => {
    const used = new Set<string>();
    for (const [name, s] of Object.entries(services)) {
      for (const m of mountsOf(s)) {
        if (m.kind === 'volume') {
          used.add(m.source);
          expect({ service: name, volume: m.source, declared: m.source in volumes }).toEqual({ service: name, volume: m.source, declared: true });
        } else {
          const source = path.relative(DOCKER, path.resolve(DOCKER, m.source));
          const present = fs.existsSync(path.join(DOCKER, source)) || GENERATED_BIND_SOURCES.has(source);
          expect({ service: name, bind: m.source, present }).toEqual({ service: name, bind: m.source, present: true });
        }
      }
    }
    expect([...used].sort()).toEqual(Object.keys(volumes).sort());
  });

  it('proxies to the API services on their port, with the live stream unbuffered', () => {
    const proxy = caddy(file);
    const expected = apis(hearth)
      .map((h) => `${h.name}:${h.config.http.port}`)
      .sort();
    expect(proxy.upstreams.length).toBeGreaterThan(0);
    for (const list of proxy.upstreams) expect([...list].sort()).toEqual(expected);
    // Server-sent events: the route the server streams on, flushed at once and never compressed.
    expect(Reflect.getMetadata(SSE_METADATA, OccupancyController.prototype.liveStream)).toBe(true);
    const glob = LIVE_STREAM_ROUTE.replace(/\/:[^/]+/g, '/*');
    const matcher = new RegExp(`^\\s*@(\\S+)\\s+path\\s+${glob.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'm').exec(proxy.caddyfile);
    expect({ route: glob, matched: !!matcher }).toEqual({ route: glob, matched: true });
    const block = blockAfter(proxy.caddyfile, new RegExp(`handle\\s+@${matcher![1]}\\s*\\{`));
    expect(block).toMatch(/flush_interval\s+-1/);
    expect(block).toMatch(/reverse_proxy/);
    expect(block).not.toMatch(/\bencode\b/);
    // The caller's address reaches Hearth (TRUST_PROXY): nothing strips X-Forwarded-For; health checks hit served routes.
    expect(proxy.caddyfile).not.toMatch(/header_up\s+-X-Forwarded-For/i);
    for (const m of proxy.caddyfile.matchAll(/health_uri\s+(\S+)/g)) expect(HEALTH_ROUTES).toContain(m[1]);
    expect(proxy.expand('{$HEARTH_DOMAIN}')).toBe(new URL(hearth[0]!.config.http.publicUrl).hostname);
  });
});

describe('the brokers', () => {
  it('EMQX: Hearth user allowed its topics, everything else denied, the Dashboard on loopback only', () => {
    const { services } = compose('compose.yml');
    const emqx = services.emqx!;
    const env = envOf(emqx, 'emqx');
    expect(env.EMQX_AUTHENTICATION__1__MECHANISM).toBe('password_based');
    expect(env.EMQX_AUTHENTICATION__1__BACKEND).toBe('built_in_database');
    expect(env.EMQX_AUTHORIZATION__NO_MATCH).toBe('deny');
    expect(env.EMQX_AUTHORIZATION__SOURCES__1__TYPE).toBe('file');
    const aclMount = mountsOf(emqx).find((m) => m.target === env.EMQX_AUTHORIZATION__SOURCES__1__PATH);
    expect(aclMount?.kind).toBe('bind');
    const acl = fs.readFileSync(path.resolve(DOCKER, aclMount!.source), 'utf8');
    for (const { config } of ingests(hearthServices('compose.yml'))) expect(acl).toContain(`{allow, {username, "${config.mqtt.username}"}, all, ["hearth/#"]}.`);
    expect(acl.replace(/%%.*$/gm, '').trim().endsWith('{deny, all}.')).toBe(true);
    for (const p of hostPorts(emqx).filter((p) => /(^|:)18083(:|$)/.test(p))) expect(p.startsWith('127.0.0.1:')).toBe(true);
  });

  it('Mosquitto: the files `mqtt:acl` writes, mounted where mosquitto.conf reads them, no anonymous clients', () => {
    const { services } = compose('compose.mosquitto.yml');
    const mosquitto = services.mosquitto!;
    expect(mosquitto.image).toMatch(/^eclipse-mosquitto:2/);
    const mounts = mountsOf(mosquitto);
    const confMount = mounts.find((m) => m.target === '/mosquitto/config/mosquitto.conf')!;
    const conf = fs.readFileSync(path.resolve(DOCKER, confMount.source), 'utf8');
    const setting = (key: string) => new RegExp(`^${key}\\s+(.+)$`, 'm').exec(conf)?.[1]?.trim();
    expect(setting('allow_anonymous')).toBe('false');
    const generated = mounts.find((m) => m.kind === 'bind' && GENERATED_BIND_SOURCES.has(path.relative(DOCKER, path.resolve(DOCKER, m.source))))!;
    expect(generated).toBeDefined();
    expect(setting('password_file')).toBe(path.posix.join(generated.target, MOSQUITTO_FILES.passwd));
    expect(setting('acl_file')).toBe(path.posix.join(generated.target, MOSQUITTO_FILES.acl));
    // Persistent sessions (Hearth's queued readings) survive a broker restart, on a named volume.
    expect(setting('persistence')).toBe('true');
    const data = mounts.find((m) => m.kind === 'volume' && `${setting('persistence_location')}`.startsWith(m.target));
    expect(data).toBeDefined();
  });
});
