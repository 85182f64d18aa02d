import type { EvidenceMetric } from './types.js';

/**
 * Numbers as a director reads them in a report: "92 %", "3.5 h", "48 m".
 * Small values keep one decimal so they do not all read as 0; large ones are
 * whole and grouped by thousands ("1,240").
 */

function grouped(value: number, decimals: number): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split('.') as [string, string | undefined];
  const text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction && Number(fraction) !== 0 ? `.${fraction}` : '');
  return (value < 0 && Number(fixed) !== 0 ? '-' : '') + text;
}

/** One decimal below 10, whole numbers from 10 on: 3.5, 12, 1,240. */
export function formatNumber(value: number): string {
  return grouped(value, Math.abs(value) < 10 ? 1 : 0);
}

/** A share (0..1) as a percentage: 0.923 → "92 %", 0.004 → "0.4 %". */
export function formatShare(share: number): string {
  const pct = share * 100;
  return `${grouped(pct, pct !== 0 && Math.abs(pct) < 1 ? 1 : 0)} %`;
}

/** A difference of two shares in percentage points, signed: +0.08 → "+8 points". */
export function formatPoints(difference: number): string {
  const points = Math.round(difference * 100);
  return `${points > 0 ? '+' : points < 0 ? '-' : '±'}${Math.abs(points)} ${Math.abs(points) === 1 ? 'point' : 'points'}`;
}

export function formatHours(hours: number): string {
  return `${formatNumber(hours)} h`;
}

/** Stays: minutes up to two hours ("95 min"), hours beyond ("3.5 h"). */
export function formatMinutes(minutes: number): string {
  return minutes < 120 ? `${grouped(minutes, 0)} min` : formatHours(minutes / 60);
}

export function formatMetres(metres: number): string {
  return `${formatNumber(metres)} m`;
}

export function formatCount(count: number): string {
  return grouped(count, 0);
}

/** A poll score on the 1..5 scale: "2.4 / 5". */
export function formatScore(score: number): string {
  return `${score.toFixed(1)} / 5`;
}

export function formatDensity(peoplePerM2: number): string {
  return `${peoplePerM2.toFixed(2)} per m²`;
}

/** A ratio of two like quantities: 2.43 → "2.4 times". */
export function formatTimes(ratio: number): string {
  return `${ratio.toFixed(1)} times`;
}

/** An hour of the day as a clock range: 14 → "14:00–15:00". */
export function formatHourRange(hour: number): string {
  const pad = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
  return `${pad(hour)}–${pad(hour + 1)}`;
}

/** The display string of an evidence metric, by its unit. */
export function formatMetric(value: number, unit: EvidenceMetric['unit']): string {
  switch (unit) {
    case 'share':
      return formatShare(value);
    case 'hours':
      return formatHours(value);
    case 'minutes':
      return formatMinutes(value);
    case 'people':
      return formatNumber(value);
    case 'metres':
      return formatMetres(value);
    case 'count':
      return formatCount(value);
    case 'score':
      return formatScore(value);
    case 'per-m2':
      return formatDensity(value);
  }
}
