/**
 * The dashboard's only door to the server: typed calls to Hearth's HTTP API
 * (/api/v1, documented at /api/docs). Failures throw ApiError with the
 * server's message, for the page to show.
 *
 * Signed-in planners are recognised by their session cookie (HttpOnly: this
 * code never sees it). Every request that changes something (POST, PUT,
 * PATCH, DELETE) carries the session's CSRF token in X-CSRF-Token, which a
 * page on another site cannot read and so cannot send. A 401 on any call but
 * the sign-in routes sends the planner to the sign-in page.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Seconds to wait before trying again, from Retry-After (429 and 503 answers). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let csrfToken: string | null = null;
let credentials: RequestCredentials = 'same-origin';
let onUnauthorized: (() => void) | null = null;
let refreshCsrf: (() => Promise<string | null>) | null = null;

/** The CSRF token of the current session (from /auth/me or a sign-in); null when signed out. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

/**
 * How this page talks to the server. The public page sends no cookies at all
 * (`credentials: 'omit'`): it needs no session, and a planner's session must
 * not ride along on a patron's poll answer. The dashboard registers what to
 * do on a 401 (go to the sign-in page) and how to fetch a fresh CSRF token
 * (when the server no longer accepts the one it has).
 */
export function configureClient(options: { credentials?: RequestCredentials; onUnauthorized?: () => void; refreshCsrf?: () => Promise<string | null> }): void {
  if (options.credentials) credentials = options.credentials;
  if (options.onUnauthorized) onUnauthorized = options.onUnauthorized;
  if (options.refreshCsrf) refreshCsrf = options.refreshCsrf;
}

function url(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

/**
 * The server's error as a planner reads it: its message, then each field's
 * problem when it lists them (a rejected site file or zone names every field).
 */
export function problemText(body: unknown, fallback: string): string {
  const b = (body && typeof body === 'object' ? body : {}) as { message?: unknown; issues?: unknown; details?: unknown };
  const message = Array.isArray(b.message) ? b.message.join('\n') : typeof b.message === 'string' && b.message ? b.message : fallback;
  const list = [b.issues, b.details].find(Array.isArray) as { field?: unknown; message?: unknown }[] | undefined;
  if (!list?.length || message.includes('\n')) return message;
  return `${message}:\n${list.map((i) => `• ${i.field ? `${String(i.field)}: ` : ''}${String(i.message ?? '')}`).join('\n')}`;
}

/** Seconds from a Retry-After header (a number of seconds or an HTTP date); undefined without one. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** True for the routes that sign in and out: their 401 means "wrong password", not "the session ended". */
const isAuthRoute = (path: string) => path.startsWith('/auth/');

async function send<T>(method: string, path: string, query?: Query, body?: unknown, contentType = 'application/json', retried = false): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials };
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    init.body = typeof body === 'string' || body instanceof Blob || body instanceof ArrayBuffer ? (body as BodyInit) : JSON.stringify(body);
  }
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const res = await fetch(url(path, query), init);
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (err) {
    // An error page that is not JSON (a proxy's, say): the status line says enough.
    if (res.ok) throw err;
  }
  if (!res.ok) {
    // A session that outlived its CSRF token (the server restarted, say): fetch the current one and try once more.
    if (res.status === 403 && UNSAFE.has(method) && !retried && refreshCsrf && /csrf/i.test(problemText(data, ''))) {
      const fresh = await refreshCsrf().catch(() => null);
      if (fresh && fresh !== csrfToken) {
        csrfToken = fresh;
        return send<T>(method, path, query, body, contentType, true);
      }
    }
    if (res.status === 401 && !isAuthRoute(path)) onUnauthorized?.();
    throw new ApiError(res.status, problemText(data, `${res.status} ${res.statusText}`), retryAfterSeconds(res.headers.get('Retry-After')));
  }
  return data as T;
}

export const get = <T>(path: string, query?: Query) => send<T>('GET', path, query);
export const post = <T>(path: string, body?: unknown, contentType?: string) => send<T>('POST', path, undefined, body, contentType);
export const patch = <T>(path: string, body: unknown) => send<T>('PATCH', path, undefined, body);
export const del = <T>(path: string) => send<T>('DELETE', path);

/** A server-sent event stream of JSON messages; returns a function that closes it. */
export function stream<T>(path: string, onMessage: (data: T) => void, onError?: () => void): () => void {
  const source = new EventSource(url(path));
  source.onmessage = (e) => onMessage(JSON.parse(e.data) as T);
  if (onError) source.onerror = onError;
  return () => source.close();
}

// ---- Shapes the pages use (what the API returns; only the fields read here) ----

export type Point = [number, number];

export interface SiteSummary {
  key: string;
  name: string;
}

export interface SiteFile {
  site: { id: string; name: string; timeZone: string; periods?: { kind: 'term' | 'exam' | 'closure' | 'holiday'; name: string; from: string; to: string }[] };
  floors: {
    id: string;
    name: string;
    ordinal: number;
    size: { width: number; height: number };
    zones: { id: string; name: string; category: string; capacity: number; polygon: Point[] }[];
    sensors: { id: string; kind: 'door' | 'desk' | 'zone'; position: Point; zone?: string; inTo?: string; outTo?: string }[];
  }[];
}

export interface FloorRow {
  id: number;
  key: string;
  name: string;
  ordinal: number;
}

export interface Empty {
  empty: true;
  reason: string;
}

// ---- Layout recommendations (GET /sites/:site/recommendations), as the recommendations library shapes them ----

export type RecommendationPriority = 'high' | 'medium' | 'low';
export type RecommendationBudget = 'none' | 'low' | 'high';

/** One number behind a finding: "Share of open hours above 85 %", "92 %". */
export interface EvidenceMetric {
  label: string;
  zone: string | null;
  value: number;
  unit: 'share' | 'hours' | 'minutes' | 'people' | 'metres' | 'count' | 'score' | 'per-m2';
  /** The value as a reader sees it: "92 %", "3.5 h", "48 m". */
  display: string;
}

/** What a recommendation draws beside its finding: a floor with zones and points picked out, or arrivals by hour. */
export type EvidenceFigure =
  | { kind: 'floor-map'; floor: string; zones: string[]; points: { at: Point; label: string }[] }
  | { kind: 'hourly-chart'; series: { label: string; values: number[] }[]; marks: { hour: number; label: string }[] };

/** What to do at one budget level, what it should change, and how a planner checks afterwards. */
export interface RecommendationOption {
  action: string;
  expectedEffect: string;
  check: { metric: string; zones: string[]; direction: 'up' | 'down'; by: string; afterWeeks: number };
}

/** A layout recommendation with its evidence and its options at the three budget levels. */
export interface Recommendation {
  /** Stable for the same finding, e.g. `crowded-beside-idle:reading-room`. */
  id: string;
  /** The rule that found it, e.g. `crowded-zone`. */
  rule: string;
  priority: RecommendationPriority;
  score: number;
  title: string;
  finding: string;
  /** The floor's key; null for findings about the whole building (opening hours, staffing). */
  floor: string | null;
  zones: string[];
  evidence: { metrics: EvidenceMetric[]; figure: EvidenceFigure | null };
  options: Record<RecommendationBudget, RecommendationOption>;
}

/** The recommendations of a site over a window, highest score first, with the headline figures. */
export interface RecommendationsResponse {
  site: string;
  name: string;
  window: { first: string; last: string; openDays: number; openHours: number };
  generatedAt: string;
  summary: { label: string; display: string }[];
  recommendations: Recommendation[];
  /** What data the window lacked ("no desk sessions in this window"); may be empty. */
  evidenceNotes: string[];
}
