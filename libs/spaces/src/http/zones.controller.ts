import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { SpacesService } from '../spaces.service.js';
import { ApiZodBody } from '@hearth/common';
import { createZoneBody, idParam, siteKeyParam, updateZoneBody } from './schemas.js';
import { Allow } from '@hearth/auth';

@ApiTags('zones')
@Controller('api/v1')
@Allow('viewer')
export class ZonesController {
  constructor(private readonly spaces: SpacesService) {}

  @Get('sites/:site/zones')
  @ApiOperation({ summary: "A site's zones, optionally of one floor" })
  @ApiQuery({ name: 'floorId', required: false, type: Number })
  list(@Param('site', { schema: siteKeyParam }) site: string, @Query('floorId', { schema: idParam.optional() }) floorId?: number) {
    return this.spaces.listZones(site, floorId);
  }

  @Post('sites/:site/zones')
  @Allow('planner')
  @ApiOperation({ summary: 'Add a zone to a floor' })
  @ApiZodBody(createZoneBody)
  create(@Param('site', { schema: siteKeyParam }) site: string, @Body({ schema: createZoneBody }) body: z.infer<typeof createZoneBody>) {
    return this.spaces.createZone(site, body);
  }

  @Get('zones/:id')
  @Allow('viewer', { entity: 'zone', param: 'id' })
  @ApiOperation({ summary: 'A zone' })
  get(@Param('id', { schema: idParam }) id: number) {
    return this.spaces.getZone(id);
  }

  @Patch('zones/:id')
  @Allow('planner', { entity: 'zone', param: 'id' })
  @ApiOperation({ summary: "Change a zone's name, category, capacity or outline" })
  @ApiZodBody(updateZoneBody)
  update(@Param('id', { schema: idParam }) id: number, @Body({ schema: updateZoneBody }) body: z.infer<typeof updateZoneBody>) {
    return this.spaces.updateZone(id, body);
  }

  @Delete('zones/:id')
  @Allow('planner', { entity: 'zone', param: 'id' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a zone' })
  async remove(@Param('id', { schema: idParam }) id: number) {
    await this.spaces.deleteZone(id);
  }
}
