/**
 * The API's "no data" answers in words. Metrics answer `{ empty: true,
 * reason: <code>, detail: <sentence> }`; some endpoints put the sentence in
 * `reason` itself, and branch rows carry only the code. Whatever arrives, the
 * planner reads a sentence, never a row of zeros.
 */

export interface EmptyAnswer {
  empty: true;
  reason?: string;
  detail?: string;
}

const REASONS: Record<string, string> = {
  'no-zones': 'No zones were asked for.',
  'no-open-time': 'The library was not open on the chosen days and hours in this window.',
  'no-data': 'None of these zones has data during open hours in this window.',
  'no-capacity': 'These zones have no seats declared, so a share of capacity means nothing.',
  'no-sessions': 'No desk sessions started in this window.',
};

/** The sentence of an empty answer: its detail, else the words for its code, else the reason as sent. */
export function emptyText(answer: { reason?: string | null; detail?: string | null }): string {
  if (answer.detail) return answer.detail;
  if (answer.reason) return REASONS[answer.reason] ?? sentence(answer.reason);
  return 'No data in this window.';
}

function sentence(text: string): string {
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

export const isEmpty = <T extends { empty?: boolean }>(answer: T): answer is T & EmptyAnswer => answer.empty === true;
