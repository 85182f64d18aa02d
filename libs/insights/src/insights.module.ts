import { Module } from '@nestjs/common';
import { SpacesModule } from '@hearth/spaces';
import { ForecastService } from './forecast.service.js';
import { ForecastController } from './http/forecast.controller.js';
import { OccupancyController } from './http/occupancy.controller.js';
import { PatternsController } from './http/patterns.controller.js';
import { PatternsService } from './patterns.service.js';
import { ProfilesService } from './profiles.service.js';
import { OccupancyService } from './occupancy.service.js';
import { RollupService } from './rollup/rollup.service.js';
import { SiteModelService } from './site-model.service.js';

/** Analytics over the rollups: occupancy, density, patterns, profiles, forecasts; and the rollups themselves. */
@Module({
  imports: [SpacesModule],
  controllers: [OccupancyController, PatternsController, ForecastController],
  providers: [SiteModelService, RollupService, OccupancyService, PatternsService, ProfilesService, ForecastService],
  exports: [RollupService, SiteModelService],
})
export class InsightsModule {}
