/** Small descriptive statistics and plain-language formatting for profiles. */

import { quantileSorted } from '../metrics/quantile.js';

export interface Quartiles {
  q1: number;
  median: number;
  q3: number;
}

export function quartiles(values: ArrayLike<number>): Quartiles {
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  return { q1: quantileSorted(sorted, 0.25), median: quantileSorted(sorted, 0.5), q3: quantileSorted(sorted, 0.75) };
}

/** Local clock hours (past midnight may read 24+) as "HH:MM", to the nearest minute. */
export function formatClock(hours: number): string {
  const minutes = ((Math.round(hours * 60) % 1440) + 1440) % 1440;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "45 min", "2 h", "2 h 40 min" (to the nearest 5 minutes from an hour up). */
export function formatDuration(minutes: number): string {
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const rounded = Math.round(minutes / 5) * 5;
  const h = Math.floor(rounded / 60);
  const m = rounded % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** A share as a whole percentage: 0.234 -> "23 %". */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** A URL-safe key from a name: "Term-time weekday, morning peak" -> "term-time-weekday-morning-peak". */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
