import { Body, Controller, Get, HttpCode, Param, Post, Query, Sse, UseInterceptors, type MessageEvent } from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiZodBody, HearthError } from '@hearth/common';
import { keySchema } from '@hearth/contracts';
import { LiveFeed } from '../live-feed.service.js';
import { OccupancyService, type OccupancyDetail } from '../occupancy.service.js';
import { MAX_HOURLY_DAYS } from '../rollup/rollup-reader.js';
import { RollupService } from '../rollup/rollup.service.js';
import { SiteModelService } from '../site-model.service.js';
import { resolveWindow, spansAtMostDays, windowBound } from '../window.js';
import { CachedAnswerInterceptor } from './cached-answer.interceptor.js';
import { dateParam, zoneList } from './query.js';
import { Allow } from '@hearth/auth';

const rebuildBody = z.strictObject({ from: dateParam, to: dateParam });

@ApiTags('occupancy')
@UseInterceptors(CachedAnswerInterceptor)
@Controller('api/v1/sites/:site')
@Allow('viewer')
export class OccupancyController {
  constructor(
    private readonly occupancy: OccupancyService,
    private readonly rollups: RollupService,
    private readonly sites: SiteModelService,
    private readonly feed: LiveFeed,
  ) {}

  @Get('occupancy/live')
  @ApiOperation({ summary: 'Current occupancy per zone and floor (today, from the latest readings)' })
  async live(@Param('site', { schema: keySchema }) site: string) {
    return this.occupancy.live(await this.sites.get(site));
  }

  @Sse('occupancy/live/stream')
  @ApiOperation({
    summary: 'Live occupancy as server-sent events: the same body as occupancy/live, sent at once, whenever readings of the site are stored (at most ~3 per second), and every 30 s',
  })
  liveStream(@Param('site', { schema: keySchema }) site: string): Observable<MessageEvent> {
    return this.feed.occupancy$(site).pipe(map((data) => ({ data })));
  }

  @Get('occupancy')
  @ApiOperation({
    summary: 'Occupancy over a window per zone, floor and site',
    description:
      '15-minute points for windows up to 7 days, hourly up to 31 days, then one point per service day (mean over the hours with data, the day\'s peak, its arrivals); or as `resolution` asks (15-minute and hourly points for at most 31 days). `detail=floors` leaves out the zones, `detail=site` the floors too. Says `empty: true` when the window has no data.',
  })
  @ApiQuery({ name: 'from', required: false, description: 'date (site time) or ISO-8601 time; default 1 day before `to`' })
  @ApiQuery({ name: 'to', required: false, description: 'date (exclusive) or ISO-8601 time; default now' })
  @ApiQuery({ name: 'resolution', required: false, enum: ['auto', '15m', '1h', '1d'] })
  @ApiQuery({ name: 'detail', required: false, enum: ['zones', 'floors', 'site'] })
  @ApiQuery({ name: 'zones', required: false, description: 'zone keys, comma-separated' })
  async history(
    @Param('site', { schema: keySchema }) site: string,
    @Query('from', { schema: windowBound }) from?: string,
    @Query('to', { schema: windowBound }) to?: string,
    @Query('resolution', { schema: z.enum(['auto', '15m', '1h', '1d']).default('auto') }) resolution: 'auto' | '15m' | '1h' | '1d' = 'auto',
    @Query('zones', { schema: zoneList }) zones?: string[],
    @Query('detail', { schema: z.enum(['zones', 'floors', 'site']).default('zones') }) detail: OccupancyDetail = 'zones',
  ) {
    const model = await this.sites.get(site);
    const window = resolveWindow(model.file.site.timeZone, from, to, 1);
    // Answers stay under ~1 MB: at most ~3,000 points per line at 15 minutes, ~750 hourly.
    if (resolution === '15m' && window.to - window.from > 31 * 86_400_000) throw new HearthError('INVALID_INPUT', '15-minute points are served for windows up to 31 days; use resolution=1h');
    if (resolution === '1h' && !spansAtMostDays(window.from, window.to, MAX_HOURLY_DAYS))
      throw new HearthError('INVALID_INPUT', `hourly points are served for windows up to ${MAX_HOURLY_DAYS} days; use resolution=1d`);
    return this.occupancy.history(model, window, resolution, zones, detail);
  }

  @Post('rollups/rebuild')
  @Allow('planner')
  @HttpCode(200)
  @ApiOperation({ summary: "Recompute a date range's rollups from the raw readings (after an import, or a change of the site's calendar)" })
  @ApiZodBody(rebuildBody)
  rebuild(@Param('site', { schema: keySchema }) site: string, @Body({ schema: rebuildBody }) body: z.infer<typeof rebuildBody>) {
    return this.rollups.rebuild(site, body.from, body.to);
  }
}
