import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { ADAPTERS, ENVELOPES } from '@hearth/adapters';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { keySchema, sensorTopic } from '@hearth/contracts';
import { Inject } from '@nestjs/common';
import { DeviceTokensService } from '../device-tokens.service.js';
import { decodePayload, quarantine, quarantineLimits } from '../ingest/decode.js';
import { IngestPipeline } from '../ingest/ingest-pipeline.js';
import { pushTopic } from '../ingest/vendor-feeds.js';
import { Allow, DeviceAccess } from '@hearth/auth';

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
  @DeviceAccess()
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Push readings over HTTP: the MQTT payload contract, with a device token',
    description:
      'Body: one message or an array (at most 64 KB). 200 when every item was stored; 400 listing the items that failed (the valid ones are stored); 401 without a valid token; 413 over the size limit; 429 over the per-sensor rate (Retry-After says when to try again). Answers once the readings are committed.',
  })
  @ApiBody({ schema: { oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] } })
  async push(@Param('site', { schema: keySchema }) site: string, @Param('sensor', { schema: z.string().min(1).max(128).regex(/^[^/#+\u0000-\u001f\u007f]+$/) }) sensor: string, @Req() req: Request, @Res() res: Response) {
    if (!(await this.admit(req, res, site, sensor, (token) => this.tokens.allows(token, site, sensor)))) return;
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

  @Post('push/:site/:integration')
  @DeviceAccess()
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Vendor webhooks: a payload in a vendor's own format, for one of the site's integrations",
    description:
      "For vendors that push over HTTP (Xovis data push, Irisys HTTP POST, Butlr webhooks, Disruptive Technologies data connector, ...) and for network servers' HTTP integrations. The integration (site file `integrations`) names the envelope and adapter. Needs a device token for the whole site. 202 once the payload is stored in the spool; the adapter runs in the storing thread and anything it cannot use is kept as a dead letter (GET /api/v1/dead-letters).",
  })
  @ApiBody({ schema: { type: 'object' } })
  async pushVendor(@Param('site', { schema: keySchema }) site: string, @Param('integration', { schema: keySchema }) integration: string, @Req() req: Request, @Res() res: Response) {
    if (!(await this.admit(req, res, site, `integration ${integration}`, (token) => this.tokens.allowsSite(token, site)))) return;
    const payload: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const end = this.pipeline.append('http', pushTopic(site, integration), payload);
    await this.pipeline.committed(end);
    res.status(202).json({ stored: true });
  }

  /** Checks the device token and the rate limit; answers 401 or 429 itself and returns false when the request may not go on. */
  private async admit(req: Request, res: Response, site: string, what: string, allowed: (token: string) => Promise<boolean>): Promise<boolean> {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !(await allowed(token))) {
      res.status(401).setHeader('WWW-Authenticate', 'Bearer').json({ statusCode: 401, error: 'UNAUTHORIZED', message: `a valid device token for ${site}/${what} is required` });
      return false;
    }
    try {
      await this.limiter.consume(`${site}/${what}`);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      res.status(429).setHeader('Retry-After', String(Math.ceil(e.msBeforeNext / 1000))).json({ statusCode: 429, error: 'TOO_MANY_REQUESTS', message: `more than ${this.config.ingest.httpRatePerSecond} requests per second for ${site}/${what}` });
      return false;
    }
    return true;
  }

  @Get('adapters')
  @Allow('viewer', 'filtered')
  @ApiOperation({ summary: "The vendor formats Hearth reads: payload adapters (a sensor's or an integration's `adapter`) and network-server envelopes (an integration's `envelope`)" })
  adapters() {
    return {
      adapters: [...ADAPTERS.values()].map((a) => ({ name: a.name, description: a.description, models: a.models ?? [] })),
      envelopes: [...ENVELOPES.values()].map((e) => ({ name: e.name, description: e.description, defaultTopic: e.defaultTopic })),
    };
  }

  @Post('sites/:site/device-tokens')
  @Allow('planner')
  @ApiOperation({ summary: 'Issue a device token for HTTP push, for one sensor or for the whole site. The token is shown only in this response.' })
  issue(@Param('site', { schema: keySchema }) site: string, @Body({ schema: issueBody }) body: z.infer<typeof issueBody>) {
    return this.tokens.issue(site, body);
  }

  @Get('sites/:site/device-tokens')
  @Allow('planner')
  @ApiOperation({ summary: "A site's device tokens (never the tokens themselves)" })
  list(@Param('site', { schema: keySchema }) site: string) {
    return this.tokens.list(site);
  }

  @Delete('device-tokens/:id')
  @Allow('planner', { entity: 'device-token', param: 'id' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a device token' })
  async revoke(@Param('id', { schema: z.coerce.number().int().positive() }) id: number) {
    await this.tokens.revoke(id);
  }
}
