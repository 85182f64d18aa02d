import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { HearthError } from '@hearth/common';
import { keySchema } from '@hearth/contracts';
import { EventsService } from '../events.service.js';
import { Allow } from '@hearth/auth';

const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO-8601 time with an offset' }).optional();

@ApiTags('events')
@Controller('api/v1')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get('sensors/:id/events')
  @Allow('planner', { entity: 'sensor', param: 'id' })
  @ApiOperation({ summary: "A sensor's stored readings in a window (default: the last 24 hours), oldest first" })
  @ApiQuery({ name: 'from', required: false, description: 'ISO-8601 time with offset' })
  @ApiQuery({ name: 'to', required: false, description: 'ISO-8601 time with offset' })
  @ApiQuery({ name: 'limit', required: false, description: 'at most 10000 (default 1000)' })
  async list(
    @Param('id', { schema: z.coerce.number().int().positive() }) id: number,
    @Query('from', { schema: isoTime }) from?: string,
    @Query('to', { schema: isoTime }) to?: string,
    @Query('limit', { schema: z.coerce.number().int().min(1).max(10000).default(1000) }) limit = 1000,
  ) {
    const toDate = to ? new Date(to) : new Date();
    const fromDate = from ? new Date(from) : new Date(toDate.getTime() - 24 * 3600_000);
    if (fromDate >= toDate) throw new HearthError('INVALID_INPUT', '"from" must be before "to"');
    return this.events.forSensor(id, fromDate, toDate, limit);
  }

  @Get('sites/:site/stats')
  @Allow('viewer')
  @ApiOperation({ summary: 'How much a site has stored: sensors by status and readings by kind, first and last' })
  stats(@Param('site', { schema: keySchema }) site: string) {
    return this.events.siteStats(site);
  }

  @Get('sites/:site/dead-letters')
  @Allow('planner')
  @ApiOperation({ summary: 'Readings refused for a site key (declared or not), counted by reason, with the latest of each' })
  deadLetters(@Param('site', { schema: keySchema }) site: string) {
    return this.events.deadLetters(site);
  }
}
