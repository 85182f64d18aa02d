/**
 * Count cells as libraries type them: plain digits (the fast path), thousands separators
 * ("12,345", "12 345", "12'345"), a trailing ".0" from spreadsheets, signs. Anything else
 * (NA, "Gate broken", "-") is not a number and Hearth reports it with its text.
 */

const GROUPED = /^[+-]?\d{1,3}(?:([,' \u00a0\u202f])\d{3})(?:\1\d{3})*(?:\.\d+)?$/;
const PLAIN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** The number in a count cell, NaN when it holds none, undefined when it is empty. */
export function parseCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = text.length;
  if (n > 0 && n < 16) {
    let v = 0;
    let i = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
    }
    if (i === n) return v;
  }
  const s = text.trim();
  if (s === '') return undefined;
  if (PLAIN.test(s)) return Number(s);
  const g = GROUPED.exec(s);
  if (g) return Number(s.split(g[1]!).join(''));
  return NaN;
}

/** True when every cell of the record is empty or blank. */
export function isBlank(record: readonly string[]): boolean {
  for (let i = 0; i < record.length; i++) if (record[i]!.trim() !== '') return false;
  return true;
}
