import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { keySchema, type Weekday } from '@hearth/contracts';
import { PatternsService } from '../patterns.service.js';
import { SiteModelService } from '../site-model.service.js';
import { resolveWindow, windowBound } from '../window.js';
import { CachedAnswerInterceptor } from './cached-answer.interceptor.js';
import { ApiCalendarFilters, calendarFilter, flag, hourRange, weekdayList, zoneList } from './query.js';
import { Allow } from '@hearth/auth';

@ApiTags('patterns')
@UseInterceptors(CachedAnswerInterceptor)
@Controller('api/v1')
@Allow('viewer')
export class PatternsController {
  constructor(
    private readonly patterns: PatternsService,
    private readonly sites: SiteModelService,
  ) {}

  @Get('sites/:site/patterns')
  @ApiOperation({
    summary: 'Utilisation, peak, hours above 85 % of capacity, arrivals per hour, weekday x hour pattern and typical week',
    description: 'Over open hours only (closures and holidays excluded); for the site, a floor, or zones; optionally only term or exam days, or some weekdays. Default window: the last 28 days.',
  })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'floor', required: false, description: 'floor key' })
  @ApiQuery({ name: 'zones', required: false, description: 'zone keys, comma-separated' })
  @ApiCalendarFilters({ hours: true })
  async site(
    @Param('site', { schema: keySchema }) site: string,
    @Query('from', { schema: windowBound }) from?: string,
    @Query('to', { schema: windowBound }) to?: string,
    @Query('floor', { schema: keySchema.optional() }) floor?: string,
    @Query('zones', { schema: zoneList }) zones?: string[],
    @Query('terms', { schema: flag }) terms?: boolean,
    @Query('exams', { schema: flag }) exams?: boolean,
    @Query('weekdays', { schema: weekdayList }) weekdays?: Weekday[],
    @Query('hours', { schema: hourRange }) hours?: [number, number],
  ) {
    const model = await this.sites.get(site);
    const window = resolveWindow(model.file.site.timeZone, from, to, 28);
    return this.patterns.patterns(model, window, { floor, zones, filter: calendarFilter(terms, exams, weekdays, hours) });
  }

  @Get('floors/:floor/density')
  @Allow('viewer', { entity: 'floor', param: 'floor' })
  @ApiOperation({
    summary: 'Density map of a floor over a window: value per zone, a kernel density grid (people per m², in the floor’s metre frame) and congregation hot spots',
    description: 'Default window: the last 7 days. `cell` is the grid cell in metres (0.5 to 2), `bandwidth` the kernel’s in metres.',
  })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'cell', required: false, description: 'metres, 0.5 to 2 (default 1)' })
  @ApiQuery({ name: 'bandwidth', required: false, description: 'metres, up to 20 (default 2.5)' })
  @ApiCalendarFilters({ hours: true })
  async density(
    @Param('floor', { schema: z.coerce.number().int().positive() }) floorId: number,
    @Query('from', { schema: windowBound }) from?: string,
    @Query('to', { schema: windowBound }) to?: string,
    @Query('cell', { schema: z.coerce.number().min(0.5).max(2).optional() }) cellSize?: number,
    @Query('bandwidth', { schema: z.coerce.number().positive().max(20).optional() }) bandwidth?: number,
    @Query('terms', { schema: flag }) terms?: boolean,
    @Query('exams', { schema: flag }) exams?: boolean,
    @Query('weekdays', { schema: weekdayList }) weekdays?: Weekday[],
    @Query('hours', { schema: hourRange }) hours?: [number, number],
  ) {
    const { model, floorKey } = await this.sites.forFloor(floorId);
    const window = resolveWindow(model.file.site.timeZone, from, to, 7);
    return this.patterns.density(model, floorId, floorKey, window, { cellSize, bandwidth, filter: calendarFilter(terms, exams, weekdays, hours) });
  }
}
