import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeviceTokensService } from './device-tokens.service.js';
import { IngestController } from './http/ingest.controller.js';
import { EventsService } from './events.service.js';
import { EventsController } from './http/events.controller.js';
import { HistoryController } from './http/history.controller.js';
import { IngestPipeline } from './ingest/ingest-pipeline.js';
import { MqttIngestService } from './ingest/mqtt-ingest.service.js';
import { RawEventWriter } from './raw-event.writer.js';
import { dataSourceClient } from './sql-client.js';
import { BROKER_URL, DATABASE_URL } from './tokens.js';

/** Readings: how they come in (MQTT, HTTP), how they are stored, and how they are read back. */
@Module({})
export class TelemetryModule {
  static forRoot(opts: { ingest: boolean; api: boolean; brokerUrl: string; databaseUrl: string }): DynamicModule {
    const providers: Provider[] = [
      { provide: RawEventWriter, useFactory: (dataSource: DataSource) => new RawEventWriter(dataSourceClient(dataSource)), inject: [DataSource] },
      IngestPipeline,
      EventsService,
      DeviceTokensService,
      { provide: BROKER_URL, useValue: opts.brokerUrl },
      { provide: DATABASE_URL, useValue: opts.databaseUrl },
    ];
    if (opts.ingest) providers.push(MqttIngestService);
    return {
      module: TelemetryModule,
      controllers: opts.api ? [EventsController, IngestController, HistoryController] : [],
      providers,
      exports: [RawEventWriter, IngestPipeline],
    };
  }
}
