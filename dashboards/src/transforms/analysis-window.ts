/**
 * The window and calendar filters of the analysis pages (patterns, dwell and
 * profiles), read from the route's parameters and turned into the API's
 * query parameters. Dates are the site's local dates; `to` is exclusive, as
 * in the API; a period's `to` in the site file is inclusive.
 */
import type { SiteFile } from '../api/client.js';
import { addDays, daysBetween, TIMES_OF_DAY, type TimeOfDay } from './windows.js';

export type RangeChoice = '7d' | '28d' | '91d' | 'period' | 'custom';
export type Period = NonNullable<SiteFile['site']['periods']>[number];
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export const WEEKDAYS: { key: Weekday; short: string; long: string }[] = [
  { key: 'mon', short: 'Mon', long: 'Monday' },
  { key: 'tue', short: 'Tue', long: 'Tuesday' },
  { key: 'wed', short: 'Wed', long: 'Wednesday' },
  { key: 'thu', short: 'Thu', long: 'Thursday' },
  { key: 'fri', short: 'Fri', long: 'Friday' },
  { key: 'sat', short: 'Sat', long: 'Saturday' },
  { key: 'sun', short: 'Sun', long: 'Sunday' },
];

/** The rolling windows offered as one-click buttons. */
export const RANGES: { key: RangeChoice; label: string; days: number }[] = [
  { key: '7d', label: 'Last 7 days', days: 7 },
  { key: '28d', label: 'Last 28 days', days: 28 },
  { key: '91d', label: 'Last 91 days', days: 91 },
];

export interface AnalysisWindow {
  choice: RangeChoice;
  from: string;
  /** Exclusive. */
  to: string;
  days: number;
  /** "2026-10-26 to 2026-11-22" or the period's name. */
  label: string;
  /** The chosen term or exam period, when one is chosen. */
  period?: Period;
}

/** A period's value in the route (`period=term:Autumn term`), unique per site. */
export const periodKey = (p: Period) => `${p.kind}:${p.name}`;

/** Terms and exam periods: the ones worth picking as a window. */
export function pickablePeriods(periods: Period[] | undefined): Period[] {
  return (periods ?? []).filter((p) => p.kind === 'term' || p.kind === 'exam');
}

/**
 * The window the route asks for: a rolling window ending today (default 28
 * days), a term or exam period, or custom dates. Unknown values fall back to
 * the default rather than failing.
 */
export function analysisWindow(params: URLSearchParams, today: string, periods: Period[]): AnalysisWindow {
  const choice = params.get('window') as RangeChoice | null;
  const range = (from: string, to: string, c: RangeChoice, period?: Period): AnalysisWindow => ({ choice: c, from, to, days: daysBetween(from, to), label: period ? `${period.name} (${from} to ${addDays(to, -1)})` : `${from} to ${addDays(to, -1)}`, ...(period ? { period } : {}) });
  if (choice === 'period') {
    const period = periods.find((p) => periodKey(p) === params.get('period'));
    if (period) return range(period.from, addDays(period.to, 1), 'period', period);
  }
  if (choice === 'custom') {
    const from = params.get('from');
    const to = params.get('to');
    if (from && to && /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from < to) return range(from, to, 'custom');
  }
  const rolling = RANGES.find((r) => r.key === choice) ?? RANGES[1]!;
  return range(addDays(today, 1 - rolling.days), addDays(today, 1), rolling.key);
}

/** The last `maxDays` of a window (for endpoints with a shorter limit), and whether it was cut. */
export function clipWindow(w: AnalysisWindow, maxDays: number): { from: string; to: string; clipped: boolean } {
  return w.days <= maxDays ? { from: w.from, to: w.to, clipped: false } : { from: addDays(w.to, -maxDays), to: w.to, clipped: true };
}

export type InOut = 'in' | 'out';

/** The calendar filters the analytics endpoints take: terms, exams, weekdays, clock hours. */
export interface CalendarChoice {
  terms?: InOut;
  exams?: InOut;
  /** Empty means every weekday. */
  days: Weekday[];
  time: TimeOfDay;
}

const inOut = (v: string | null): InOut | undefined => (v === 'in' || v === 'out' ? v : undefined);

export function calendarChoice(params: URLSearchParams): CalendarChoice {
  const known = new Set<string>(WEEKDAYS.map((d) => d.key));
  const days = (params.get('days') ?? '').split(',').filter((d): d is Weekday => known.has(d));
  const time = params.get('time') as TimeOfDay | null;
  const terms = inOut(params.get('terms'));
  const exams = inOut(params.get('exams'));
  return { ...(terms ? { terms } : {}), ...(exams ? { exams } : {}), days: days.length === 7 ? [] : days, time: time && time in TIMES_OF_DAY ? time : 'all' };
}

/** Query parameters of a calendar choice; `hours` only where the endpoint takes them. */
export function calendarQuery(c: CalendarChoice, withHours: boolean): Record<string, string | undefined> {
  return {
    terms: c.terms && String(c.terms === 'in'),
    exams: c.exams && String(c.exams === 'in'),
    weekdays: c.days.length ? WEEKDAYS.filter((d) => c.days.includes(d.key)).map((d) => d.key).join(',') : undefined,
    hours: withHours ? TIMES_OF_DAY[c.time].hours : undefined,
  };
}

/** The filters in words for captions ("term days, outside exams, Mon, Tue, afternoons"); empty when none apply. */
export function describeCalendar(c: CalendarChoice, withHours = true): string {
  const parts = [
    c.terms === 'in' ? 'term days' : c.terms === 'out' ? 'days out of term' : '',
    c.exams === 'in' ? 'exam periods' : c.exams === 'out' ? 'outside exam periods' : '',
    c.days.length ? WEEKDAYS.filter((d) => c.days.includes(d.key)).map((d) => d.short).join(', ') : '',
    withHours && c.time !== 'all' ? TIMES_OF_DAY[c.time].label.toLowerCase() : '',
  ];
  return parts.filter(Boolean).join('; ');
}
