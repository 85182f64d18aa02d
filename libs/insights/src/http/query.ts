import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
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

/** Local clock hours as "12-17" (from 12:00 up to 17:00). */
export const hourRange = z
  .string()
  .regex(/^\d{1,2}-\d{1,2}$/, 'must be hours as from-to, e.g. 12-17')
  .transform((v) => v.split('-').map(Number) as [number, number])
  .refine(([a, b]) => a >= 0 && a < b && b <= 24, 'hours run from 0 to 24, the first before the second')
  .optional();

/** The calendar filter of the `terms`, `exams`, `weekdays` and `hours` query parameters; left-out ones mean "any". */
export function calendarFilter(terms?: boolean, exams?: boolean, weekdays?: Weekday[], hours?: [number, number]): CalendarFilter {
  return { ...(terms !== undefined ? { terms } : {}), ...(exams !== undefined ? { exams } : {}), ...(weekdays ? { weekdays } : {}), ...(hours ? { hours } : {}) };
}

/** Swagger descriptions of the calendar filter parameters. */
const FILTER_QUERIES = [
  { name: 'terms', required: false, enum: ['true', 'false'], description: 'only days in (true) or out of (false) term' },
  { name: 'exams', required: false, enum: ['true', 'false'], description: 'only days in (true) or out of (false) an exam period' },
  { name: 'weekdays', required: false, description: 'only these weekdays, e.g. mon,tue' },
  { name: 'hours', required: false, description: 'only these local clock hours, e.g. 12-17 for afternoons' },
] as const;

/** Documents the calendar filter parameters of an endpoint (`hours` only where it takes them). */
export function ApiCalendarFilters(opts: { hours?: boolean } = {}) {
  return applyDecorators(...FILTER_QUERIES.filter((q) => opts.hours || q.name !== 'hours').map((q) => ApiQuery(q)));
}
