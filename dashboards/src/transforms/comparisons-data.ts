/**
 * Period-over-period, before/after and branch comparisons in plain words
 * ("up 12 points", "down 8 % (from 534 to 491)"). Pure: no DOM, no fetching.
 */
import { WEEKDAYS } from './analysis-window.js';
import { emptyText } from './empty-reason.js';
import { hourOfWeekText, type HourOfWeek, type Utilisation } from './patterns-data.js';

export interface Change {
  current: number | null;
  baseline: number | null;
  change: number | null;
  relative: number | null;
}

export interface PeriodSummary {
  window: { first: string; last: string };
  utilisation: Utilisation;
  arrivalsPerDay: number;
}

export interface PeriodComparison {
  empty: boolean;
  reason?: string;
  detail?: string;
  current?: PeriodSummary;
  baseline?: PeriodSummary;
  utilisation?: Change;
  meanOccupancy?: Change;
  peak?: Change;
  hoursAbove?: Change;
  arrivalsPerDay?: Change;
  byWeekday?: { weekday: string; utilisation: Change; meanOccupancy: Change; arrivalsPerDay: Change }[];
}

/** compare/periods: the windows compared sit beside the comparison (on an empty answer, `current`/`baseline` are the windows). */
export type PeriodsResponse = PeriodComparison & { baselineKind: 'previous' | 'last-year' };

export type Verdict = 'exceeds-weekly-noise' | 'within-weekly-noise' | 'insufficient-data';

export interface Signal {
  difference: number | null;
  beforeWeeks: number;
  afterWeeks: number;
  ratio: number | null;
  verdict: Verdict;
}

export interface BeforeAfterResponse {
  empty: boolean;
  reason?: string;
  detail?: string;
  changeDate?: string;
  weeks?: number;
  before?: { first: string; last: string };
  after?: { first: string; last: string };
  comparison?: PeriodComparison;
  weekly?: { before: WeekValue[]; after: WeekValue[] };
  signal?: { utilisation: Signal; arrivalsPerDay: Signal };
}

export interface WeekValue {
  first: string;
  utilisation: number | null;
  arrivalsPerDay: number | null;
}

export interface BranchRow {
  key: string;
  name: string;
  rank: number | null;
  emptyReason: string | null;
  capacity: number | null;
  utilisation: number | null;
  meanOccupancy: number | null;
  peak: { occupancy: number; local: string } | null;
  shareAbove: number | null;
  busiestHour: HourOfWeek | null;
  quietestHour: HourOfWeek | null;
}

export interface BranchesResponse {
  window: { first: string; last: string };
  branches: BranchRow[];
}

export type Unit = 'share' | 'count' | 'people' | 'hours';

const num = (v: number, digits = 0) => v.toLocaleString('en-GB', { maximumFractionDigits: digits });

/** A value as the tables show it. */
export function valueText(v: number | null, unit: Unit): string {
  if (v === null) return '–';
  if (unit === 'share') return `${Math.round(v * 100)} %`;
  if (unit === 'hours') return `${num(v, 1)} h`;
  return num(v, unit === 'people' ? 1 : 0);
}

/**
 * A change in words. Shares change by percentage points ("up 12 points");
 * counts by their relative change, with the absolute one for context.
 */
export function changeWords(c: Change, unit: Unit): string {
  if (c.change === null || c.current === null || c.baseline === null) return 'not comparable';
  if (unit === 'share') {
    const points = Math.round(c.change * 100);
    return points === 0 ? 'about the same' : `${points > 0 ? 'up' : 'down'} ${Math.abs(points)} point${Math.abs(points) === 1 ? '' : 's'}`;
  }
  const abs = unit === 'hours' || unit === 'people' ? num(Math.abs(c.change), 1) : num(Math.abs(c.change));
  if (Math.abs(c.change) < (unit === 'count' ? 0.5 : 0.05)) return 'about the same';
  const dir = c.change > 0 ? 'up' : 'down';
  return c.relative === null ? `${dir} ${abs}` : `${dir} ${Math.round(Math.abs(c.relative) * 100)} % (${abs}${unit === 'hours' ? ' h' : ''})`;
}

export interface ChangeRow {
  metric: string;
  baseline: string;
  current: string;
  words: string;
}

const HEADLINES: { key: 'utilisation' | 'meanOccupancy' | 'peak' | 'hoursAbove' | 'arrivalsPerDay'; label: string; unit: Unit }[] = [
  { key: 'utilisation', label: 'Utilisation', unit: 'share' },
  { key: 'meanOccupancy', label: 'People present (mean)', unit: 'people' },
  { key: 'peak', label: 'Peak (people)', unit: 'count' },
  { key: 'hoursAbove', label: 'Hours above 85 % of seats', unit: 'hours' },
  { key: 'arrivalsPerDay', label: 'Arrivals per open day', unit: 'count' },
];

/** The headline changes of a comparison, one row each. */
export function changeRows(c: PeriodComparison): ChangeRow[] {
  return HEADLINES.flatMap(({ key, label, unit }) => {
    const ch = c[key];
    return ch ? [{ metric: label, baseline: valueText(ch.baseline, unit), current: valueText(ch.current, unit), words: changeWords(ch, unit) }] : [];
  });
}

/** Utilisation change per weekday in percentage points (bars), null where a side has no such day. */
export function weekdayChangeBars(c: PeriodComparison): { label: string; value: number | null; words: string; baseline: string; current: string }[] {
  return (c.byWeekday ?? []).map((w) => ({
    label: WEEKDAYS.find((d) => d.key === w.weekday)?.short ?? w.weekday,
    value: w.utilisation.change === null ? null : w.utilisation.change * 100,
    words: changeWords(w.utilisation, 'share'),
    baseline: valueText(w.utilisation.baseline, 'share'),
    current: valueText(w.utilisation.current, 'share'),
  }));
}

/** One sentence on whether a before/after difference stands out from ordinary week-to-week variation. */
export function verdictWords(s: Signal, what: string): string {
  if (s.verdict === 'insufficient-data') return `${what}: too few weeks with data (${s.beforeWeeks} before, ${s.afterWeeks} after; at least 2 each) to tell a change from ordinary weekly variation.`;
  const size = s.ratio === null ? '' : ` (${num(Math.abs(s.ratio), 1)} times the usual week-to-week variation)`;
  return s.verdict === 'exceeds-weekly-noise' ? `${what}: the difference is larger than weeks usually differ${size}. That points to a real shift, not proof of its cause.` : `${what}: the difference is within how much weeks usually differ${size}.`;
}

/** Weekly utilisation before and after a change, as bars labelled by the week's first day. */
export function weeklyBars(w: BeforeAfterResponse['weekly']): { label: string; value: number | null; group: 'before' | 'after' }[] {
  if (!w) return [];
  return [...w.before.map((v) => ({ v, group: 'before' as const })), ...w.after.map((v) => ({ v, group: 'after' as const }))].map(({ v, group }) => ({ label: v.first.slice(5), value: v.utilisation === null ? null : v.utilisation * 100, group }));
}

/** Branch rows as table cells: ranked ones with figures, the rest with the reason they have none. */
export function branchCells(b: BranchRow): (string | number)[] {
  if (b.emptyReason) return [b.name, '–', emptyText({ reason: b.emptyReason }), '', '', '', ''];
  return [
    b.name,
    b.rank ?? '–',
    valueText(b.utilisation, 'share'),
    valueText(b.meanOccupancy, 'people'),
    b.peak ? `${num(b.peak.occupancy)} (${b.peak.local})` : '–',
    b.busiestHour ? `${hourOfWeekText(b.busiestHour)} (${valueText(b.busiestHour.utilisation, 'share')})` : '–',
    b.quietestHour ? `${hourOfWeekText(b.quietestHour)} (${valueText(b.quietestHour.utilisation, 'share')})` : '–',
  ];
}
