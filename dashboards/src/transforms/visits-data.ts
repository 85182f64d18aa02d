/**
 * Shapes the dwell, profiles and day-types responses for the dwell and
 * profiles page: zones grouped by category, band shares as bars, personas'
 * typical times, day types' arrival curves. Pure: no DOM, no fetching.
 */
import type { SiteFile } from '../api/client.js';
import { hourLabel } from './patterns-data.js';

export interface DwellBin {
  label: string;
  fromMinutes: number;
  toMinutes: number | null;
  count: number;
  share: number;
}

export interface Dwell {
  empty: boolean;
  reason?: string;
  detail?: string;
  count?: number;
  cut?: number;
  meanMinutes?: number;
  medianMinutes?: number;
  p90Minutes?: number;
  bins?: DwellBin[];
}

export interface DwellResponse {
  empty: boolean;
  reason?: string;
  detail?: string;
  days: number;
  all?: Dwell;
  byZone?: Record<string, Dwell>;
}

export interface Quartiles {
  q1: number;
  median: number;
  q3: number;
}

export interface Persona {
  id: string;
  name: string;
  description: string;
  count: number;
  share: number;
  startHours: Quartiles;
  startClock: { q1: string; median: string; q3: string };
  durationMinutes: Quartiles;
  zones: { zone: string; name: string; share: number }[];
  groupShare: number;
  weekendShare: number;
}

export interface ProfilesResponse {
  empty: boolean;
  reason?: string;
  detail?: string;
  sessions: number;
  personas?: Persona[];
  other?: { count: number; share: number };
}

export interface DayType {
  id: string;
  name: string;
  dates: string[];
  meanArrivals: number[];
  meanVolume: number;
  peakHour: number;
  facts: { exam: number; term: number; outOfTerm: number };
}

export interface DayTypesResponse {
  empty: boolean;
  reason?: string;
  detail?: string;
  days: number;
  types?: DayType[];
  skipped?: unknown[];
}

export interface CategoryGroup {
  category: string;
  label: string;
  zones: { id: string; name: string }[];
}

/** "quiet_study" → "Quiet study". */
export function categoryLabel(category: string): string {
  const words = category.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The site's zones grouped by category, in the order the categories first appear. */
export function categoryGroups(siteFile: SiteFile): CategoryGroup[] {
  const groups = new Map<string, CategoryGroup>();
  for (const z of siteFile.floors.flatMap((f) => f.zones)) {
    let g = groups.get(z.category);
    if (!g) groups.set(z.category, (g = { category: z.category, label: categoryLabel(z.category), zones: [] }));
    g.zones.push({ id: z.id, name: z.name });
  }
  return [...groups.values()];
}

/** Categories with at least one zone that had sessions (per the all-zones answer), and those without. */
export function splitByDwell(groups: CategoryGroup[], byZone: Record<string, Dwell> | undefined): { withSessions: CategoryGroup[]; without: CategoryGroup[] } {
  const has = (g: CategoryGroup) => g.zones.some((z) => byZone?.[z.id] && !byZone[z.id]!.empty);
  return { withSessions: groups.filter(has), without: groups.filter((g) => !has(g)) };
}

/** Minutes as "2 h 12 min" / "45 min". */
export function minutesText(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) return '–';
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m / 60} h`;
}

/** A dwell answer's length bands as bars of their share of sessions (in %). */
export function bandBars(d: Dwell): { label: string; value: number; count: number }[] {
  return (d.bins ?? []).map((b) => ({ label: b.label, value: b.share * 100, count: b.count }));
}

/**
 * The clock hours any of the day types has arrivals in, so the small charts
 * share one axis and a type's quiet hours read as quiet, not as missing.
 */
export function arrivalHours(types: DayType[]): number[] {
  const used = types.flatMap((t) => t.meanArrivals.flatMap((v, h) => (v > 0 ? [h] : [])));
  if (!used.length) return [];
  const first = Math.min(...used);
  return Array.from({ length: Math.max(...used) - first + 1 }, (_, i) => first + i);
}

/** A day type's mean arrivals per hour as bars over the shared hours. */
export function dayTypeBars(t: DayType, hours: number[]): { label: string; value: number }[] {
  return hours.map((h) => ({ label: hourLabel(h), value: t.meanArrivals[h] ?? 0 }));
}

/** What kind of days a type holds, in words ("67 % in exam periods, 33 % other term days"). */
export function dayTypeFacts(t: DayType): string {
  const parts = [
    t.facts.exam > 0 ? `${Math.round(t.facts.exam * 100)} % in exam periods` : '',
    t.facts.term > 0 ? `${Math.round(t.facts.term * 100)} % other term days` : '',
    t.facts.outOfTerm > 0 ? `${Math.round(t.facts.outOfTerm * 100)} % out of term` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/** The clock as hours: 13.5 → "13:30". */
export function clockText(hours: number): string {
  const m = Math.round(hours * 60);
  return `${String(Math.floor(m / 60) % 24).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
