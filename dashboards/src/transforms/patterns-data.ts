/**
 * Shapes the patterns and occupancy responses into what the patterns page
 * draws: heat-calendar cells, arrival bars, zone bars, occupancy lines. Pure:
 * no DOM, no fetching.
 */
import { WEEKDAYS } from './analysis-window.js';

/** A metric's figures, or why there are none. */
export interface Utilisation {
  empty: boolean;
  reason?: string;
  detail?: string;
  capacity?: number;
  days?: number;
  openHours?: number;
  coverage?: number;
  meanOccupancy?: number;
  utilisation?: number;
  peak?: { occupancy: number; share: number | null; local: string; weekday: string; hour: number };
  threshold?: number;
  hoursAbove?: number;
  shareAbove?: number;
  zonesWithoutData?: string[];
}

export interface WeekdayHourCell {
  weekday: string;
  hour: number;
  days: number;
  mean: number;
  p90: number;
}

export interface PatternsResponse {
  empty: boolean;
  reason?: string;
  detail?: string;
  from: string;
  to: string;
  resolution: string;
  utilisation?: Utilisation;
  byZone?: Record<string, Utilisation>;
  arrivalsByHour?: { empty: boolean; reason?: string; detail?: string; days: number; perDay: { arrivals: number; departures: number }; hours: { hour: number; days: number; arrivals: number | null; departures: number | null }[] };
  weekdayHour?: { empty: boolean; capacity: number; days: number; cells: (WeekdayHourCell | null)[][] };
  typicalWeek?: { empty: boolean; busiest?: HourOfWeek; quietest?: HourOfWeek };
}

export interface HourOfWeek {
  weekday: string;
  hour: number;
  meanOccupancy: number;
  utilisation: number;
}

export interface OccupancyPoint {
  start: string;
  mean: number;
  peak: number;
}

export interface OccupancyHistory {
  empty: boolean;
  reason?: string;
  detail?: string;
  resolution: string;
  zones?: { zone: string; capacity: number; points: OccupancyPoint[] }[];
  floors?: { floor: string; capacity: number; points: OccupancyPoint[] }[];
}

export type HeatMetric = 'utilisation' | 'people';

export interface HeatCell {
  row: number;
  weekday: string;
  hour: number;
  /** Mean utilisation or people; null where the library is closed or has no data. */
  value: number | null;
  p90: number | null;
  days: number;
}

export const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
const weekdayName = (key: string) => WEEKDAYS.find((d) => d.key === key)?.long ?? key;

/**
 * The weekday x hour grid, cut to the clock hours where any day has a value
 * (so a library open 08:00 to 21:00 gets 13 columns, not 24).
 */
export function heatCells(p: PatternsResponse, metric: HeatMetric): { rows: string[]; hours: number[]; cells: HeatCell[] } {
  const grid = p.weekdayHour;
  if (!grid || grid.empty) return { rows: [], hours: [], cells: [] };
  const scale = metric === 'utilisation' ? (v: number) => (grid.capacity > 0 ? v / grid.capacity : 0) : (v: number) => v;
  const used = grid.cells.flatMap((row) => row.flatMap((c, hour) => (c ? [hour] : [])));
  if (!used.length) return { rows: [], hours: [], cells: [] };
  const hours = range(Math.min(...used), Math.max(...used) + 1);
  const cells = WEEKDAYS.flatMap((d, row) =>
    hours.map((hour) => {
      const c = grid.cells[row]?.[hour] ?? null;
      return { row, weekday: d.short, hour, value: c ? scale(c.mean) : null, p90: c ? scale(c.p90) : null, days: c?.days ?? 0 };
    }),
  );
  return { rows: WEEKDAYS.map((d) => d.short), hours, cells };
}

/** Mean arrivals per open day in each clock hour, for the hours the library was open. */
export function arrivalBars(p: PatternsResponse): { label: string; value: number; days: number }[] {
  return (p.arrivalsByHour?.hours ?? []).filter((h) => h.days > 0 && h.arrivals !== null).map((h) => ({ label: hourLabel(h.hour), value: h.arrivals!, days: h.days }));
}

export interface ZoneRow {
  zone: string;
  name: string;
  utilisation: number | null;
  meanOccupancy: number | null;
  capacity: number;
  /** Why a zone has no figures. */
  empty?: Utilisation;
}

/** Each zone's utilisation, busiest first; zones without figures last, with their reason. */
export function zoneRows(byZone: Record<string, Utilisation> | undefined, names: Map<string, { name: string; capacity: number }>): ZoneRow[] {
  return Object.entries(byZone ?? {})
    .map(([zone, u]): ZoneRow => {
      const meta = names.get(zone) ?? { name: zone, capacity: 0 };
      return u.empty ? { zone, name: meta.name, utilisation: null, meanOccupancy: null, capacity: meta.capacity, empty: u } : { zone, name: meta.name, utilisation: u.utilisation ?? null, meanOccupancy: u.meanOccupancy ?? null, capacity: u.capacity ?? meta.capacity };
    })
    .sort((a, b) => (b.utilisation ?? -1) - (a.utilisation ?? -1));
}

export interface LineSeries {
  key: string;
  label: string;
  points: { t: number; v: number }[];
}

/**
 * Occupancy lines, one per floor (site view) or per zone (floor view). Over
 * more than two weeks, 15-minute or hourly points blur into a band, so each
 * day becomes one point: its busiest interval's mean occupancy. Points
 * from `until` (now) on are left out.
 */
export function occupancyLines(h: OccupancyHistory, by: 'floors' | 'zones', names: Map<string, string>, opts: { daily: boolean; timeZone: string; until: number }): LineSeries[] {
  const rows = by === 'floors' ? (h.floors ?? []).map((f) => ({ key: f.floor, points: f.points })) : (h.zones ?? []).map((z) => ({ key: z.zone, points: z.points }));
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: opts.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return rows
    .filter((r) => names.has(r.key))
    .map((r) => {
      // Intervals that have not begun yet carry no measurement, whatever the rollup holds for them.
      // A day's peak: the highest quarter hour of one-point-per-day answers, else the busiest point's mean.
      const perDay = h.resolution === '1d';
      const points = r.points.map((p) => ({ t: Date.parse(p.start), v: perDay ? p.peak : p.mean })).filter((p) => p.t < opts.until);
      return { key: r.key, label: names.get(r.key)!, points: opts.daily ? dailyPeaks(points, (t) => dayOf.format(t)) : points };
    })
    .sort((a, b) => [...names.keys()].indexOf(a.key) - [...names.keys()].indexOf(b.key));
}

/** Each local day's highest value, placed at noon UTC of that date. */
function dailyPeaks(points: { t: number; v: number }[], dayOf: (t: number) => string): { t: number; v: number }[] {
  const best = new Map<string, number>();
  for (const p of points) {
    const d = dayOf(p.t);
    best.set(d, Math.max(best.get(d) ?? 0, p.v));
  }
  return [...best.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([d, v]) => ({ t: Date.parse(`${d}T12:00:00Z`), v }));
}

/** "Friday 16:00" for an hour of the week. */
export function hourOfWeekText(h: { weekday: string; hour: number }): string {
  return `${weekdayName(h.weekday)} ${hourLabel(h.hour)}`;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
