/**
 * Sensor health for the Sensors page, from what the API gives: each sensor's
 * last reading time and battery (GET /sites/<site>/sensors), the sensors
 * publishing without a site (GET /sensors/unclaimed), and the dead-letter
 * counter of the Prometheus metrics (GET /metrics; no API endpoint counts
 * dead letters).
 *
 * Every sensor sends a heartbeat at least every 6 hours, whether the library
 * is open or not, and counts more often while it is: a sensor silent for
 * longer than the chosen limit (default two missed heartbeats) is offline.
 */

export interface SensorRow {
  id: number;
  key: string;
  kind: 'door' | 'desk' | 'zone' | null;
  status: 'active' | 'retired' | 'unclaimed';
  floor: string | null;
  zone: string | null;
  inTo?: string;
  outTo?: string;
  lastSeenAt: string | null;
  batteryPct: number | null;
}

export interface UnclaimedSensor extends SensorRow {
  announcedSite: string | null;
  latestReadings: { type: string; ts: string; [field: string]: unknown }[];
}

export interface SiteStats {
  site: string;
  sensors: Record<string, number>;
  events: { total: number; first: string | null; last: string | null; byKind: Record<string, number> };
}

export type Health = 'ok' | 'offline' | 'never seen' | 'retired';

export const HOUR_MS = 3_600_000;
/** Heartbeats come at least every 6 hours: two missed ones mean offline. */
export const DEFAULT_SILENCE_HOURS = 12;
export const SILENCE_CHOICES = [1, 6, 12, 24, 48] as const;
/** Below this a battery wants replacing soon. */
export const LOW_BATTERY_PCT = 20;

export function health(s: Pick<SensorRow, 'status' | 'lastSeenAt'>, now: number, silenceHours: number): Health {
  if (s.status === 'retired') return 'retired';
  if (!s.lastSeenAt) return 'never seen';
  return now - Date.parse(s.lastSeenAt) > silenceHours * HOUR_MS ? 'offline' : 'ok';
}

/** Problems first (offline, never seen), then working sensors, retired last; by key within each. */
const ORDER: Record<Health, number> = { offline: 0, 'never seen': 1, ok: 2, retired: 3 };
export function byUrgency<T extends SensorRow>(rows: T[], now: number, silenceHours: number): (T & { health: Health })[] {
  return rows.map((s) => ({ ...s, health: health(s, now, silenceHours) })).sort((a, b) => ORDER[a.health] - ORDER[b.health] || a.key.localeCompare(b.key));
}

export function countByHealth(rows: { health: Health }[]): Record<Health, number> {
  const counts: Record<Health, number> = { ok: 0, offline: 0, 'never seen': 0, retired: 0 };
  for (const r of rows) counts[r.health]++;
  return counts;
}

/** "3 h 20 min ago", "2 days ago", "just now". */
export function ago(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const minutes = Math.max(0, Math.round((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min ago` : `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

export function batteryText(pct: number | null): string {
  if (pct === null) return '–';
  return pct < LOW_BATTERY_PCT ? `${Math.round(pct)} % (low)` : `${Math.round(pct)} %`;
}

/** Where a sensor is: "first · reading-room", a door's "outside → lobby". */
export function placement(s: SensorRow): string {
  const where = s.kind === 'door' && s.inTo ? `${s.outTo ?? '?'} → ${s.inTo}` : (s.zone ?? '');
  return [s.floor, where].filter(Boolean).join(' · ') || '–';
}

/** The kind an unclaimed sensor's readings suggest (a door counts in and out, a desk is occupied or not, a zone counts heads). */
export function guessKind(readings: UnclaimedSensor['latestReadings']): 'door' | 'desk' | 'zone' | null {
  for (const r of readings) if (r.type === 'door' || r.type === 'desk' || r.type === 'zone') return r.type;
  return null;
}

/** A reading in a few words, to recognise an unclaimed sensor by. */
export function readingText(r: UnclaimedSensor['latestReadings'][number]): string {
  const fields = Object.entries(r)
    .filter(([k]) => k !== 'type' && k !== 'ts' && k !== 'seq')
    .map(([k, v]) => `${k} ${String(v)}`);
  return `${r.type}${fields.length ? ` (${fields.join(', ')})` : ''}`;
}

