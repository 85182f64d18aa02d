import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { addDays, dateIndex, type DateWindow } from '@hearth/analytics';
import { HearthError } from '@hearth/common';
import { keySchema, type Weekday } from '@hearth/contracts';
import { ComparisonsService, type Baseline } from '../comparisons.service.js';
import { SiteModelService } from '../site-model.service.js';
import { MAX_WINDOW_DAYS } from '../window.js';
import { ApiCalendarFilters, calendarFilter, dateParam, flag, weekdayList, zoneList } from './query.js';
import { Allow } from '@hearth/auth';

const siteList = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*(,[a-z0-9][a-z0-9-]*)*$/, 'must be site keys separated by commas')
  .transform((v) => [...new Set(v.split(','))])
  .refine((v) => v.length >= 2 && v.length <= 20, 'compare 2 to 20 sites');

/** Whole service days from `from` up to the day before `to` (`to` exclusive, as elsewhere). */
function dateWindow(from: string, to: string): DateWindow {
  const days = dateIndex(to) - dateIndex(from);
  if (days < 1) throw new HearthError('INVALID_INPUT', '"from" must be before "to"');
  if (days > MAX_WINDOW_DAYS) throw new HearthError('INVALID_INPUT', `a window is at most ${MAX_WINDOW_DAYS} days`);
  return { first: from, last: addDays(to, -1) };
}

@ApiTags('comparisons')
@Controller('api/v1')
@Allow('viewer')
export class ComparisonsController {
  constructor(
    private readonly comparisons: ComparisonsService,
    private readonly sites: SiteModelService,
  ) {}

  @Get('sites/:site/compare/periods')
  @ApiOperation({
    summary: 'This period against the one before, or the same weeks a year earlier, aligned by weekday',
    description:
      'Changes in utilisation, mean occupancy, peak, hours above 85 % of capacity, arrivals per open day, and per weekday. `previous` is the window just before, rounded up to whole weeks; `last-year` is 364 days earlier (same weekdays).',
  })
  @ApiQuery({ name: 'from', required: true, description: 'first date (site time)' })
  @ApiQuery({ name: 'to', required: true, description: 'date after the last (exclusive)' })
  @ApiQuery({ name: 'baseline', required: false, enum: ['previous', 'last-year'] })
  @ApiQuery({ name: 'floor', required: false })
  @ApiQuery({ name: 'zones', required: false })
  @ApiCalendarFilters()
  async periods(
    @Param('site', { schema: keySchema }) site: string,
    @Query('from', { schema: dateParam }) from: string,
    @Query('to', { schema: dateParam }) to: string,
    @Query('baseline', { schema: z.enum(['previous', 'last-year']).default('previous') }) baseline: Baseline = 'previous',
    @Query('floor', { schema: keySchema.optional() }) floor?: string,
    @Query('zones', { schema: zoneList }) zones?: string[],
    @Query('terms', { schema: flag }) terms?: boolean,
    @Query('exams', { schema: flag }) exams?: boolean,
    @Query('weekdays', { schema: weekdayList }) weekdays?: Weekday[],
  ) {
    const model = await this.sites.get(site);
    return this.comparisons.periods(model, dateWindow(from, to), baseline, { floor, zones, filter: calendarFilter(terms, exams, weekdays) });
  }

  @Get('sites/:site/compare/before-after')
  @ApiOperation({
    summary: 'The weeks before and after a change (a new layout, furniture, opening hours), with whether the difference exceeds the usual week-to-week noise',
    description: 'The change date itself belongs to neither side. `weeks`: whole weeks on each side, 1 to 26 (default 4).',
  })
  @ApiQuery({ name: 'date', required: true, description: 'service date of the change' })
  @ApiQuery({ name: 'weeks', required: false })
  @ApiQuery({ name: 'floor', required: false })
  @ApiQuery({ name: 'zones', required: false })
  @ApiCalendarFilters()
  async beforeAfter(
    @Param('site', { schema: keySchema }) site: string,
    @Query('date', { schema: dateParam }) date: string,
    @Query('weeks', { schema: z.coerce.number().int().min(1).max(26).default(4) }) weeks = 4,
    @Query('floor', { schema: keySchema.optional() }) floor?: string,
    @Query('zones', { schema: zoneList }) zones?: string[],
    @Query('terms', { schema: flag }) terms?: boolean,
    @Query('exams', { schema: flag }) exams?: boolean,
    @Query('weekdays', { schema: weekdayList }) weekdays?: Weekday[],
  ) {
    const model = await this.sites.get(site);
    return this.comparisons.beforeAfter(model, date, weeks, { floor, zones, filter: calendarFilter(terms, exams, weekdays) });
  }

  @Get('compare/branches')
  @Allow('viewer', { query: 'sites' })
  @ApiOperation({
    summary: 'Branches side by side over the same dates: utilisation, mean occupancy, peak, share of time above 85 %, busiest and quietest hour',
    description: 'Each branch on its own clock and calendar; ranked by utilisation, branches without data last with the reason.',
  })
  @ApiQuery({ name: 'sites', required: true, description: 'site keys, comma-separated (2 to 20)' })
  @ApiQuery({ name: 'from', required: true })
  @ApiQuery({ name: 'to', required: true, description: 'exclusive' })
  @ApiCalendarFilters()
  async branches(
    @Query('sites', { schema: siteList }) sites: string[],
    @Query('from', { schema: dateParam }) from: string,
    @Query('to', { schema: dateParam }) to: string,
    @Query('terms', { schema: flag }) terms?: boolean,
    @Query('exams', { schema: flag }) exams?: boolean,
    @Query('weekdays', { schema: weekdayList }) weekdays?: Weekday[],
  ) {
    const window = dateWindow(from, to);
    const models = await Promise.all(sites.map((s) => this.sites.get(s)));
    return this.comparisons.branches(models, window, calendarFilter(terms, exams, weekdays));
  }
}
