/**
 * Shapes the layout recommendations of a site for the Recommendations page:
 * the window from the route, the floor and priority filters, the budget
 * options in words, the export links, and the scales of the evidence
 * figures (a floor plan with zones picked out, arrivals by hour). Pure: no
 * DOM, no fetching.
 */
import { polygonCentroid } from 'd3';
import type {
  EvidenceFigure,
  Point,
  Recommendation,
  RecommendationBudget,
  RecommendationOption,
  RecommendationPriority,
  SiteFile,
} from '../api/client.js';
import { analysisWindow, type AnalysisWindow, type Period } from './analysis-window.js';

/**
 * The window the route asks for. As on the analysis pages (rolling, a term or
 * exam period, custom dates; the last 28 days by default), and a bookmark
 * with only `from` and `to` is read as those custom dates.
 */
export function recommendationsWindow(params: URLSearchParams, today: string, periods: Period[]): AnalysisWindow {
  if (!params.has('window') && params.has('from') && params.has('to')) {
    const custom = new URLSearchParams(params);
    custom.set('window', 'custom');
    return analysisWindow(custom, today, periods);
  }
  return analysisWindow(params, today, periods);
}

// ---- Priorities and budgets ----

export const PRIORITIES: { key: RecommendationPriority; label: string }[] = [
  { key: 'high', label: 'High priority' },
  { key: 'medium', label: 'Medium priority' },
  { key: 'low', label: 'Low priority' },
];

export function priorityLabel(priority: RecommendationPriority): string {
  return PRIORITIES.find((p) => p.key === priority)?.label ?? priority;
}

/** The three budget levels in the order a director reads them. */
export const BUDGETS: { key: RecommendationBudget; label: string }[] = [
  { key: 'none', label: 'No budget' },
  { key: 'low', label: 'Low budget' },
  { key: 'high', label: 'High budget' },
];

/** One budget option as the page shows it: what to do, what should change, and how to check. */
export interface OptionView {
  budget: RecommendationBudget;
  label: string;
  action: string;
  expectedEffect: string;
  check: {
    /** The metric and where: "utilisation in Reading room and Garden study". */
    measure: string;
    /** "Should go up" / "Should go down", with an arrow that is not the only sign. */
    direction: string;
    by: string;
    after: string;
  };
}

/** Zone names of a site by key, to write "Reading room" where the API says `reading-room`. */
export function zoneNames(siteFile: SiteFile): Map<string, string> {
  return new Map(siteFile.floors.flatMap((f) => f.zones.map((z) => [z.id, z.name] as const)));
}

/** "A", "A and B", "A, B and C". */
export function listText(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const weeksText = (n: number) => `${n} week${n === 1 ? '' : 's'}`;

/** A recommendation's options at the three budget levels, in order, with the check in words. */
export function optionViews(rec: Recommendation, names: Map<string, string>): OptionView[] {
  return BUDGETS.filter((b) => rec.options[b.key]).map((b) => optionView(b.key, b.label, rec.options[b.key], names));
}

function optionView(budget: RecommendationBudget, label: string, o: RecommendationOption, names: Map<string, string>): OptionView {
  const where = o.check.zones.map((z) => names.get(z) ?? z);
  return {
    budget,
    label,
    action: o.action,
    expectedEffect: o.expectedEffect,
    check: {
      measure: where.length ? `${o.check.metric} in ${listText(where)}` : o.check.metric,
      direction: o.check.direction === 'up' ? 'Should go up ↑' : 'Should go down ↓',
      by: o.check.by,
      after: `after ${weeksText(o.check.afterWeeks)}`,
    },
  };
}

/** A recommendation's evidence metrics as rows: the label, the zone it is about (by name) when it is about one, the value as shown. */
export function metricRows(rec: Recommendation, names: Map<string, string>): { label: string; zone: string | null; display: string }[] {
  return rec.evidence.metrics.map((m) => ({ label: m.label, zone: m.zone === null ? null : (names.get(m.zone) ?? m.zone), display: m.display }));
}

/** Where a recommendation applies, in words: "First floor: Reading room and Garden study", or "Whole building". */
export function whereText(rec: Recommendation, siteFile: SiteFile, names: Map<string, string>): string {
  const floor = rec.floor === null ? 'Whole building' : (siteFile.floors.find((f) => f.id === rec.floor)?.name ?? rec.floor);
  const zones = rec.zones.map((z) => names.get(z) ?? z);
  return zones.length ? `${floor}: ${listText(zones)}` : floor;
}

// ---- Filters ----

/** The floor filter: every floor, one floor by key, or the findings about the whole building. */
export type FloorFilter = 'all' | 'building' | { floor: string };

export interface RecommendationFilter {
  floor: FloorFilter;
  priority: RecommendationPriority | 'all';
}

/** The route's value for the "whole building" choice of the floor filter. */
export const BUILDING = 'building';

/** The filters in the route (`floor`, `priority`); unknown values mean "all". */
export function readFilter(params: URLSearchParams, floors: string[]): RecommendationFilter {
  const floor = params.get('floor');
  const priority = params.get('priority');
  return {
    floor: floor === BUILDING ? 'building' : floor && floors.includes(floor) ? { floor } : 'all',
    priority: PRIORITIES.some((p) => p.key === priority) ? (priority as RecommendationPriority) : 'all',
  };
}

/** The route parameters of a filter, for `setParams` (null removes one). */
export function filterParams(f: RecommendationFilter): Record<'floor' | 'priority', string | null> {
  return { floor: f.floor === 'all' ? null : f.floor === 'building' ? BUILDING : f.floor.floor, priority: f.priority === 'all' ? null : f.priority };
}

function matchesFloor(rec: Recommendation, floor: FloorFilter): boolean {
  if (floor === 'all') return true;
  if (floor === 'building') return rec.floor === null;
  return rec.floor === floor.floor;
}

/** The recommendations a filter keeps, in the server's order (highest score first). */
export function filterRecommendations(recs: Recommendation[], f: RecommendationFilter): Recommendation[] {
  return recs.filter((r) => matchesFloor(r, f.floor) && (f.priority === 'all' || r.priority === f.priority));
}

export interface FilterChoice<T> {
  value: T;
  label: string;
  /** Recommendations this choice shows, given the other filter. */
  count: number;
}

const sameFloor = (a: FloorFilter, b: FloorFilter) => (typeof a === 'string' || typeof b === 'string' ? a === b : a.floor === b.floor);

/**
 * The floor filter's choices with their counts under the current priority:
 * all floors, each floor of the site file in order, and "Whole building"
 * when some findings are about the building rather than a floor.
 */
export function floorChoices(recs: Recommendation[], siteFile: SiteFile, f: RecommendationFilter): FilterChoice<FloorFilter>[] {
  const count = (floor: FloorFilter) => filterRecommendations(recs, { ...f, floor }).length;
  const floors = [...siteFile.floors].sort((a, b) => a.ordinal - b.ordinal);
  const choices: FilterChoice<FloorFilter>[] = [{ value: 'all', label: 'All floors', count: count('all') }, ...floors.map((fl) => ({ value: { floor: fl.id } as FloorFilter, label: fl.name, count: count({ floor: fl.id }) }))];
  if (recs.some((r) => r.floor === null)) choices.push({ value: 'building', label: 'Whole building', count: count('building') });
  return choices;
}

export function isFloorChoice(choice: FloorFilter, f: RecommendationFilter): boolean {
  return sameFloor(choice, f.floor);
}

/** The priority filter's choices with their counts under the current floor. */
export function priorityChoices(recs: Recommendation[], f: RecommendationFilter): FilterChoice<RecommendationPriority | 'all'>[] {
  const count = (priority: RecommendationPriority | 'all') => filterRecommendations(recs, { ...f, priority }).length;
  return [{ value: 'all', label: 'All priorities', count: count('all') }, ...PRIORITIES.map((p) => ({ value: p.key, label: p.label, count: count(p.key) }))];
}

/** Recommendations per priority, highest first: the page's one-line tally. */
export function priorityTally(recs: Recommendation[]): string {
  if (recs.length === 0) return 'No recommendations.';
  const parts = PRIORITIES.map((p) => ({ n: recs.filter((r) => r.priority === p.key).length, word: p.key })).filter((p) => p.n > 0);
  return `${recs.length} recommendation${recs.length === 1 ? '' : 's'}: ${listText(parts.map((p) => `${p.n} ${p.word}`))} priority.`;
}

// ---- Exports ----

export interface ExportLink {
  label: string;
  href: string;
  /** What the server answers with. */
  type: string;
}

/** The downloads of a site over a window: the director's report, the recommendations and the data behind them. */
export function exportLinks(site: string, w: { from: string; to: string }): ExportLink[] {
  const base = `/api/v1/sites/${encodeURIComponent(site)}`;
  const q = (extra: Record<string, string> = {}) => new URLSearchParams({ from: w.from, to: w.to, ...extra }).toString();
  return [
    { label: 'PDF report', href: `${base}/recommendations?${q({ format: 'pdf' })}`, type: 'application/pdf' },
    { label: 'Recommendations CSV', href: `${base}/recommendations?${q({ format: 'csv' })}`, type: 'text/csv' },
    { label: 'Zones GeoJSON', href: `${base}/exports/zones.geojson?${q()}`, type: 'application/geo+json' },
    { label: 'Zone-days CSV', href: `${base}/exports/zone-days.csv?${q()}`, type: 'text/csv' },
    { label: 'Statistics returns CSV', href: `${base}/exports/statistics-returns.csv?${q()}`, type: 'text/csv' },
  ];
}

// ---- Figures ----

type FloorFigure = Extract<EvidenceFigure, { kind: 'floor-map' }>;
type HourlyFigure = Extract<EvidenceFigure, { kind: 'hourly-chart' }>;

/** Approximate width of a label in px at 11 px type, to keep labels inside the figure. */
export const textWidth = (text: string, fontSize = 11) => Math.ceil(text.length * fontSize * 0.56);

export interface EvidenceMapData {
  /** Pixels. */
  width: number;
  height: number;
  floorName: string;
  zones: { id: string; name: string; path: string; highlighted: boolean }[];
  points: { at: Point; label: string }[];
  /** Names of the highlighted zones and labels of the points, placed so they do not cover each other; `x` is the left end, `y` the baseline. */
  labels: { text: string; kind: 'zone' | 'point'; x: number; y: number }[];
  /** Zones of the figure that the site file does not have on this floor (renamed or removed since). */
  missing: string[];
  /** What the figure shows, for its title and accessible name. */
  description: string;
}

/** A rectangle in pixels, from its top-left corner. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Radius of a point's dot, in px. */
export const POINT_RADIUS = 4.5;

/**
 * A floor-map figure in pixels: the floor's zones from the site file, the
 * figure's zones highlighted and named, its points marked and labelled. The
 * points' labels are placed first (right of the dot, else left, above or
 * below), then the zones' names (at the centre, else a line above or below),
 * each in the first spot that stays inside the figure and clear of what is
 * already placed. Null when the site file has no such floor.
 */
export function evidenceMapData(figure: FloorFigure, siteFile: SiteFile, width = 480, fontSize = 11): EvidenceMapData | null {
  const floor = siteFile.floors.find((f) => f.id === figure.floor);
  if (!floor) return null;
  const scale = width / Math.max(floor.size.width, 1e-6);
  const height = Math.round(floor.size.height * scale);
  const px = ([x, y]: Point): Point => [round(x * scale), round(y * scale)];
  const lit = new Set(figure.zones);
  const drawn = floor.zones.filter((z) => z.polygon.length >= 3);
  const zones = drawn.map((z) => ({ id: z.id, name: z.name, path: `M${z.polygon.map((p) => px(p).join(',')).join('L')}Z`, highlighted: lit.has(z.id) }));
  const points = figure.points.map((p) => ({ at: px(p.at), label: p.label }));

  const lineHeight = fontSize + 3;
  const inside = (b: Box) => b.x >= 0 && b.y >= 0 && b.x + b.width <= width && b.y + b.height <= height;
  const clampX = (b: Box): Box => ({ ...b, x: Math.max(0, Math.min(width - b.width, b.x)) });
  const taken: Box[] = points.map(({ at }) => ({ x: at[0] - POINT_RADIUS - 1, y: at[1] - POINT_RADIUS - 1, width: 2 * POINT_RADIUS + 2, height: 2 * POINT_RADIUS + 2 }));
  const place = (candidates: Box[]): Box => {
    const free = (b: Box) => !taken.some((t) => overlaps(t, b));
    const box = candidates.find((b) => inside(b) && free(b)) ?? candidates.find(inside) ?? candidates[0]!;
    taken.push(box);
    return box;
  };
  const labels: EvidenceMapData['labels'] = [];
  const text = (t: string, kind: 'zone' | 'point', b: Box) => labels.push({ text: t, kind, x: round(b.x), y: round(b.y + fontSize * 0.85) });
  for (const { at, label } of points) {
    const w = textWidth(label, fontSize);
    const [x, y] = at;
    const r = POINT_RADIUS + 3;
    text(label, 'point', place([
      { x: x + r, y: y - lineHeight / 2, width: w, height: lineHeight },
      { x: x - r - w, y: y - lineHeight / 2, width: w, height: lineHeight },
      clampX({ x: x - w / 2, y: y - r - lineHeight, width: w, height: lineHeight }),
      clampX({ x: x - w / 2, y: y + r, width: w, height: lineHeight }),
    ]));
  }
  for (const z of drawn.filter((z) => lit.has(z.id))) {
    const w = textWidth(z.name, fontSize);
    const [cx, cy] = px(polygonCentroid(z.polygon) as Point);
    text(z.name, 'zone', place([0, -1, 1, -2, 2].map((k) => clampX({ x: cx - w / 2, y: cy - lineHeight / 2 + k * lineHeight, width: w, height: lineHeight }))));
  }

  const known = new Set(floor.zones.map((z) => z.id));
  const names = zones.filter((z) => z.highlighted).map((z) => z.name);
  const marks = figure.points.map((p) => p.label);
  const description = [`Plan of ${floor.name}`, names.length ? `highlighted: ${listText(names)}` : '', marks.length ? `marked: ${listText(marks)}` : ''].filter(Boolean).join('; ');
  return { width, height, floorName: floor.name, zones, points, labels, missing: figure.zones.filter((z) => !known.has(z)), description: `${description}.` };
}

/**
 * The hours a chart shows: from the first to the last hour with a value above
 * zero in any series (or a mark), so a library open 9–20 is not squeezed
 * between empty night hours. All 24 hours when nothing is above zero.
 */
export function chartHours(figure: HourlyFigure): [number, number] {
  const used: number[] = figure.marks.map((m) => m.hour).filter((h) => h >= 0 && h <= 23);
  for (const s of figure.series) s.values.forEach((v, h) => v > 0 && h <= 23 && used.push(h));
  return used.length === 0 ? [0, 23] : [Math.min(...used), Math.max(...used)];
}

/** A scale's top and ticks: 1, 2 or 5 times a power of ten, about `count` steps, the top at or above `max`. */
export function niceTicks(max: number, count = 4): { top: number; ticks: number[] } {
  if (!(max > 0)) return { top: 1, ticks: [0, 1] };
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const top = Math.ceil(max / step - 1e-9) * step;
  return { top, ticks: Array.from({ length: Math.round(top / step) + 1 }, (_, i) => round(i * step, 6)) };
}

export interface HourlyChartData {
  width: number;
  height: number;
  hours: number[];
  /** Slot of an hour: left edge and width. */
  slot: number;
  xOf(hour: number): number;
  yOf(value: number): number;
  plot: { left: number; top: number; right: number; bottom: number };
  ticks: number[];
  /** The first series, drawn as bars. */
  bars: { label: string; values: { hour: number; value: number }[] } | null;
  /** Any further series, drawn as lines. */
  lines: { label: string; values: { hour: number; value: number }[] }[];
  marks: { hour: number; label: string; x: number }[];
  /** The series named below the plot: a swatch (bar or line) and the label, left to right. */
  legend: { label: string; kind: 'bar' | 'line'; index: number; x: number; y: number }[];
}

/** An hourly-chart figure in pixels: the shown hours, a shared value scale, bars for the first series, lines for the rest, the marks at their hours' centres. */
export function hourlyChartData(figure: HourlyFigure, width = 420, height = 180): HourlyChartData {
  const [first, last] = chartHours(figure);
  const hours = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const markRows = Math.min(2, figure.marks.length);
  const legendRow = figure.series.length > 0 ? 16 : 0;
  const plot = { left: 34, right: width - 6, top: 18 + markRows * 13, bottom: height - 20 - legendRow };
  const slot = (plot.right - plot.left) / hours.length;
  const valuesOf = (s: HourlyFigure['series'][number]) => hours.map((hour) => ({ hour, value: Number.isFinite(s.values[hour]) ? Math.max(0, s.values[hour]!) : 0 }));
  const series = figure.series.map((s) => ({ label: s.label, values: valuesOf(s) }));
  const { top, ticks } = niceTicks(Math.max(0, ...series.flatMap((s) => s.values.map((v) => v.value))), 3);
  const xOf = (hour: number) => round(plot.left + (hour - first) * slot);
  const yOf = (value: number) => round(plot.bottom - (value / top) * (plot.bottom - plot.top));
  return {
    width,
    height,
    hours,
    slot: round(slot),
    xOf,
    yOf,
    plot,
    ticks,
    bars: series[0] ?? null,
    lines: series.slice(1),
    marks: figure.marks.filter((m) => m.hour >= first && m.hour <= last).map((m) => ({ hour: m.hour, label: m.label, x: round(xOf(m.hour) + slot / 2) })),
    legend: legendItems(figure.series.map((s) => s.label), plot.left, height - 6),
  };
}

/** Legend items in a row from `left`: an 18 px swatch, the label, a gap. */
function legendItems(labels: string[], left: number, y: number): HourlyChartData['legend'] {
  let x = left;
  return labels.map((label, index) => {
    const item = { label, kind: index === 0 ? ('bar' as const) : ('line' as const), index, x, y };
    x += 18 + 4 + textWidth(label, 10) + 14;
    return item;
  });
}

/** "09:00–10:00" for the hour 9. */
export function hourSpan(hour: number): string {
  const pad = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
  return `${pad(hour)}–${pad(hour + 1)}`;
}

/** What an hourly chart shows in words: its series, where it peaks, and its marks. */
export function hourlyDescription(figure: HourlyFigure): string {
  const [first, last] = chartHours(figure);
  const parts = figure.series.map((s) => {
    const shown = s.values.slice(first, last + 1);
    const peak = shown.reduce((best, v, i) => (v > shown[best]! ? i : best), 0);
    return `${s.label} by hour, ${hourSpan(first)} to ${hourSpan(last)}, highest at ${hourSpan(first + peak)} (${formatValue(shown[peak] ?? 0)})`;
  });
  const marks = figure.marks.map((m) => `${m.label} at ${hourSpan(m.hour)}`);
  return `${[...parts, ...(marks.length ? [`marked: ${listText(marks)}`] : [])].join('; ')}.`;
}

/** A chart value: one decimal below 10, whole numbers from 10 on. */
export function formatValue(v: number): string {
  return v.toLocaleString('en-GB', { maximumFractionDigits: Math.abs(v) < 10 ? 1 : 0 });
}

function round(v: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
