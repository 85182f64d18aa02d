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

function describe(durations: number[], cut: number, edges: readonly number[], labels: string[]): DwellResult {
  if (durations.length === 0) return empty('no-sessions', 'No desk session starts in the window.');
  const sorted = Float64Array.from(durations).sort();
  const counts = new Array<number>(edges.length + 1).fill(0);
  let sum = 0;
  for (const m of sorted) {
    sum += m;
    let i = 0;
    while (i < edges.length && m >= edges[i]!) i++;
    counts[i]!++;
  }
  return {
    empty: false,
    count: sorted.length,
    cut,
    meanMinutes: sum / sorted.length,
    medianMinutes: quantileSorted(sorted, 0.5),
    p90Minutes: quantileSorted(sorted, 0.9),
    bins: counts.map((count, i) => ({
      label: labels[i]!,
      fromMinutes: i === 0 ? 0 : edges[i - 1]!,
      toMinutes: i < edges.length ? edges[i]! : null,
      count,
      share: count / sorted.length,
    })),
  };
}

export function dwellTimes(sessions: readonly DeskSession[], opts: DwellOptions = {}): DwellTimes {
  const edges = opts.binEdgesMinutes ?? DEFAULT_EDGES;
  if (edges.length === 0 || edges.some((e, i) => !(e > (i === 0 ? 0 : edges[i - 1]!)))) throw new RangeError('bin edges must be positive and ascending');
  const labels = binLabels(edges);
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
