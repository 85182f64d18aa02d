import { IANAZone } from 'luxon';
import type { DateOrder } from './types.js';

/**
 * Date and time cells as libraries write them, read without luxon on the hot path: Hearth parses the
 * wall-clock fields itself and turns them into UTC through a per-day cache of the zone's offset
 * ({@link LocalClock}), since consecutive rows share days and luxon per row is far too slow.
 */

/** A cell naming a month (2021-09, Sep 2021). */
export const MONTH = 0;
/** A cell naming a day. */
export const DATE = 1;
/** A cell naming a day and a time of day. */
export const DATETIME = 2;

/** Reusable result of {@link parseStamp}; one per reader, overwritten on every call. */
export interface Stamp {
  y: number;
  mo: number;
  d: number;
  /** Minute of the day; -1 when the cell has no time. */
  minute: number;
  /** Minutes east of UTC written in the cell; NaN for naive (local) times. */
  offset: number;
  kind: number;
  /** A numeric a/b/year date: its two leading numbers, for telling day/month order apart. */
  numeric: boolean;
  a: number;
  b: number;
}

export function newStamp(): Stamp {
  return { y: 0, mo: 0, d: 0, minute: -1, offset: NaN, kind: DATE, numeric: false, a: 0, b: 0 };
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};
const WEEKDAY = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+/i;
const ISO = /^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:([T ])\s*(.+))?$/;
const NUMERIC = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[T ,]\s*(.+))?$/;
const DAY_MON_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?[-\s/.]+([a-z]{3,9})\.?[-\s/.,]+(\d{4}|\d{2})(?:[T ,]\s*(.+))?$/i;
const MON_DAY_YEAR = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:[T ,]\s*(.+))?$/i;
const MON_YEAR = /^([a-z]{3,9})\.?[-\s/,]+(\d{4}|\d{2})$/i;
const TIME = /^(\d{1,2})(?:[:h.](\d{2}))?(?::(\d{2})(?:[.,]\d+)?)?\s*(?:([ap])\.?m\.?)?\s*(?:(z|utc|gmt)|([+-])(\d{2}):?(\d{2}))?$/i;
/** The same without "-hh:mm" offsets: "10:00-11:00" is a range whose start is the time. */
const TIME_RANGE = /^(\d{1,2})(?:[:h.](\d{2}))?(?::(\d{2})(?:[.,]\d+)?)?\s*(?:([ap])\.?m\.?)?\s*(?:(z|utc|gmt)|(\+)(\d{2}):?(\d{2}))?(?:\s*(?:-|–|to)\s*.*)?$/i;

function monthOf(name: string): number {
  const m = MONTHS[name.slice(0, 3).toLowerCase()];
  return m ?? 0;
}

function fullYear(text: string): number {
  const y = Number(text);
  return text.length === 2 ? (y < 70 ? 2000 + y : 1900 + y) : y;
}

function validDay(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/**
 * Reads a time cell (10:00, 10, 10:00-11:00, 10am, 10:00:00+02:00) into `out.minute` and `out.offset`.
 * A range gives its start. `allowMinusOffset`: "-05:00" after a time is an offset only in ISO text with
 * a T; elsewhere "10:00-11:00" is a range.
 */
export function parseTime(text: string, out: Stamp, allowMinusOffset = true): boolean {
  const t = text.trim();
  const m = (allowMinusOffset ? TIME.exec(t) : null) ?? TIME_RANGE.exec(t);
  if (!m) return false;
  let h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  if (m[4]) {
    if (h < 1 || h > 12) return false;
    h = (h % 12) + (m[4].toLowerCase() === 'p' ? 12 : 0);
  }
  if (h === 24 && min === 0) h = 24; // end-of-day 24:00 is kept as minute 1440
  else if (h > 23 || min > 59) return false;
  out.minute = h * 60 + min;
  out.offset = NaN;
  if (m[5]) out.offset = 0;
  else if (m[6]) {
    const off = Number(m[7]) * 60 + Number(m[8]);
    out.offset = m[6] === '-' ? -off : off;
  }
  return true;
}

/**
 * Reads a date cell, optionally with a time, into `out`. Numeric a/b/year dates need `order`; without it
 * the day is guessed from a part above 12 (or taken as dmy) and `out.numeric`, `a` and `b` let the caller
 * settle the order. Returns false for anything that is not a date.
 */
export function parseStamp(text: string, order: DateOrder | undefined, out: Stamp): boolean {
  let s = text.trim();
  if (s.length < 4) return false;
  const c0 = s.charCodeAt(0);
  if (c0 > 57 && WEEKDAY.test(s)) s = s.replace(WEEKDAY, '');
  out.minute = -1;
  out.offset = NaN;
  out.numeric = false;
  let rest: string | undefined;
  let minusOffset = false;
  let m: RegExpExecArray | null;
  if ((m = ISO.exec(s))) {
    out.y = Number(m[1]);
    out.mo = Number(m[2]);
    if (m[3] === undefined) {
      if (m[4] !== undefined || out.mo < 1 || out.mo > 12) return false;
      out.d = 1;
      out.kind = MONTH;
      return true;
    }
    out.d = Number(m[3]);
    rest = m[5];
    minusOffset = m[4] === 'T';
  } else if ((m = NUMERIC.exec(s))) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    out.numeric = true;
    out.a = a;
    out.b = b;
    const dmy = order ? order === 'dmy' : !(b > 12 && a <= 12);
    out.d = dmy ? a : b;
    out.mo = dmy ? b : a;
    out.y = fullYear(m[3]);
    rest = m[4];
  } else if ((m = DAY_MON_YEAR.exec(s))) {
    out.d = Number(m[1]);
    out.mo = monthOf(m[2]);
    out.y = fullYear(m[3]);
    rest = m[4];
  } else if ((m = MON_DAY_YEAR.exec(s))) {
    out.mo = monthOf(m[1]);
    out.d = Number(m[2]);
    out.y = Number(m[3]);
    rest = m[4];
  } else if ((m = MON_YEAR.exec(s))) {
    out.mo = monthOf(m[1]);
    out.y = fullYear(m[2]);
    out.d = 1;
    out.kind = MONTH;
    return out.mo > 0;
  } else return false;
  if (!validDay(out.y, out.mo, out.d)) return false;
  if (rest === undefined || rest === '') {
    out.kind = DATE;
    return true;
  }
  out.kind = DATETIME;
  return parseTime(rest, out, minusOffset);
}

/** Wall-clock milliseconds of a stamp read as if it were UTC: for spacing, not for storing. */
export function wallMs(s: Stamp): number {
  return Date.UTC(s.y, s.mo - 1, s.d) + (s.minute < 0 ? 0 : s.minute) * 60_000;
}

interface Day {
  key: number;
  /** UTC of the day's first instant. */
  start: number;
  /** UTC of the next day's first instant. */
  end: number;
  /** No offset change within the day: minute m is start + m minutes. */
  simple: boolean;
}

/**
 * Local wall-clock time -> UTC in one IANA zone, cached per local day. Days without an offset change
 * (all but two a year) are one addition per row; the two change days resolve each time exactly,
 * reporting times that do not exist (spring forward) and giving either occurrence of repeated ones.
 */
export class LocalClock {
  private readonly zone: IANAZone;
  private readonly days = new Map<number, Day>();
  private last: Day | undefined;

  constructor(readonly timeZone: string) {
    if (!IANAZone.isValidZone(timeZone)) throw new Error(`"${timeZone}" is not a time zone Hearth knows (use an IANA name such as Europe/London)`);
    this.zone = IANAZone.create(timeZone);
  }

  private day(y: number, mo: number, d: number): Day {
    const key = y * 10_000 + mo * 100 + d;
    const last = this.last;
    if (last !== undefined && last.key === key) return last;
    let day = this.days.get(key);
    if (day === undefined) {
      const wall = Date.UTC(y, mo - 1, d);
      const start = this.resolve(wall, false, true);
      const end = this.resolve(wall + 86_400_000, false, true);
      day = { key, start, end, simple: end - start === 86_400_000 && this.offsetAt(start) === this.offsetAt(end - 1) };
      this.days.set(key, day);
    }
    this.last = day;
    return day;
  }

  private offsetAt(ms: number): number {
    return this.zone.offset(ms);
  }

  /**
   * UTC of a wall time given as UTC-read milliseconds. `later` picks the second of two occurrences;
   * `forward` gives the first valid instant after a skipped time instead of NaN.
   */
  private resolve(wall: number, later: boolean, forward: boolean): number {
    const before = this.offsetAt(wall - 86_400_000);
    const after = this.offsetAt(wall + 86_400_000);
    const c1 = wall - before * 60_000;
    const c2 = wall - after * 60_000;
    const ok1 = this.offsetAt(c1) === before;
    const ok2 = this.offsetAt(c2) === after;
    if (ok1 && ok2) return later ? Math.max(c1, c2) : Math.min(c1, c2);
    if (ok1) return c1;
    if (ok2) return c2;
    if (!forward) return NaN;
    // A skipped wall time: the first valid instant after it is the transition, found to the minute.
    let lo = Math.min(c1, c2);
    let hi = Math.max(c1, c2);
    const first = this.offsetAt(lo);
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (this.offsetAt(mid) === first) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  /** UTC of a local wall time; NaN when it does not exist (the hour skipped in spring). */
  at(y: number, mo: number, d: number, minute: number): number {
    const day = this.day(y, mo, d);
    if (day.simple) return day.start + minute * 60_000;
    return this.resolve(Date.UTC(y, mo - 1, d) + minute * 60_000, false, false);
  }

  /** The second occurrence of a wall time repeated when clocks go back; NaN when it occurs once. */
  repeat(y: number, mo: number, d: number, minute: number): number {
    const day = this.day(y, mo, d);
    if (day.simple) return NaN;
    const wall = Date.UTC(y, mo - 1, d) + minute * 60_000;
    const first = this.resolve(wall, false, false);
    const second = this.resolve(wall, true, false);
    return second !== first ? second : NaN;
  }

  /** UTC of the local day's first instant. */
  dayStart(y: number, mo: number, d: number): number {
    return this.day(y, mo, d).start;
  }

  /** UTC of the next local day's first instant. */
  dayEnd(y: number, mo: number, d: number): number {
    return this.day(y, mo, d).end;
  }
}
