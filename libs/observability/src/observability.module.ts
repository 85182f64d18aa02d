import { Global, Module, type DynamicModule } from '@nestjs/common';
import { HealthController, MetricsController } from './health.controller.js';
import { MetricsService } from './metrics.service.js';
import { ReadinessRegistry } from './readiness.js';

/** Health, readiness and metrics; global so any module can register a check or count something. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(opts: { metricsEnabled: boolean }): DynamicModule {
    return {
      module: ObservabilityModule,
      controllers: opts.metricsEnabled ? [HealthController, MetricsController] : [HealthController],
      providers: [MetricsService, ReadinessRegistry],
      exports: [MetricsService, ReadinessRegistry],
    };
  }
}
