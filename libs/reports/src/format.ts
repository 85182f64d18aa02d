import type { Budget, Priority, RecommendationOption } from '@hearth/recommendations';

/** The budget levels in the order a report lists them. */
export const BUDGET_ORDER = ['none', 'low', 'high'] as const satisfies readonly Budget[];

/** How the report names each budget level, in the PDF and the CSV alike. */
export const BUDGET_LABEL: Record<Budget, string> = { none: 'No budget', low: 'Low budget', high: 'High budget' };

export const PRIORITY_LABEL: Record<Priority, string> = { high: 'High', medium: 'Medium', low: 'Low' };

const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A service date ("2026-03-01") as a reader writes it: "1 March 2026". */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return dateFormat.format(new Date(Date.UTC(y, m - 1, d)));
}

/** The day an instant falls on in the site's time zone: "2 April 2026". */
export function formatDay(instant: string, timeZone: string): string {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) return instant;
  try {
    return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(at);
  } catch {
    return dateFormat.format(at);
  }
}

/** A number with thousands separators and at most `decimals` decimals: 1234.56 -> "1,234.6". */
export function formatNumber(value: number, decimals = 1): string {
  return new Intl.NumberFormat('en-GB', { maximumFractionDigits: decimals }).format(value);
}

/** A share (0..1) as a whole percentage, kept on one line: "92 %". */
export function formatShare(share: number): string {
  return `${Math.round(share * 100)}\u00a0%`;
}

/** A zone category key as words: "quiet_study" -> "Quiet study". */
export function categoryLabel(category: string): string {
  const words = category.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "How to check" as one sentence: "Hours above 85 % in Reading room should go down by 30 % after 6 weeks." */
export function checkSentence(check: RecommendationOption['check'], zoneNames: string[]): string {
  const where = zoneNames.length > 0 ? ` in ${zoneNames.join(', ')}` : '';
  const weeks = check.afterWeeks === 1 ? '1 week' : `${formatNumber(check.afterWeeks)} weeks`;
  return `${check.metric}${where} should go ${check.direction} by ${check.by} after ${weeks}.`;
}
