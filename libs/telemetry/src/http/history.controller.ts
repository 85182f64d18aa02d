import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import type { z } from 'zod';
import { HearthError } from '@hearth/common';
import { keySchema } from '@hearth/contracts';
import { storeGateCounts } from '../history/gate-count-store.js';
import { gateCountQuery } from '../history/gate-count-query.js';
import { Allow } from '@hearth/auth';

@ApiTags('history')
@Controller('api/v1/sites/:site/history')
@Allow('planner')
export class HistoryController {
  constructor(private readonly dataSource: DataSource) {}

  @Post('gate-counts')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'The CSV file as it is (hourly, daily or monthly; per-interval or cumulative; one or several entrances).' })
  @ApiOperation({
    summary: 'Import historical gate counts from a CSV file',
    description:
      "Shapes: one column per entrance (wide), or an entrance column with a count (or In and Out) column (long), LibInsight's gate-count layout and Suma's count export. Dirty files are expected: unreadable cells are skipped, counter rollovers bridged, jumps and resets flagged and left out of totals; the report lists each with its line number. Hourly rows are stored as door readings (every chart covers them); daily and monthly rows as gate counts (visits and statistics returns). Importing the same file again changes nothing. Query parameters override what is detected; `columns` is JSON, e.g. {\"date\":\"Day\",\"entrances\":{\"Main Gate\":\"door-main\"}}.",
  })
  @ApiQuery({ name: 'readings', required: false, enum: ['interval', 'cumulative', 'auto'] })
  @ApiQuery({ name: 'granularity', required: false, enum: ['hour', 'day', 'month', 'auto'] })
  @ApiQuery({ name: 'measure', required: false, enum: ['entries', 'exits', 'passes'], description: 'What a single count column counts; passes (a bidirectional gate) are halved.' })
  @ApiQuery({ name: 'entrance', required: false, description: 'The door sensor of a file with one count column and no entrance column' })
  @ApiQuery({ name: 'dryRun', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'rollover', required: false, type: Number, description: 'The value at which a cumulative counter wraps to 0 (detected when absent)' })
  @ApiQuery({ name: 'jumpFactor', required: false, type: Number, description: 'A change above this many times the median of recent changes is flagged, not counted (default 10)' })
  @ApiQuery({ name: 'maxPerInterval', required: false, type: Number, description: "A hard cap on one interval's count; larger changes are flagged" })
  async importGateCounts(@Param('site', { schema: keySchema }) site: string, @Query({ schema: gateCountQuery }) q: z.infer<typeof gateCountQuery>, @Req() req: Request) {
    const type = req.headers['content-type'] ?? '';
    if (!/^(text\/csv|text\/plain|application\/octet-stream)\b/i.test(type)) throw new HearthError('INVALID_INPUT', `send the file as text/csv (got "${type || 'no content type'}")`);
    const { name, dryRun, ...options } = q;
    return storeGateCounts(this.dataSource, site, req, { fileName: name, options, dryRun: dryRun === 'true' });
  }

  @Get('imports')
  @ApiOperation({ summary: "The site's imported files: when, their SHA-256 and the report given at the time" })
  async imports(@Param('site', { schema: keySchema }) site: string) {
    const rows: { id: number; file_sha256: string; file_name: string | null; imported_at: Date; report: { report: { rows: unknown; from?: string; to?: string } } }[] = await this.dataSource.query(
      `SELECT h.id, h.file_sha256, h.file_name, h.imported_at, h.report FROM history_import h JOIN site s ON s.id = h.site_id WHERE s.key = $1 ORDER BY h.imported_at`,
      [site],
    );
    return rows.map((r) => ({ id: r.id, fileName: r.file_name, fileSha256: r.file_sha256, importedAt: r.imported_at, rows: r.report.report.rows, from: r.report.report.from, to: r.report.report.to }));
  }
}
