import { z } from 'zod';
import { WEEKDAYS, type Weekday } from '@hearth/contracts';
import type { CalendarFilter } from '@hearth/analytics';

/** Query parameters shared by the analytics endpoints. */

export const dateParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)').refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'must be a real date');

export const zoneList = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*(,[a-z0-9][a-z0-9-]*)*$/, 'must be zone keys separated by commas')
  .transform((v) => v.split(','))
  .optional();

export const flag = z.enum(['true', 'false']).transform((v) => v === 'true').optional();

export const weekdayList = z
  .string()
  .transform((v) => v.split(','))
  .pipe(z.array(z.enum(WEEKDAYS)))
  .optional();

/** The calendar filter of `terms`, `exams` and `weekdays` query parameters; left-out ones mean "any". */
export function calendarFilter(terms?: boolean, exams?: boolean, weekdays?: Weekday[]): CalendarFilter {
  return { ...(terms !== undefined ? { terms } : {}), ...(exams !== undefined ? { exams } : {}), ...(weekdays ? { weekdays } : {}) };
}

/** Swagger descriptions of the calendar filter parameters. */
export const FILTER_QUERIES = [
  { name: 'terms', required: false, enum: ['true', 'false'], description: 'only days in (true) or out of (false) term' },
  { name: 'exams', required: false, enum: ['true', 'false'], description: 'only days in (true) or out of (false) an exam period' },
  { name: 'weekdays', required: false, description: 'only these weekdays, e.g. mon,tue' },
] as const;
