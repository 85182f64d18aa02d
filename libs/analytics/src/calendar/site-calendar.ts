import { DateTime } from 'luxon';
import { WEEKDAYS, type SiteFile, type Weekday } from '@hearth/contracts';

/**
 * The site's calendar in its own time zone: service days, opening windows and
 * the periods (closures, holidays, terms, exams) that apply to each day.
 * Instants are epoch milliseconds.
 */

export type DayType = 'weekday' | 'saturday' | 'sunday';

export interface OpeningWindow {
  /** Epoch ms of opening and closing. */
  open: number;
  close: number;
  /** Local clock at opening, in minutes after midnight of the service date (may exceed 1440 after midnight). */
  openClockMinutes: number;
}

export interface ServiceDay {
  /** The service date, YYYY-MM-DD in the site's time zone. */
  date: string;
  weekday: Weekday;
  dayType: DayType;
  /** Epoch ms of the start of this service day and of the next one. */
  start: number;
  end: number;
  /** Empty when the site is closed all day. */
  windows: OpeningWindow[];
  /** The closure or holiday that closes the site, if any. */
  closedFor: string | null;
  inTerm: boolean;
  inExam: boolean;
}

const MINUTE = 60_000;

function clockMinutes(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

const DAY_MS = 86_400_000;

function utcDate(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/** The instant at a local clock time, `minutes` after midnight of a date (may run into the next days). */
function localAt(date: string, minutes: number, zone: string): number {
  const d = new Date(utcDate(date) + Math.floor(minutes / 1440) * DAY_MS);
  const m = ((minutes % 1440) + 1440) % 1440;
  return DateTime.fromObject(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: Math.floor(m / 60), minute: m % 60 },
    { zone },
  ).toMillis();
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dateIndex(date: string): number {
  return utcDate(date) / DAY_MS;
}

/** The date `days` days after a YYYY-MM-DD date (before it when negative). */
export function addDays(date: string, days: number): string {
  return new Date(utcDate(date) + days * DAY_MS).toISOString().slice(0, 10);
}

export function nextDate(date: string): string {
  return addDays(date, 1);
}

/** The service date an instant belongs to (before serviceDayStart it is still the previous day). */
export function serviceDateOf(site: SiteFile['site'], instant: number): string {
  const local = DateTime.fromMillis(instant, { zone: site.timeZone });
  const minutes = local.hour * 60 + local.minute;
  const day = minutes < clockMinutes(site.serviceDayStart) ? local.minus({ days: 1 }) : local;
  return day.toISODate()!;
}

const dayCache = new WeakMap<SiteFile['site'], Map<string, ServiceDay>>();

/** The service day of a date (memoised per site object; treat the result as read-only). */
export function serviceDay(site: SiteFile['site'], date: string): ServiceDay {
  let cache = dayCache.get(site);
  if (!cache) dayCache.set(site, (cache = new Map()));
  let day = cache.get(date);
  if (!day) {
    if (cache.size > 5_000) cache.clear();
    cache.set(date, (day = computeServiceDay(site, date)));
  }
  return day;
}

function computeServiceDay(site: SiteFile['site'], date: string): ServiceDay {
  const zone = site.timeZone;
  const dayStartMinutes = clockMinutes(site.serviceDayStart);
  const start = localAt(date, dayStartMinutes, zone);
  const end = localAt(nextDate(date), dayStartMinutes, zone);
  const weekday = WEEKDAYS[(new Date(utcDate(date)).getUTCDay() + 6) % 7]!;
  const dayType: DayType = weekday === 'sat' ? 'saturday' : weekday === 'sun' ? 'sunday' : 'weekday';

  const applying = site.periods.filter((p) => p.from <= date && date <= p.to);
  const closing = applying.find((p) => p.kind === 'closure' || p.kind === 'holiday');
  const windows: OpeningWindow[] = [];
  if (!closing) {
    for (const range of site.openingHours[weekday] ?? []) {
      let openM = clockMinutes(range.slice(0, 5));
      let closeM = range.slice(6) === '24:00' ? 1440 : clockMinutes(range.slice(6));
      // A range that opens before the service day starts belongs to the night after this date.
      if (openM < dayStartMinutes) openM += 1440;
      while (closeM <= openM) closeM += 1440;
      const open = Math.max(start, localAt(date, openM, zone));
      const close = Math.min(end, localAt(date, closeM, zone));
      if (close - open >= 15 * MINUTE) windows.push({ open, close, openClockMinutes: openM });
    }
    windows.sort((a, b) => a.open - b.open);
  }
  return {
    date,
    weekday,
    dayType,
    start,
    end,
    windows,
    closedFor: closing ? closing.name : null,
    inTerm: applying.some((p) => p.kind === 'term'),
    inExam: applying.some((p) => p.kind === 'exam'),
  };
}

/** Service days that overlap [from, to), in order. */
export function* serviceDaysBetween(site: SiteFile['site'], from: number, to: number): Generator<ServiceDay> {
  let date = serviceDateOf(site, from);
  for (;;) {
    const day = serviceDay(site, date);
    if (day.start >= to) return;
    yield day;
    date = nextDate(date);
  }
}

/** Whether the site is open at an instant. */
export function isOpenAt(site: SiteFile['site'], instant: number): boolean {
  return serviceDay(site, serviceDateOf(site, instant)).windows.some((w) => w.open <= instant && instant < w.close);
}

/** The local clock (hours, fractional) at an instant within an opening window. */
export function localClockHours(window: OpeningWindow, instant: number): number {
  return (window.openClockMinutes + (instant - window.open) / MINUTE) / 60;
}

/** The instant at a local clock time (hours) inside an opening window's frame. */
export function instantAtClock(window: OpeningWindow, hours: number): number {
  return window.open + (hours * 60 - window.openClockMinutes) * MINUTE;
}
