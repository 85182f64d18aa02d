/**
 * Windows and filters the planner picks, as query parameters. Dates are the
 * site's local dates; `to` is exclusive, as in the API.
 */

export type WindowChoice = 'today' | '7d' | '28d' | 'period' | 'custom';
export type TimeOfDay = 'all' | 'morning' | 'afternoon' | 'evening';

export const TIMES_OF_DAY: Record<TimeOfDay, { label: string; hours?: string }> = {
  all: { label: 'All day' },
  morning: { label: 'Mornings', hours: '8-12' },
  afternoon: { label: 'Afternoons', hours: '12-17' },
  evening: { label: 'Evenings', hours: '17-24' },
};

export type When = 'any' | 'weekday-mornings' | 'weekday-afternoons' | 'weekday-evenings' | 'weekends';

const WEEKDAYS = 'mon,tue,wed,thu,fri';

/** Parts of the week a planner asks about, as the API's `weekdays` and `hours` filters. */
export const WHEN: Record<When, { label: string; weekdays?: string; hours?: string }> = {
  any: { label: 'Any time' },
  'weekday-mornings': { label: 'Weekday mornings', weekdays: WEEKDAYS, hours: TIMES_OF_DAY.morning.hours },
  'weekday-afternoons': { label: 'Weekday afternoons', weekdays: WEEKDAYS, hours: TIMES_OF_DAY.afternoon.hours },
  'weekday-evenings': { label: 'Weekday evenings', weekdays: WEEKDAYS, hours: TIMES_OF_DAY.evening.hours },
  weekends: { label: 'Weekends', weekdays: 'sat,sun' },
};

/** The latest period of a kind that has started by `today` (its `to` inclusive), if any. */
export function latestPeriod<P extends { kind: string; from: string }>(periods: readonly P[], kind: string, today: string): P | undefined {
  return periods.filter((p) => p.kind === kind && p.from <= today).sort((a, b) => (a.from < b.from ? 1 : -1))[0];
}

/** Today's date in a time zone, YYYY-MM-DD. */
export function localDate(timeZone: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** [from, to) dates of a window choice; a period's own dates (its `to` is inclusive in the site file). */
export function windowDates(choice: WindowChoice, today: string, custom?: { from: string; to: string }): { from: string; to: string } {
  switch (choice) {
    case 'today':
      return { from: today, to: addDays(today, 1) };
    case '7d':
      return { from: addDays(today, -6), to: addDays(today, 1) };
    case '28d':
      return { from: addDays(today, -27), to: addDays(today, 1) };
    default:
      return custom ?? { from: addDays(today, -6), to: addDays(today, 1) };
  }
}

/** Days between two dates. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
