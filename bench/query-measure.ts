/**
 * The query benchmark's measurements: what is asked (the endpoint table and
 * the windows), and how one endpoint and window is timed against a running
 * server with autocannon on loopback.
 */
import http from 'node:http';
import { createHistogram, performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { ADMIN_HEADERS } from '@hearth/testing';
import { procStatusKb } from './bench-kit.js';

/** Windows as `from`/`to` dates in the site's time zone, `to` exclusive; the history ends with the service day 2026-11-15. */
export const WINDOWS: Record<string, { from: string; to: string }> = {
  day: { from: '2026-11-12', to: '2026-11-13' },
  week: { from: '2026-11-09', to: '2026-11-16' },
  month: { from: '2026-10-16', to: '2026-11-16' },
  quarter: { from: '2026-08-16', to: '2026-11-16' },
  year: { from: '2025-11-16', to: '2026-11-16' },
};
const UP_TO_QUARTER = ['day', 'week', 'month', 'quarter'];
const ALL_WINDOWS = Object.keys(WINDOWS);

export interface EndpointSpec {
  name: string;
  /** Path with `{site}` and `{floor}` (the id of the site's floor keyed `first`) to fill in. */
  path: string;
  /** Names from WINDOWS, sent as `from`/`to`; or a single label for an endpoint that takes no window. */
  windows: string[];
  /** Answers relative to the clock (`now`): measured, but not compared between scales. */
  clock?: boolean;
}

/** What the benchmark measures: one line per endpoint. */
export const ENDPOINTS: EndpointSpec[] = [
  { name: 'occupancy', path: '/api/v1/sites/{site}/occupancy', windows: ALL_WINDOWS },
  // The largest answer served: hourly points of every zone over a month (~1.2 MB of JSON).
  { name: 'occupancy-1h', path: '/api/v1/sites/{site}/occupancy?resolution=1h', windows: ['month'] },
  { name: 'patterns', path: '/api/v1/sites/{site}/patterns', windows: ALL_WINDOWS },
  { name: 'density', path: '/api/v1/floors/{floor}/density', windows: ALL_WINDOWS },
  // Profiles take at most 92 days.
  { name: 'profiles', path: '/api/v1/sites/{site}/profiles', windows: UP_TO_QUARTER },
  { name: 'forecast', path: '/api/v1/sites/{site}/forecast', windows: ['next24h'], clock: true },
  // The history ends a week before today, so live shows an empty day; it is measured all the same.
  { name: 'live', path: '/api/v1/sites/{site}/occupancy/live', windows: ['now'], clock: true },
];

/** The request path of one endpoint and window. */
export function cellPath(spec: EndpointSpec, window: string, vars: Record<string, string | number>): string {
  const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (vars[name] === undefined) throw new Error(`no value for {${name}} in ${spec.path}`);
    return String(vars[name]);
  });
  const w = WINDOWS[window];
  return w ? `${path}${path.includes('?') ? '&' : '?'}from=${w.from}&to=${w.to}` : path;
}

export interface HttpAnswer {
  status: number;
  body: string;
  ms: number;
}

/** One request without a time limit (a rebuild of a month can take minutes). */
export function request(method: 'GET' | 'POST', url: string, json?: unknown): Promise<HttpAnswer> {
  const payload = json === undefined ? undefined : JSON.stringify(json);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...ADMIN_HEADERS, ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export interface CellResult {
  /** Null when no request of the timed run was answered before it ended. */
  p50Ms: number | null;
  p95Ms: number | null;
  /** The first request of the cell, before any warm-up (some endpoints cache). */
  coldMs: number;
  /** Requests in the timed run. */
  requests: number;
  /** Non-2xx answers and failed requests, cold one included. */
  errors: number;
  /** The cold answer, parsed, for comparing scales; the status and start of the body when it failed. */
  answer: unknown;
  failure?: string;
}

export interface CellOptions {
  durationS: number;
  warmupS: number;
  connections: number;
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/** autocannon for `durationS` seconds; latencies of every answer recorded in microseconds. */
function cannon(url: string, durationS: number, connections: number): Promise<{ requests: number; errors: number; histogram: ReturnType<typeof createHistogram> }> {
  const histogram = createHistogram();
  let requests = 0;
  let errors = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, duration: durationS, connections, timeout: 120, headers: { ...ADMIN_HEADERS } }, (err) => (err ? reject(err) : resolve({ requests, errors, histogram })));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      requests++;
      if (statusCode < 200 || statusCode > 299) errors++;
      histogram.record(Math.max(1, Math.round(responseTime * 1000)));
    });
    instance.on('reqError', () => errors++);
  });
}

/**
 * Times one endpoint and window: a cold request, a warm-up, then the timed run.
 * autocannon stops at the end of a run with requests still in flight, which the
 * server goes on computing: after each run the next waits about as long as they
 * take (the cold request's time per connection, at most 30 s).
 */
export async function measureCell(baseUrl: string, path: string, opts: CellOptions): Promise<CellResult> {
  const url = baseUrl + path;
  const cold = await request('GET', url);
  const ok = cold.status >= 200 && cold.status <= 299;
  const answer: unknown = ok ? JSON.parse(cold.body) : `${cold.status} ${cold.body.slice(0, 300)}`;
  const settle = () => new Promise((r) => setTimeout(r, Math.min(30_000, cold.ms * opts.connections)));
  if (opts.warmupS > 0) {
    await cannon(url, opts.warmupS, opts.connections);
    await settle();
  }
  const run = await cannon(url, opts.durationS, opts.connections);
  await settle();
  const answered = run.histogram.count > 0;
  const failures = [...(ok ? [] : [String(answer)]), ...(answered ? [] : [`no request was answered within the ${opts.durationS} s run (the cold one took ${Math.round(cold.ms)} ms)`])];
  return {
    p50Ms: answered ? round2(run.histogram.percentile(50) / 1000) : null,
    p95Ms: answered ? round2(run.histogram.percentile(95) / 1000) : null,
    coldMs: round2(cold.ms),
    requests: run.requests,
    errors: run.errors + (ok ? 0 : 1),
    answer,
    ...(failures.length ? { failure: failures.join('; ') } : {}),
  };
}

/** Polls a process's resident set every 100 ms; `stop()` returns the peak in MB, VmHWM included. */
export function watchRss(pid: number): { stop(): number } {
  let peakKb = procStatusKb(pid, 'VmRSS');
  const timer = setInterval(() => (peakKb = Math.max(peakKb, procStatusKb(pid, 'VmRSS'))), 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peakKb, procStatusKb(pid, 'VmHWM')) / 1024;
    },
  };
}

/** Where two parsed JSON values first differ, as a path (`$.zones[3].mean`), or undefined when they are equal. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return `${path}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    const d = firstDifference(ra[key], rb[key], `${path}.${key}`);
    if (d) return d;
  }
  return undefined;
}
