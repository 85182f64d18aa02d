import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { keySchema } from '@hearth/contracts';
import { ForecastService } from '../forecast.service.js';
import { SiteModelService } from '../site-model.service.js';
import { Allow } from '@hearth/auth';

@ApiTags('forecast')
@Controller('api/v1/sites/:site')
@Allow('viewer')
export class ForecastController {
  constructor(
    private readonly forecasts: ForecastService,
    private readonly sites: SiteModelService,
  ) {}

  @Get('forecast')
  @ApiOperation({
    summary: 'Next 24 hours of occupancy per zone, hourly, with a typical range',
    description: "Includes `evaluation`: the method's mean absolute error on the two most recent weeks held back, next to the \"same hour last week\" baseline's, and the skill (1 - MAE / baseline MAE).",
  })
  async forecast(@Param('site', { schema: keySchema }) site: string) {
    return this.forecasts.forecast(await this.sites.get(site));
  }
}
