import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { SpacesService } from '../spaces.service.js';
import { ApiZodBody } from '@hearth/common';
import { createFloorBody, idParam, siteKeyParam, updateFloorBody } from './schemas.js';
import { Allow } from '@hearth/auth';

@ApiTags('floors')
@Controller('api/v1')
@Allow('viewer')
export class FloorsController {
  constructor(private readonly spaces: SpacesService) {}

  @Get('sites/:site/floors')
  @ApiOperation({ summary: "A site's floors, lowest first" })
  list(@Param('site', { schema: siteKeyParam }) site: string) {
    return this.spaces.listFloors(site);
  }

  @Post('sites/:site/floors')
  @Allow('planner')
  @ApiOperation({ summary: 'Add a floor' })
  @ApiZodBody(createFloorBody)
  create(@Param('site', { schema: siteKeyParam }) site: string, @Body({ schema: createFloorBody }) body: z.infer<typeof createFloorBody>) {
    return this.spaces.createFloor(site, body);
  }

  @Get('floors/:id')
  @Allow('viewer', { entity: 'floor', param: 'id' })
  @ApiOperation({ summary: 'A floor and its metre frame' })
  get(@Param('id', { schema: idParam }) id: number) {
    return this.spaces.getFloor(id);
  }

  @Get('floors/:id/plan')
  @Allow('viewer', { entity: 'floor', param: 'id' })
  @ApiOperation({ summary: "The floor's plan: SVG (image/svg+xml) or GeoJSON (application/geo+json)" })
  async plan(@Param('id', { schema: idParam }) id: number, @Res() res: Response) {
    const { format, plan } = await this.spaces.getFloorPlan(id);
    res.type(format === 'svg' ? 'image/svg+xml' : 'application/geo+json');
    // A plan is data, never a page: forbid scripts should a browser open it directly.
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
    res.send(plan);
  }

  @Patch('floors/:id')
  @Allow('planner', { entity: 'floor', param: 'id' })
  @ApiOperation({ summary: 'Change a floor' })
  @ApiZodBody(updateFloorBody)
  update(@Param('id', { schema: idParam }) id: number, @Body({ schema: updateFloorBody }) body: z.infer<typeof updateFloorBody>) {
    return this.spaces.updateFloor(id, body);
  }

  @Delete('floors/:id')
  @Allow('planner', { entity: 'floor', param: 'id' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a floor and its zones (sensors on it keep their readings)' })
  async remove(@Param('id', { schema: idParam }) id: number) {
    await this.spaces.deleteFloor(id);
  }
}
