import { Module } from '@nestjs/common';
import { SpacesModule } from '@hearth/spaces';
import { ComparisonsService } from './comparisons.service.js';
import { ForecastService } from './forecast.service.js';
import { LiveFeed } from './live-feed.service.js';
import { ComparisonsController } from './http/comparisons.controller.js';
import { ForecastController } from './http/forecast.controller.js';
import { OccupancyController } from './http/occupancy.controller.js';
import { PatternsController } from './http/patterns.controller.js';
import { PublicController } from './http/public.controller.js';
import { VisitsController } from './http/visits.controller.js';
import { AdviceController } from './advice/advice.controller.js';
import { AdviceService } from './advice/advice.service.js';
import { EvidenceService } from './advice/evidence.service.js';
import { ReportScheduleService } from './advice/report-schedule.service.js';
import { PatternsService } from './patterns.service.js';
import { PollController } from './poll/poll.controller.js';
import { PollService } from './poll/poll.service.js';
import { ProfilesService } from './profiles.service.js';
import { PublicService } from './public.service.js';
import { OccupancyService } from './occupancy.service.js';
import { AnswerCache } from './rollup-cache.js';
import { RetentionService } from './retention.service.js';
import { RollupService } from './rollup/rollup.service.js';
import { SiteModelService } from './site-model.service.js';
import { VisitsService } from './visits.service.js';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ViewerSmallCountsInterceptor } from './small-counts.js';

/** Analytics over the rollups: occupancy, density, patterns, dwell, profiles, day types, comparisons, forecasts, the public page's figures and poll; layout recommendations and the director's exports; and the rollups themselves. */

@Module({
  imports: [SpacesModule],
  controllers: [OccupancyController, PatternsController, VisitsController, ComparisonsController, ForecastController, PublicController, PollController, AdviceController],
  providers: [AnswerCache, SiteModelService, RollupService, OccupancyService, PatternsService, ProfilesService, VisitsService, ComparisonsService, ForecastService, LiveFeed, PublicService, PollService, EvidenceService, AdviceService, ReportScheduleService, RetentionService, { provide: APP_INTERCEPTOR, useClass: ViewerSmallCountsInterceptor }],
  exports: [RollupService, SiteModelService, PollService],
})
export class InsightsModule {}
