import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { SpacesService } from '../spaces.service.js';
import { ApiZodBody } from '@hearth/common';
import { claimSensorBody, createSensorBody, idParam, siteKeyParam, updateSensorBody } from './schemas.js';
import { Allow } from '@hearth/auth';

@ApiTags('sensors')
@Controller('api/v1')
@Allow('viewer')
export class SensorsController {
  constructor(private readonly spaces: SpacesService) {}

  @Get('sites/:site/sensors')
  @ApiOperation({ summary: "A site's sensors" })
  @ApiQuery({ name: 'status', required: false, enum: ['active', 'retired'] })
  list(@Param('site', { schema: siteKeyParam }) site: string, @Query('status', { schema: z.enum(['active', 'retired']).optional() }) status?: string) {
    return this.spaces.listSensors(site, { status });
  }

  @Post('sites/:site/sensors')
  @Allow('planner')
  @ApiOperation({ summary: 'Declare a sensor (claims it if it has already been publishing)' })
  @ApiZodBody(createSensorBody)
  create(@Param('site', { schema: siteKeyParam }) site: string, @Body({ schema: createSensorBody }) body: z.infer<typeof createSensorBody>) {
    return this.spaces.createSensor(site, body);
  }

  @Get('sensors/unclaimed')
  @Allow('planner', 'all-sites')
  @ApiOperation({ summary: 'Sensors that publish but are not declared in any site, with the site their topic named and their latest readings' })
  unclaimed() {
    return this.spaces.listUnclaimed();
  }

  @Get('sensors/:id')
  @Allow('viewer', { entity: 'sensor', param: 'id' })
  @ApiOperation({ summary: 'A sensor' })
  get(@Param('id', { schema: idParam }) id: number) {
    return this.spaces.getSensor(id);
  }

  @Post('sensors/:id/claim')
  @Allow('planner', 'all-sites')
  @ApiOperation({ summary: 'Assign an unclaimed sensor to a site, floor and zone; its readings are kept' })
  @ApiZodBody(claimSensorBody)
  claim(@Param('id', { schema: idParam }) id: number, @Body({ schema: claimSensorBody }) body: z.infer<typeof claimSensorBody>) {
    return this.spaces.claimSensor(id, body.site, body);
  }

  @Patch('sensors/:id')
  @Allow('planner', { entity: 'sensor', param: 'id' })
  @ApiOperation({ summary: "Change a sensor's placement or configuration" })
  @ApiZodBody(updateSensorBody)
  update(@Param('id', { schema: idParam }) id: number, @Body({ schema: updateSensorBody }) body: z.infer<typeof updateSensorBody>) {
    return this.spaces.updateSensor(id, body);
  }

  @Delete('sensors/:id')
  @Allow('planner', { entity: 'sensor', param: 'id' })
  @ApiOperation({ summary: 'Retire a sensor (its readings are kept)' })
  remove(@Param('id', { schema: idParam }) id: number) {
    return this.spaces.retireSensor(id);
  }
}
