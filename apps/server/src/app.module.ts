import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { StandardSchemaValidationPipe, BadRequestException } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from '@hearth/auth';
import { HEARTH_CONFIG, type HearthConfig } from '@hearth/config';
import { dataSourceOptions } from '@hearth/database';
import { ObservabilityModule, ReadinessRegistry } from '@hearth/observability';
import { InsightsModule } from '@hearth/insights';
import { SpacesModule } from '@hearth/spaces';
import { TelemetryModule } from '@hearth/telemetry';
import { DataSource } from 'typeorm';
import { DemoService } from './demo/demo.service.js';
import { HearthExceptionFilter } from './hearth-exception.filter.js';
import { loggerOptions } from './logging.js';

export interface RuntimeConfig {
  config: HearthConfig;
  databaseUrl: string;
  brokerUrl: string;
}

class DatabaseReadiness {
  constructor(dataSource: DataSource, readiness: ReadinessRegistry) {
    readiness.register({
      name: 'database',
      check: async () => {
        await dataSource.query('SELECT 1');
        return { ok: true };
      },
    });
  }
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, brokerUrl }: RuntimeConfig): DynamicModule {
    const api = config.role !== 'ingest';
    const ingest = config.role !== 'api';
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot(loggerOptions(config)),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl, config.database.poolSize), retryAttempts: 3, retryDelay: 1000 }),
        ObservabilityModule.forRoot({ metricsEnabled: config.metricsEnabled }),
        AuthModule,
        ...(api ? [SpacesModule, InsightsModule] : []),
        TelemetryModule.forRoot({ api, ingest, brokerUrl, databaseUrl }),
      ],
      providers: [
        { provide: HEARTH_CONFIG, useValue: config },
        { provide: APP_FILTER, useClass: HearthExceptionFilter },
        {
          provide: APP_PIPE,
          useValue: new StandardSchemaValidationPipe({
            exceptionFactory: (issues) =>
              new BadRequestException({
                statusCode: 400,
                error: 'INVALID_INPUT',
                message: 'the request is not valid',
                issues: issues.map((i) => ({ field: (i.path ?? []).map((p) => (typeof p === 'object' ? String(p.key) : String(p))).join('.'), message: i.message })),
              }),
          }),
        },
        { provide: DatabaseReadiness, useFactory: (ds: DataSource, r: ReadinessRegistry) => new DatabaseReadiness(ds, r), inject: [DataSource, ReadinessRegistry] },
        ...(config.demo.enabled && api ? [DemoService] : []),
      ],
      exports: [HEARTH_CONFIG],
      global: true,
    };
  }
}
