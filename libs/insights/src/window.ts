import { z } from 'zod';
import { DateTime } from 'luxon';
import { HearthError } from '@hearth/common';

/** A query's `from`/`to`: an ISO-8601 time with offset, or a date (midnight in the site's time zone). */
export const windowBound = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T.+)?$/, 'must be a date (YYYY-MM-DD) or an ISO-8601 time with an offset')
  .refine((v) => v.length === 10 || z.iso.datetime({ offset: true }).safeParse(v).success, 'must be a date (YYYY-MM-DD) or an ISO-8601 time with an offset')
  .optional();

export const MAX_WINDOW_DAYS = 366;
const DAY_MS = 86_400_000;

export interface Window {
  from: number;
  to: number;
}

/**
 * Whether [from, to) is at most `days` days long, counting an hour's slack:
 * whole dates across the autumn clock change are an hour longer.
 */
export function spansAtMostDays(from: number, to: number, days: number): boolean {
  return to - from <= days * DAY_MS + 3_600_000;
}

/**
 * Resolves a window in the site's time zone. A date means the start of that
 * day; `to` as a date is exclusive. Without `to`, now; without `from`, the
 * default length before `to`.
 */
export function resolveWindow(timeZone: string, from: string | undefined, to: string | undefined, defaultDays: number, now = Date.now()): Window {
  const at = (v: string) => (v.length === 10 ? DateTime.fromISO(v, { zone: timeZone }).toMillis() : Date.parse(v));
  const end = to ? at(to) : now;
  const start = from ? at(from) : end - defaultDays * DAY_MS;
  if (!(start < end)) throw new HearthError('INVALID_INPUT', '"from" must be before "to"');
  if (end - start > MAX_WINDOW_DAYS * DAY_MS + 2 * 3_600_000) throw new HearthError('INVALID_INPUT', `a window is at most ${MAX_WINDOW_DAYS} days`);
  return { from: start, to: end };
}
