import type { Weekday } from '@hearth/contracts';
import type { DayType } from '../calendar/site-calendar.js';
import { clusterBySilhouette } from './silhouette.js';
import { slug } from './stats.js';

/**
 * Day types: the few shapes a library's day takes, found by clustering each
 * open day's arrival curve (people coming in from outside, per local hour).
 * Each day is normalised by its total, so days cluster by shape (when people
 * come) rather than by how many come; the volume is kept and reported.
 * Shapes are compared by the Hellinger distance (Euclidean distance between
 * square roots of the hourly shares), which lets the quiet hours count: a
 * Saturday differs from a weekday mostly in the evening hours it is closed,
 * which hold only a few per cent of a weekday's arrivals. Each type is named
 * from its days' calendar facts ("Exam-week weekday", "Saturday",
 * "Out-of-term weekday").
 */

export interface DayArrivals {
  /** The service date, YYYY-MM-DD. */
  date: string;
  weekday: Weekday;
  dayType: DayType;
  inTerm: boolean;
  inExam: boolean;
  /** The closure or holiday that closed the site, if any. */
  closedFor: string | null;
  /** Arrivals per local clock hour, 24 values (hour 0 = 00:00-01:00). */
  arrivals: ArrayLike<number>;
}

export interface DayTypeFacts {
  /** Shares of the type's days. */
  weekdays: number;
  fridays: number;
  saturdays: number;
  sundays: number;
  /** In an exam period. */
  exam: number;
  /** In term, outside exams. */
  term: number;
  /** Outside term and exams. */
  outOfTerm: number;
}

export interface DayTypeProfile {
  id: string;
  name: string;
  /** Service dates of the days of this type, in order. */
  dates: string[];
  /** Mean arrivals per local hour over the type's days (24 values). */
  meanArrivals: number[];
  /** Mean share of the day's arrivals per hour (24 values summing to 1). */
  meanShape: number[];
  /** Mean arrivals per day. */
  meanVolume: number;
  /** The hour (0-23) with the most arrivals on average. */
  peakHour: number;
  facts: DayTypeFacts;
}

export interface DayTypeResult {
  types: DayTypeProfile[];
  /** Days left out: closed, or no arrivals counted. */
  skipped: string[];
  k: number;
  silhouette: number;
  scores: { k: number; silhouette: number }[];
}

export interface DayTypeOptions {
  /** Range of day-type counts tried (default 2..6). */
  kMin?: number;
  kMax?: number;
  restarts?: number;
  seed?: number;
}

const HOURS = 24;
const MAJORITY = 0.6;

export function dayTypeFacts(days: readonly DayArrivals[]): DayTypeFacts {
  const share = (test: (d: DayArrivals) => boolean) => days.filter(test).length / (days.length || 1);
  return {
    weekdays: share((d) => d.dayType === 'weekday'),
    fridays: share((d) => d.weekday === 'fri'),
    saturdays: share((d) => d.dayType === 'saturday'),
    sundays: share((d) => d.dayType === 'sunday'),
    exam: share((d) => d.inExam),
    term: share((d) => d.inTerm && !d.inExam),
    outOfTerm: share((d) => !d.inTerm && !d.inExam),
  };
}

/**
 * A name from the calendar facts shared by at least 60 % of the days:
 * the kind of day (weekday, Friday, Saturday, Sunday, weekend day) and, for
 * weekdays always and for weekend days when it stands out, the time of year
 * (exam week, term time, out of term).
 */
export function dayTypeName(f: DayTypeFacts): string {
  const season = f.exam >= MAJORITY ? 'Exam-week' : f.outOfTerm >= MAJORITY ? 'Out-of-term' : f.term >= MAJORITY ? 'Term-time' : '';
  if (f.saturdays >= MAJORITY || f.sundays >= MAJORITY || f.saturdays + f.sundays >= MAJORITY) {
    const day = f.saturdays >= MAJORITY ? 'Saturday' : f.sundays >= MAJORITY ? 'Sunday' : 'Weekend day';
    if (!season || season === 'Term-time') return day;
    return `${season} ${day === 'Weekend day' ? 'weekend day' : day}`;
  }
  if (f.weekdays >= MAJORITY) {
    const day = f.fridays >= MAJORITY ? 'Friday' : 'weekday';
    return season ? `${season} ${day}` : day === 'Friday' ? 'Friday' : 'Weekday';
  }
  return 'Mixed days';
}

function peakPart(hour: number): string {
  if (hour < 12) return 'morning peak';
  if (hour < 14) return 'midday peak';
  if (hour < 17) return 'afternoon peak';
  return 'evening peak';
}

/** Day types from daily arrival curves (any order). */
export function dayTypes(input: readonly DayArrivals[], opts: DayTypeOptions = {}): DayTypeResult {
  const sorted = [...input].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const totalOf = (d: DayArrivals) => {
    let t = 0;
    for (let h = 0; h < HOURS; h++) t += d.arrivals[h] ?? 0;
    return t;
  };
  const open = sorted.filter((d) => d.closedFor === null && totalOf(d) > 0);
  const kept = new Set(open);
  const skipped = sorted.filter((d) => !kept.has(d)).map((d) => d.date);
  if (!open.length) return { types: [], skipped, k: 0, silhouette: 0, scores: [] };

  const n = open.length;
  const data = new Float64Array(n * HOURS);
  open.forEach((d, i) => {
    const total = totalOf(d);
    for (let h = 0; h < HOURS; h++) data[i * HOURS + h] = Math.sqrt((d.arrivals[h] ?? 0) / total);
  });
  const fit = clusterBySilhouette({ data, n, d: HOURS }, { kMin: opts.kMin ?? 2, kMax: opts.kMax ?? 6, restarts: opts.restarts ?? 8, seed: opts.seed });

  const groups: number[][] = Array.from({ length: fit.k }, () => []);
  for (let i = 0; i < n; i++) groups[fit.labels[i]!]!.push(i);
  const types = groups
    .filter((g) => g.length)
    .sort((a, b) => b.length - a.length || a[0]! - b[0]!)
    .map((members) => {
      const days = members.map((i) => open[i]!);
      const meanArrivals = new Array<number>(HOURS).fill(0);
      const meanShape = new Array<number>(HOURS).fill(0);
      for (const i of members) {
        for (let h = 0; h < HOURS; h++) {
          meanArrivals[h]! += (open[i]!.arrivals[h] ?? 0) / members.length;
          meanShape[h]! += data[i * HOURS + h]! ** 2 / members.length;
        }
      }
      let peakHour = 0;
      for (let h = 1; h < HOURS; h++) if (meanArrivals[h]! > meanArrivals[peakHour]!) peakHour = h;
      const facts = dayTypeFacts(days);
      return {
        name: dayTypeName(facts),
        dates: days.map((d) => d.date),
        meanArrivals,
        meanShape,
        meanVolume: days.reduce((s, d) => s + totalOf(d), 0) / days.length,
        peakHour,
        facts,
      };
    });

  // Distinct names: types sharing a name get their peak, then busier/quieter, then a number.
  const names = types.map((t) => t.name);
  const refine = (label: (i: number, sharing: number[]) => string) => {
    const byName = new Map<string, number[]>();
    names.forEach((name, i) => byName.set(name, [...(byName.get(name) ?? []), i]));
    for (const sharing of byName.values()) if (sharing.length > 1) for (const i of sharing) names[i] = `${names[i]}, ${label(i, sharing)}`;
  };
  refine((i) => peakPart(types[i]!.peakHour));
  refine((i, sharing) => (sharing.every((j) => types[j]!.meanVolume <= types[i]!.meanVolume) ? 'busier' : 'quieter'));
  refine((i) => `type ${i + 1}`);

  return {
    types: types.map((t, i) => ({ id: slug(names[i]!), ...t, name: names[i]! })),
    skipped,
    k: fit.k,
    silhouette: fit.silhouette,
    scores: fit.scores,
  };
}
