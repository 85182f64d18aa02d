import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { keySchema } from '@hearth/contracts';
import { BUSY_LEVELS, PUBLIC_TTL_MS, PublicService } from '../public.service.js';
import { Public } from '@hearth/auth';

const level = { type: 'string', enum: [...BUSY_LEVELS], nullable: true, description: 'occupancy over capacity in words; null without data or without seats' };
const people = { oneOf: [{ type: 'integer' }, { type: 'string', enum: ['few'] }], nullable: true, description: 'whole people, or "few" below the threshold; null without data' };
const figure = { level, people, atLeast: { type: 'boolean', enum: [true], description: 'floors only: `people` is a lower bound' } };
const typical = { type: 'object', description: 'the median of the last six weeks at this weekday and hour', properties: { level, people, atLeast: figure.atLeast } };
const zone = { type: 'object', properties: { key: { type: 'string' }, name: { type: 'string' }, ...figure, typical } };

/**
 * The patrons' "how busy is it" endpoint. Public by design: it answers
 * without a login and must stay open to anyone once the rest of the API has
 * roles, which is why it says so little (see PublicService).
 */
@ApiTags('public')
@Controller('api/v1/public')
@Public()
export class PublicController {
  constructor(private readonly figures: PublicService) {}

  @Get('sites/:site/busy')
  @Header('Cache-Control', `public, max-age=${PUBLIC_TTL_MS / 1000}`)
  @ApiOperation({
    summary: 'How busy each floor and zone is now and typically at this hour, for the public page (no login)',
    description:
      'Levels: "quiet" (under 25 % of seats), "some space" (under 60 %), "busy" (under 85 %), "very busy". A count below PUBLIC_MIN_COUNT is never published: ' +
      'a zone says "few", with the level of a fixed stand-in count; a floor whose exact total would reveal such a count gives its zones\' published counts ' +
      'as a lower bound (`atLeast: true`). No capacities, shares or sensor ids. Answers are cached for 15 s per site.',
  })
  @ApiParam({ name: 'site', description: 'site key' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        site: { type: 'string' },
        name: { type: 'string' },
        open: { type: 'boolean', description: 'open now by the opening hours and calendar' },
        asOf: { type: 'string', format: 'date-time' },
        minCount: { type: 'integer', description: 'PUBLIC_MIN_COUNT: counts below it are "few"' },
        floors: { type: 'array', items: { ...zone, properties: { ...zone.properties, zones: { type: 'array', items: zone } } } },
      },
    },
  })
  site(@Param('site', { schema: keySchema }) site: string) {
    return this.figures.busy(site);
  }
}
