import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { keySchema, type Weekday } from '@hearth/contracts';
import { ProfilesService } from '../profiles.service.js';
import { SiteModelService } from '../site-model.service.js';
import { VisitsService } from '../visits.service.js';
import { resolveWindow, windowBound } from '../window.js';
import { CachedAnswerInterceptor } from './cached-answer.interceptor.js';
import { ApiCalendarFilters, calendarFilter, flag, weekdayList, zoneList } from './query.js';
import { Allow } from '@hearth/auth';

const binEdges = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'must be minutes separated by commas, e.g. 30,60,120,240')
  .transform((v) => v.split(',').map(Number))
  .refine((e) => e.length <= 20 && e.every((m, i) => m > 0 && m % 5 === 0 && m <= 1440 && (i === 0 || m > e[i - 1]!)), 'bin edges are ascending multiples of 5 minutes, at most 1440, at most 20 of them')
  .optional();

@ApiTags('visits')
@UseInterceptors(CachedAnswerInterceptor)
@Controller('api/v1/sites/:site')
@Allow('viewer')
export class VisitsController {
  constructor(
    private readonly visits: VisitsService,
    private readonly profiles: ProfilesService,
    private readonly sites: SiteModelService,
  ) {}

  @Get('dwell')
  @ApiOperation({
    summary: 'Dwell time at desks per zone: sessions, mean, median and p90 minutes, and how many fall in each length band',
    description:
      'Sessions that start in opening hours of the service days starting in the window (and passing the filters). Median and p90 are read from 5-minute steps, so within 2.5 minutes. `cut` counts sessions ended by closing time rather than the desk going free. Default window: the last 28 days.',
  })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'floor', required: false, description: 'floor key' })
  @ApiQuery({ name: 'zones', required: false, description: 'zone keys, comma-separated' })
  @ApiQuery({ name: 'bins', required: false, description: 'band edges in minutes (multiples of 5), default 30,60,120,240' })
  @ApiCalendarFilters()
  async dwell(
    @Param('site', { schema: keySchema }) site: string,
    @Query('from', { schema: windowBound }) from?: string,
    @Query('to', { schema: windowBound }) to?: string,
    @Query('floor', { schema: keySchema.optional() }) floor?: string,
    @Query('zones', { schema: zoneList }) zones?: string[],
    @Query('bins', { schema: binEdges }) bins?: number[],
    @Query('terms', { schema: flag }) terms?: boolean,
    @Query('exams', { schema: flag }) exams?: boolean,
    @Query('weekdays', { schema: weekdayList }) weekdays?: Weekday[],
  ) {
    const model = await this.sites.get(site);
    const window = resolveWindow(model.file.site.timeZone, from, to, 28);
    return this.visits.dwell(model, window, { floor, zones, filter: calendarFilter(terms, exams, weekdays), ...(bins ? { binEdgesMinutes: bins } : {}) });
  }

  @Get('profiles')
  @ApiOperation({
    summary: 'Visit profiles: personas clustered from desk sessions, each with a plain-language name, share, typical times and favoured zones',
    description: 'Aggregate only: a session is a desk occupied for a while, never a person, and personas under 10 sessions are folded into "other". Default window: the last 28 days; at most 92.',
  })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  async personas(@Param('site', { schema: keySchema }) site: string, @Query('from', { schema: windowBound }) from?: string, @Query('to', { schema: windowBound }) to?: string) {
    const model = await this.sites.get(site);
    return this.profiles.personas(model, resolveWindow(model.file.site.timeZone, from, to, 28));
  }

  @Get('day-types')
  @ApiOperation({
    summary: 'Day types: the kinds of day the entrance counters see (e.g. "Exam-week weekday", "Saturday"), clustered from daily arrival curves',
    description: 'Each type with its dates, mean arrivals per local hour, shape, volume and peak hour. Needs at least 14 days with entrance counts. Default window: the last 182 days.',
  })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  async dayTypes(@Param('site', { schema: keySchema }) site: string, @Query('from', { schema: windowBound }) from?: string, @Query('to', { schema: windowBound }) to?: string) {
    const model = await this.sites.get(site);
    return this.visits.dayTypes(model, resolveWindow(model.file.site.timeZone, from, to, 182));
  }
}
