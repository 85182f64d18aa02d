import { applyDecorators, Controller, Get, Headers, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { keySchema } from '@hearth/contracts';
import { recommendationsCsv, renderReportPdf, statisticsReturnsCsv, zoneDaysCsv, zonesGeoJson } from '@hearth/reports';
import { SiteModelService } from '../site-model.service.js';
import { resolveWindow, windowBound, type Window } from '../window.js';
import { AdviceService } from './advice.service.js';
import { Allow } from '@hearth/auth';

const DEFAULT_DAYS = 28;
const FORMATS = ['json', 'csv', 'pdf'] as const;
type Format = (typeof FORMATS)[number];
const formatParam = z.enum(FORMATS).optional();

/** The format asked for: `format` wins, then the Accept header, then JSON. */
export function negotiate(format: Format | undefined, accept: string | undefined): Format {
  if (format) return format;
  const a = (accept ?? '').toLowerCase();
  if (a.includes('application/pdf')) return 'pdf';
  if (a.includes('text/csv')) return 'csv';
  return 'json';
}

/** A download: the body with its type and a file name naming the site and window. */
function download(body: string | Buffer, type: string, site: string, what: string, window: { first: string; last: string }, ext: string): StreamableFile {
  return new StreamableFile(typeof body === 'string' ? Buffer.from(body, 'utf8') : body, {
    type,
    disposition: `attachment; filename="${site}-${what}-${window.first}-to-${window.last}.${ext}"`,
  });
}

const ApiWindow = () =>
  applyDecorators(
    ApiQuery({ name: 'from', required: false, description: 'YYYY-MM-DD (site time) or an ISO time; default 28 days before `to`' }),
    ApiQuery({ name: 'to', required: false, description: 'YYYY-MM-DD (exclusive) or an ISO time; default now' }),
  );

/**
 * Directors' layout recommendations and the exports behind them: the report
 * as JSON, CSV or PDF, zones as GeoJSON, occupancy per zone and day, and the
 * visits figures statistics returns ask for.
 */
@ApiTags('recommendations')
@Controller('api/v1/sites/:site')
@Allow('director')
export class AdviceController {
  constructor(
    private readonly advice: AdviceService,
    private readonly sites: SiteModelService,
  ) {}

  private async resolve(site: string, from?: string, to?: string): Promise<{ model: Awaited<ReturnType<SiteModelService['get']>>; window: Window }> {
    const model = await this.sites.get(site);
    return { model, window: resolveWindow(model.file.site.timeZone, from, to, DEFAULT_DAYS) };
  }

  @Get('recommendations')
  @ApiOperation({
    summary: 'Layout recommendations over a window, each with its evidence and options at no, low and high budget',
    description:
      'Rules over the analytics (crowding beside idle space, behaviour against a zone\'s purpose, hot spots far from service, entrances, demand at the edges of the day, seating mix, comfort, past layout changes); thresholds and texts come from RECOMMENDATIONS_FILE. ' +
      '`format=csv` gives one row per recommendation and budget level (formula-safe), `format=pdf` the director\'s report; without `format`, the Accept header decides (text/csv, application/pdf), else JSON. Default window: the last 28 days.',
  })
  @ApiQuery({ name: 'format', required: false, enum: [...FORMATS] })
  @ApiWindow()
  @ApiProduces('application/json', 'text/csv', 'application/pdf')
  async recommendations(
    @Param('site', { schema: keySchema }) site: string,
    @Query('from', { schema: windowBound }) from?: string,
    @Query('to', { schema: windowBound }) to?: string,
    @Query('format', { schema: formatParam }) format?: Format,
    @Headers('accept') accept?: string,
  ) {
    const { model, window } = await this.resolve(site, from, to);
    const chosen = negotiate(format, accept);
    if (chosen === 'json') return this.advice.recommendations(model, window);
    const report = await this.advice.report(model, window);
    if (chosen === 'csv') return download(recommendationsCsv(report.recommendations), 'text/csv; charset=utf-8', site, 'recommendations', report.window, 'csv');
    return download(await renderReportPdf(report), 'application/pdf', site, 'report', report.window, 'pdf');
  }

  @Get('exports/zones.geojson')
  @ApiOperation({
    summary: 'Zones with their metrics (and hot spots) as GeoJSON, in the floor\'s metre frame, for GIS and CAD tools',
    description: 'Coordinates are metres from the floor plan\'s top-left corner (x right, y down), not longitude/latitude; the collection says so in `hearth:crs`.',
  })
  @ApiWindow()
  @ApiProduces('application/geo+json')
  async zones(@Param('site', { schema: keySchema }) site: string, @Query('from', { schema: windowBound }) from?: string, @Query('to', { schema: windowBound }) to?: string) {
    const { model, window } = await this.resolve(site, from, to);
    const report = await this.advice.report(model, window);
    return download(JSON.stringify(zonesGeoJson(report)), 'application/geo+json', site, 'zones', report.window, 'geojson');
  }

  @Get('exports/zone-days.csv')
  @ApiOperation({ summary: 'Occupancy and arrivals per zone and service day (CSV): open hours, mean and peak people, utilisation, crowded hours, arrivals' })
  @ApiWindow()
  @ApiProduces('text/csv')
  async zoneDays(@Param('site', { schema: keySchema }) site: string, @Query('from', { schema: windowBound }) from?: string, @Query('to', { schema: windowBound }) to?: string) {
    const { model, window } = await this.resolve(site, from, to);
    const rows = await this.advice.zoneDays(model, window);
    const span = { first: rows[0]?.date ?? 'none', last: rows[rows.length - 1]?.date ?? 'none' };
    return download(zoneDaysCsv(rows), 'text/csv; charset=utf-8', site, 'zone-days', span, 'csv');
  }

  @Get('exports/statistics-returns.csv')
  @ApiOperation({
    summary: 'Visits per month and per calendar year from the entrance counters (CSV), for annual library statistics returns',
    description: 'Open days without counts are estimated from the counted days of the same weekday in the period; the `source` column says when. Default window: the last 28 days; ask for a whole year with from=YYYY-01-01&to=YYYY+1-01-01.',
  })
  @ApiWindow()
  @ApiProduces('text/csv')
  async statistics(@Param('site', { schema: keySchema }) site: string, @Query('from', { schema: windowBound }) from?: string, @Query('to', { schema: windowBound }) to?: string) {
    const { model, window } = await this.resolve(site, from, to);
    const rows = await this.advice.statisticsReturns(model, window);
    const months = rows.filter((r) => r.period.length === 7).map((r) => r.period);
    return download(statisticsReturnsCsv(rows), 'text/csv; charset=utf-8', site, 'statistics-returns', { first: months[0] ?? 'none', last: months[months.length - 1] ?? 'none' }, 'csv');
  }
}
