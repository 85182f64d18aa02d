import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { keySchema, sensorTopic } from '@hearth/contracts';
import { Inject } from '@nestjs/common';
import { DeviceTokensService } from '../device-tokens.service.js';
import { decodePayload, quarantine, quarantineLimits } from '../ingest/decode.js';
import { IngestPipeline } from '../ingest/ingest-pipeline.js';

const issueBody = z.strictObject({ sensor: keySchema.optional(), label: z.string().min(1).max(120).optional() });

@ApiTags('ingest')
@Controller('api/v1')
export class IngestController {
  private readonly limiter: RateLimiterMemory;

  constructor(
    @Inject(HEARTH_CONFIG) private readonly config: HearthConfig,
    private readonly pipeline: IngestPipeline,
    private readonly tokens: DeviceTokensService,
  ) {
    this.limiter = new RateLimiterMemory({ points: config.ingest.httpBurst, duration: config.ingest.httpBurst / config.ingest.httpRatePerSecond });
  }

  @Post('ingest/:site/:sensor')
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Push readings over HTTP: the MQTT payload contract, with a device token',
    description:
      'Body: one message or an array (at most 64 KB). 200 when every item was stored; 400 listing the items that failed (the valid ones are stored); 401 without a valid token; 413 over the size limit; 429 over the per-sensor rate (Retry-After says when to try again). Answers once the readings are committed.',
  })
  @ApiBody({ schema: { oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] } })
  async push(@Param('site', { schema: keySchema }) site: string, @Param('sensor', { schema: z.string().min(1).max(128).regex(/^[^/#+]+$/) }) sensor: string, @Req() req: Request, @Res() res: Response) {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !(await this.tokens.allows(token, site, sensor))) {
      res.status(401).setHeader('WWW-Authenticate', 'Bearer').json({ statusCode: 401, error: 'UNAUTHORIZED', message: `a valid device token for ${site}/${sensor} is required` });
      return;
    }
    try {
      await this.limiter.consume(`${site}/${sensor}`);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      res.status(429).setHeader('Retry-After', String(Math.ceil(e.msBeforeNext / 1000))).json({ statusCode: 429, error: 'TOO_MANY_REQUESTS', message: `more than ${this.config.ingest.httpRatePerSecond} requests per second for ${site}/${sensor}` });
      return;
    }
    // Bodies over MAX_PAYLOAD_BYTES were answered 413 by the body parser (bootstrap.ts) before reaching here.
    const payload: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const receivedAt = Date.now();
    const { accepted, failures } = quarantine(decodePayload(payload), receivedAt, quarantineLimits(this.config.ingest));
    // The payload goes to the spool as received: the writer stores the valid items and dead-letters the rest.
    const end = this.pipeline.append('http', sensorTopic(site, sensor), payload, receivedAt);
    await this.pipeline.committed(end);
    const rejected = failures.map((f) => ({ ...(f.index === undefined ? {} : { index: f.index }), reason: f.reason, detail: f.detail }));
    res.status(rejected.length ? 400 : 200).json({ accepted: accepted.length, rejected });
  }

  @Post('sites/:site/device-tokens')
  @ApiOperation({ summary: 'Issue a device token for HTTP push, for one sensor or for the whole site. The token is shown only in this response.' })
  issue(@Param('site', { schema: keySchema }) site: string, @Body({ schema: issueBody }) body: z.infer<typeof issueBody>) {
    return this.tokens.issue(site, body);
  }

  @Get('sites/:site/device-tokens')
  @ApiOperation({ summary: "A site's device tokens (never the tokens themselves)" })
  list(@Param('site', { schema: keySchema }) site: string) {
    return this.tokens.list(site);
  }

  @Delete('device-tokens/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a device token' })
  async revoke(@Param('id', { schema: z.coerce.number().int().positive() }) id: number) {
    await this.tokens.revoke(id);
  }
}
