/**
 * The dashboard's only door to the server: typed calls to Hearth's HTTP API
 * (/api/v1, documented at /api/docs). Failures throw ApiError with the
 * server's message, for the page to show.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

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

async function send<T>(method: string, path: string, query?: Query, body?: unknown, contentType = 'application/json'): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'Content-Type': contentType };
    init.body = typeof body === 'string' || body instanceof Blob || body instanceof ArrayBuffer ? (body as BodyInit) : JSON.stringify(body);
  }
  const res = await fetch(url(path, query), init);
  const text = await res.text();
  const data: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, problemText(data, `${res.status} ${res.statusText}`));
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
