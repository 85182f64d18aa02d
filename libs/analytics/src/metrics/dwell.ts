import type { DeskSession } from '../sessions/desk-sessions.js';
import type { CalendarFrame } from './calendar-frame.js';
import { quantileSorted } from './quantile.js';
import { empty, type Empty } from './results.js';

/**
 * Dwell time at desks: how long a person stays once seated.
 *
 * A planner reads what a zone is used for: a median of 40 minutes with few
 * sessions over 2 hours is drop-in use (laptop bars, short stays), a p90 of
 * 4 hours is long study, which wants power, quiet and comfortable chairs.
 *
 * Sessions come from `deskSessions()`, which already dropped flicker shorter
 * than its minimum session. With a frame, a session counts when it starts in
 * the frame's counted time (open hours of days passing the calendar
 * filters); without one every session counts. A session cut at the end of
 * its service day or of the data (`cut`) counts with the length it has,
 * which understates it; `cut` says how many there were. Quantiles as in
 * quantile.ts; bins are [from, to) in minutes.
 */

export interface DwellBin {
  label: string;
  fromMinutes: number;
  /** null for the open-ended last bin. */
  toMinutes: number | null;
  count: number;
  share: number;
}

export interface Dwell {
  empty: false;
  count: number;
  /** Sessions cut at a day's or the data's end rather than ended by the desk going free. */
  cut: number;
  meanMinutes: number;
  medianMinutes: number;
  p90Minutes: number;
  bins: DwellBin[];
}

export type DwellResult = Dwell | Empty;

export interface DwellOptions {
  /** Count only sessions starting in this frame's counted time. */
  frame?: CalendarFrame;
  /** Report these zones (those without sessions say so); default every zone with sessions. */
  zones?: readonly string[];
  /** Bin edges in minutes, ascending (default 30, 60, 120, 240: <30 min, 30-60 min, 1-2 h, 2-4 h, ≥4 h). */
  binEdgesMinutes?: readonly number[];
}

export interface DwellTimes {
  zones: Record<string, DwellResult>;
  /** All the reported zones' sessions together. */
  all: DwellResult;
}

const MINUTE_MS = 60_000;
const DEFAULT_EDGES = [30, 60, 120, 240];

function span(minutes: number): string {
  return minutes < 60 || minutes % 60 !== 0 ? `${minutes} min` : `${minutes / 60} h`;
}

function binLabels(edges: readonly number[]): string[] {
  const labels = [`<${span(edges[0]!)}`];
  for (let i = 1; i < edges.length; i++) {
    const a = edges[i - 1]!;
    const b = edges[i]!;
    labels.push(a >= 60 && a % 60 === 0 && b % 60 === 0 ? `${a / 60}-${b / 60} h` : `${a}-${b} min`);
  }
  labels.push(`≥${span(edges[edges.length - 1]!)}`);
  return labels;
}

/** Whether a session starting at `t` starts in the frame's counted time. */
function startsInFrame(frame: CalendarFrame, t: number): boolean {
  const s = Math.floor((t - frame.origin) / frame.bucketMs);
  if (s < 0 || s >= frame.slots || frame.dayOf[s]! < 0) return false;
  return frame.days[frame.dayOf[s]!]!.intervals.some(([a, b]) => a <= t && t < b);
}

/** Counts per bin of sorted minutes, as the bins the planner reads. */
function binsOf(counts: readonly number[], total: number, edges: readonly number[], labels: readonly string[]): DwellBin[] {
  return counts.map((count, i) => ({
    label: labels[i]!,
    fromMinutes: i === 0 ? 0 : edges[i - 1]!,
    toMinutes: i < edges.length ? edges[i]! : null,
    count,
    share: count / total,
  }));
}

/** The index of the bin holding `minutes`. */
function binIndex(edges: readonly number[], minutes: number): number {
  let i = 0;
  while (i < edges.length && minutes >= edges[i]!) i++;
  return i;
}

function describe(durations: number[], cut: number, edges: readonly number[], labels: string[]): DwellResult {
  if (durations.length === 0) return empty('no-sessions', 'No desk session starts in the window.');
  const sorted = Float64Array.from(durations).sort();
  const counts = new Array<number>(edges.length + 1).fill(0);
  let sum = 0;
  for (const m of sorted) {
    sum += m;
    counts[binIndex(edges, m)]!++;
  }
  return {
    empty: false,
    count: sorted.length,
    cut,
    meanMinutes: sum / sorted.length,
    medianMinutes: quantileSorted(sorted, 0.5),
    p90Minutes: quantileSorted(sorted, 0.9),
    bins: binsOf(counts, sorted.length, edges, labels),
  };
}

/** Checks bin edges and labels them. */
function binning(edges: readonly number[], step = 0): string[] {
  if (edges.length === 0 || edges.some((e, i) => !(e > (i === 0 ? 0 : edges[i - 1]!)))) throw new RangeError('bin edges must be positive and ascending');
  if (step > 0 && edges.some((e) => e % step !== 0)) throw new RangeError(`bin edges must be multiples of ${step} minutes`);
  return binLabels(edges);
}

export function dwellTimes(sessions: readonly DeskSession[], opts: DwellOptions = {}): DwellTimes {
  const edges = opts.binEdgesMinutes ?? DEFAULT_EDGES;
  const labels = binning(edges);
  const wanted = opts.zones ? new Set(opts.zones) : undefined;
  const byZone = new Map<string, { durations: number[]; cut: number }>();
  for (const z of opts.zones ?? []) byZone.set(z, { durations: [], cut: 0 });
  const all = { durations: [] as number[], cut: 0 };
  for (const s of sessions) {
    if (wanted && !wanted.has(s.zone)) continue;
    if (opts.frame && !startsInFrame(opts.frame, s.start)) continue;
    let acc = byZone.get(s.zone);
    if (!acc) byZone.set(s.zone, (acc = { durations: [], cut: 0 }));
    const minutes = (s.end - s.start) / MINUTE_MS;
    acc.durations.push(minutes);
    all.durations.push(minutes);
    if (s.cut) {
      acc.cut++;
      all.cut++;
    }
  }
  const zones: Record<string, DwellResult> = {};
  for (const [zone, acc] of byZone) zones[zone] = describe(acc.durations, acc.cut, edges, labels);
  return { zones, all: describe(all.durations, all.cut, edges, labels) };
}

/**
 * Dwell over long windows. A year of sessions is too many to keep, so each
 * zone's service day is rolled up into a histogram of session lengths in
 * 5-minute steps (the last step holds everything from 24 hours), with the
 * exact count, cut count and total. Summing a window's histograms gives the
 * same count, cut, mean and bin counts as dwellTimes() (for bin edges on
 * 5-minute steps); the median and p90 are estimated within their 5-minute
 * step: the values in a step are taken as spread evenly across it (the j-th
 * of c values in [a, a + 5) at a + (j + ½) × 5 / c), then interpolated as in
 * quantile.ts. So they are within 2.5 minutes of dwellTimes()'s.
 */
export const DWELL_STEP_MINUTES = 5;
export const DWELL_STEPS = (24 * 60) / DWELL_STEP_MINUTES;

export interface DwellHistogram {
  zone: string;
  sessions: number;
  cut: number;
  totalMinutes: number;
  /** DWELL_STEPS counts: sessions of [i × 5, (i + 1) × 5) minutes; the last also holds longer ones. */
  counts: Uint32Array;
}

/** One histogram per zone of the sessions that start in the given open intervals ([from, to) epoch ms). */
export function dwellHistograms(sessions: readonly DeskSession[], open: readonly (readonly [number, number])[]): DwellHistogram[] {
  const byZone = new Map<string, DwellHistogram>();
  for (const s of sessions) {
    if (!open.some(([a, b]) => a <= s.start && s.start < b)) continue;
    let h = byZone.get(s.zone);
    if (!h) byZone.set(s.zone, (h = { zone: s.zone, sessions: 0, cut: 0, totalMinutes: 0, counts: new Uint32Array(DWELL_STEPS) }));
    const minutes = (s.end - s.start) / MINUTE_MS;
    h.sessions++;
    if (s.cut) h.cut++;
    h.totalMinutes += minutes;
    const i = Math.min(DWELL_STEPS - 1, Math.floor(minutes / DWELL_STEP_MINUTES));
    h.counts[i] = h.counts[i]! + 1;
  }
  return [...byZone.values()].sort((a, b) => (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0));
}

/** The q-quantile of the values a histogram holds, each step's values spread evenly across it. */
function histogramQuantile(counts: Uint32Array, n: number, q: number): number {
  const pos = q * (n - 1);
  const valueAt = (k: number): number => {
    let seen = 0;
    for (let i = 0; i < counts.length; i++) {
      const c = counts[i]!;
      if (k < seen + c) return (i + (k - seen + 0.5) / c) * DWELL_STEP_MINUTES;
      seen += c;
    }
    return NaN;
  };
  const lo = Math.floor(pos);
  const a = valueAt(lo);
  return lo + 1 < n ? a + (pos - lo) * (valueAt(lo + 1) - a) : a;
}

function describeHistogram(h: Omit<DwellHistogram, 'zone'>, edges: readonly number[], labels: string[]): DwellResult {
  if (h.sessions === 0) return empty('no-sessions', 'No desk session starts in the window.');
  const counts = new Array<number>(edges.length + 1).fill(0);
  h.counts.forEach((c, i) => {
    counts[binIndex(edges, i * DWELL_STEP_MINUTES)]! += c;
  });
  return {
    empty: false,
    count: h.sessions,
    cut: h.cut,
    meanMinutes: h.totalMinutes / h.sessions,
    medianMinutes: histogramQuantile(h.counts, h.sessions, 0.5),
    p90Minutes: histogramQuantile(h.counts, h.sessions, 0.9),
    bins: binsOf(counts, h.sessions, edges, labels),
  };
}

/** dwellTimes() from rolled-up histograms (any number per zone: a window's days). Bin edges must be multiples of 5 minutes. */
export function dwellFromHistograms(histograms: readonly DwellHistogram[], opts: Omit<DwellOptions, 'frame'> = {}): DwellTimes {
  const edges = opts.binEdgesMinutes ?? DEFAULT_EDGES;
  const labels = binning(edges, DWELL_STEP_MINUTES);
  const wanted = opts.zones ? new Set(opts.zones) : undefined;
  const blank = () => ({ sessions: 0, cut: 0, totalMinutes: 0, counts: new Uint32Array(DWELL_STEPS) });
  const byZone = new Map<string, ReturnType<typeof blank>>();
  for (const z of opts.zones ?? []) byZone.set(z, blank());
  const all = blank();
  for (const h of histograms) {
    if (wanted && !wanted.has(h.zone)) continue;
    let acc = byZone.get(h.zone);
    if (!acc) byZone.set(h.zone, (acc = blank()));
    for (const target of [acc, all]) {
      target.sessions += h.sessions;
      target.cut += h.cut;
      target.totalMinutes += h.totalMinutes;
      for (let i = 0; i < DWELL_STEPS; i++) target.counts[i] = target.counts[i]! + h.counts[i]!;
    }
  }
  const zones: Record<string, DwellResult> = {};
  for (const [zone, acc] of byZone) zones[zone] = describeHistogram(acc, edges, labels);
  return { zones, all: describeHistogram(all, edges, labels) };
}
