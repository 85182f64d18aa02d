import { Body, Controller, Get, Header, HttpCode, HttpException, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiQuery, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ApiZodBody } from '@hearth/common';
import { keySchema } from '@hearth/contracts';
import { POLL_DIMENSIONS } from '@hearth/recommendations';
import { SiteModelService } from '../site-model.service.js';
import { resolveWindow, windowBound } from '../window.js';
import { pollAnswerSchema, type PollAnswer } from './poll-tally.js';
import { POLL_ANSWERS_PER_MINUTE, PollBusyError, PollService } from './poll.service.js';
import { Allow, Public } from '@hearth/auth';

const scores = { type: 'object', properties: Object.fromEntries(POLL_DIMENSIONS.map((d) => [d, { type: 'number', nullable: true, minimum: 1, maximum: 5 }])) };

/**
 * The patrons' anonymous poll: the questions and the answers (public, no
 * login, like the "how busy is it" figures), and the results for the
 * library's staff.
 */
@ApiTags('poll')
@Controller('api/v1')
export class PollController {
  constructor(
    private readonly poll: PollService,
    private readonly sites: SiteModelService,
  ) {}

  @Get('public/sites/:site/poll')
  @Public()
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({
    summary: 'The patrons\' poll for the public page (no login): the six questions and the areas it asks about',
    description: 'Each question is scored 1 (poor) to 5 (excellent), any may be skipped. Entrances have no poll. `minAnswers` is POLL_MIN_ANSWERS.',
  })
  @ApiParam({ name: 'site', description: 'site key' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        site: { type: 'string' },
        name: { type: 'string' },
        dimensions: { type: 'array', items: { type: 'object', properties: { key: { type: 'string', enum: [...POLL_DIMENSIONS] }, question: { type: 'string' } } } },
        zones: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, name: { type: 'string' }, floor: { type: 'string', description: 'floor key' } } } },
        floors: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, name: { type: 'string' } } } },
        minAnswers: { type: 'integer' },
      },
    },
  })
  questions(@Param('site', { schema: keySchema }) site: string) {
    return this.poll.questions(site);
  }

  @Post('public/sites/:site/poll')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: "A patron's anonymous answer to the poll (no login)",
    description:
      'Adds 1 to counters for the area, today\'s service day and each scored question; nothing about the person is received or kept (no address, no cookie, no time finer than the day). ' +
      `At most ${POLL_ANSWERS_PER_MINUTE} answers a minute per site are taken (429 beyond that).`,
  })
  @ApiParam({ name: 'site', description: 'site key' })
  @ApiZodBody(pollAnswerSchema, 'the area\'s key and at least one score')
  @ApiAcceptedResponse({ schema: { type: 'object', properties: { accepted: { type: 'boolean', enum: [true] } } } })
  @ApiTooManyRequestsResponse({ description: 'too many answers for this site just now' })
  async answer(@Param('site', { schema: keySchema }) site: string, @Body({ schema: pollAnswerSchema }) body: PollAnswer) {
    try {
      await this.poll.answer(site, body);
    } catch (err) {
      if (err instanceof PollBusyError) throw new HttpException({ statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'TOO_MANY_ANSWERS', message: err.message }, HttpStatus.TOO_MANY_REQUESTS);
      throw err;
    }
    return { accepted: true };
  }

  @Get('sites/:site/poll/results')
  @Allow('viewer')
  @ApiOperation({
    summary: "The patrons' poll per area: how many answered, and the mean score (1-5) of each question",
    description:
      'Over the service days starting in the window (default: the last 28 days). An area with fewer than POLL_MIN_ANSWERS answers is `suppressed` and has no scores (its count is still given); ' +
      'a question fewer than POLL_MIN_ANSWERS people scored is null. Means are rounded to one decimal.',
  })
  @ApiParam({ name: 'site', description: 'site key' })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'floor', required: false, description: 'floor key: only its areas' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        site: { type: 'string' },
        from: { type: 'string', format: 'date-time' },
        to: { type: 'string', format: 'date-time' },
        first: { type: 'string', format: 'date' },
        last: { type: 'string', format: 'date' },
        minAnswers: { type: 'integer' },
        zones: {
          type: 'array',
          items: { type: 'object', properties: { zone: { type: 'string' }, name: { type: 'string' }, floor: { type: 'string' }, answers: { type: 'integer' }, suppressed: { type: 'boolean' }, scores } },
        },
      },
    },
  })
  async results(
    @Param('site', { schema: keySchema }) site: string,
    @Query('from', { schema: windowBound }) from?: string,
    @Query('to', { schema: windowBound }) to?: string,
    @Query('floor', { schema: keySchema.optional() }) floor?: string,
  ) {
    const model = await this.sites.get(site);
    return this.poll.results(model, resolveWindow(model.file.site.timeZone, from, to, 28), floor);
  }
}
