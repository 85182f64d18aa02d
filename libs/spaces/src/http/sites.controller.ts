import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { ApiZodBody, HearthError } from '@hearth/common';
import { keySchema, type PeriodInput, type SiteInput } from '@hearth/contracts';
import { imdfToSiteFile } from '@hearth/imdf';
import { parseSiteFile } from '../site-file/parse-site-file.js';
import { SiteImportService } from '../site-file/site-import.service.js';
import { siteFileSchema } from '@hearth/contracts';
import { SpacesService } from '../spaces.service.js';
import { boolQuery, createPeriodBody, createSiteBody, idParam, siteKeyParam, updateSiteBody } from './schemas.js';
import { Allow, CurrentPrincipal, coversSite, type Principal } from '@hearth/auth';

@ApiTags('sites')
@Controller('api/v1')
@Allow('viewer')
export class SitesController {
  constructor(
    private readonly spaces: SpacesService,
    private readonly importer: SiteImportService,
  ) {}

  @Get('sites')
  @Allow('viewer', 'filtered')
  @ApiOperation({ summary: 'List sites (library buildings)' })
  async list(@CurrentPrincipal() principal: Principal) {
    return (await this.spaces.listSites()).filter((site) => coversSite(principal, site.key));
  }

  @Post('sites')
  @Allow('admin', 'all-sites')
  @ApiOperation({ summary: 'Create a site' })
  @ApiZodBody(createSiteBody)
  create(@Body({ schema: createSiteBody }) body: SiteInput) {
    return this.spaces.createSite(body);
  }

  @Post('sites/import')
  @Allow('planner', 'filtered')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Create or update a whole library from a site file (YAML or JSON)',
    description: 'Idempotent: keys are the identity and only differing rows are written. Send the file as text/yaml (JSON is valid YAML) so errors name the lines of your file. `dryRun=true` reports what would change and writes nothing.',
  })
  @ApiConsumes('text/yaml', 'application/json')
  import(@Req() req: Request, @Query('dryRun', { schema: boolQuery }) dryRun: boolean, @CurrentPrincipal() principal: Principal) {
    const text = typeof req.body === 'string' ? req.body : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : req.body && typeof req.body === 'object' ? JSON.stringify(req.body, null, 2) : '';
    if (!text.trim()) throw new HearthError('INVALID_INPUT', 'send the site file as the request body (Content-Type: text/yaml or application/json)');
    const file = parseSiteFile(text, 'request body');
    if (!coversSite(principal, file.site.id)) throw new HearthError('FORBIDDEN', `${principal.name} does not cover site "${file.site.id}"`);
    return this.importer.import(file, { dryRun });
  }

  @Post('sites/import/imdf')
  @Allow('planner', 'all-sites')
  @HttpCode(200)
  @ApiOperation({ summary: 'Create or update a library from an Apple IMDF archive (zip): levels become floors, units zones, openings door sensors' })
  @ApiConsumes('application/zip')
  async importImdf(
    @Req() req: Request,
    @Query('timeZone', { schema: z.string().min(1, 'timeZone is required') }) timeZone: string,
    @Query('site', { schema: keySchema.optional() }) site: string | undefined,
    @Query('dryRun', { schema: boolQuery }) dryRun: boolean,
  ) {
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new HearthError('INVALID_INPUT', 'send the IMDF archive as the request body (Content-Type: application/zip)');
    const { siteFile, warnings } = imdfToSiteFile(new Uint8Array(req.body), { timeZone, siteId: site });
    const parsed = siteFileSchema.safeParse(siteFile);
    if (!parsed.success) throw new HearthError('INVALID_INPUT', 'the IMDF archive does not make a valid library', parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
    return { ...(await this.importer.import(parsed.data, { dryRun })), warnings };
  }

  @Get('sites/:site')
  @ApiOperation({ summary: 'A site with its calendar' })
  get(@Param('site', { schema: siteKeyParam }) site: string) {
    return this.spaces.getSite(site);
  }

  @Get('sites/:site/site-file')
  @Allow('planner')
  @Header('Content-Type', 'application/json')
  @ApiOperation({ summary: 'The site as a site file (JSON), ready to edit and import again' })
  async export(@Param('site', { schema: siteKeyParam }) site: string) {
    return this.spaces.exportSiteFile(site);
  }

  @Patch('sites/:site')
  @Allow('planner')
  @ApiOperation({ summary: 'Change a site' })
  @ApiZodBody(updateSiteBody)
  update(@Param('site', { schema: siteKeyParam }) site: string, @Body({ schema: updateSiteBody }) body: z.infer<typeof updateSiteBody>) {
    return this.spaces.updateSite(site, body);
  }

  @Delete('sites/:site')
  @Allow('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a site with its floors, zones, sensors and their readings' })
  async remove(@Param('site', { schema: siteKeyParam }) site: string) {
    await this.spaces.deleteSite(site);
  }

  @Post('sites/:site/periods')
  @Allow('planner')
  @ApiOperation({ summary: 'Add a closure, holiday, term or exam period' })
  @ApiZodBody(createPeriodBody)
  addPeriod(@Param('site', { schema: siteKeyParam }) site: string, @Body({ schema: createPeriodBody }) body: PeriodInput) {
    return this.spaces.addPeriod(site, body);
  }

  @Delete('periods/:id')
  @Allow('planner', { entity: 'period', param: 'id' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a calendar period' })
  async removePeriod(@Param('id', { schema: idParam }) id: number) {
    await this.spaces.deletePeriod(id);
  }
}
